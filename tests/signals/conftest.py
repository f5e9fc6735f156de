"""Personas and helpers for the signals tests (issue 4), beside those of ``tests/conftest.py``.

- ``team_lead`` leads the Alkmaar team: overdue signals escalate to them.
- ``vt_worker`` works at Veilig Thuis Noord-Holland Noord; ``other_vt_worker`` elsewhere.
- ``connected_school`` is the school partner after the coordinator connected the school.
"""

import pytest
from django.utils import timezone

from tests.conftest import _member, as_actor
from tests.factories import OrganisationFactory
from zicht.signals import reports, services
from zicht.signals.models import Step, Urgency


@pytest.fixture
def other_vt_worker(region):
    other = OrganisationFactory(name="Veilig Thuis Flevoland", kind="veilig_thuis",
                                region=region)
    return _member("vera.flevoland", other, "veilig_thuis")


@pytest.fixture
def connected_school(household, supporter, school, school_partner):
    services.partner_connect(actor=as_actor(supporter), household=household, organisation=school)
    return school_partner


def a_signal(household, reporter, urgency=Urgency.NOT_ACUTE, observed="Noor was erg bang."):
    return services.signal_report(actor=as_actor(reporter), household=household,
                                  urgency=urgency, about="child", observed=observed,
                                  observed_on=timezone.localdate())


def walk_to_weighing(signal, coordinator):
    actor = as_actor(coordinator)
    services.signal_step(actor=actor, signal=signal, to_step=Step.MAPPED, notes="In kaart.")
    services.signal_step(actor=actor, signal=signal, to_step=Step.CONSULTED,
                         notes="Met collega besproken.")
    services.signal_step(actor=actor, signal=signal, to_step=Step.TALKED,
                         talk_skipped_reason="Pleger is vaak aanwezig; praten is onveilig.")


@pytest.fixture
def sent_report(household, connected_school, supporter, veilig_thuis):
    signal = a_signal(household, connected_school)
    actor = as_actor(supporter)
    report = reports.report_draft(actor=actor, household=household, veilig_thuis=veilig_thuis,
                                   signal=signal)
    reports.report_update(actor=actor, report=report,
                           content={"done": "Gesprek met school."}, include_address=False)
    return reports.report_send(actor=actor, report=report)


