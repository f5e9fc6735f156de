"""The network of the Noord-Holland Noord region of tests/conftest.py, and a stranger from
another region (Flevoland) who must see none of it."""

from datetime import timedelta

import pytest
from django.utils import timezone

from tests.conftest import _member, as_actor
from tests.factories import MunicipalityFactory, OrganisationFactory, RegionFactory
from zicht.network.services import agreement_create, meeting_plan


@pytest.fixture
def stranger(db):
    """A supporter in Almere, in another region."""
    flevoland = RegionFactory(name="Flevoland")
    almere = MunicipalityFactory(name="Almere", cbs_code="GM0034", region=flevoland)
    team = OrganisationFactory(name="Wijkteam Almere", kind="municipality_team",
                               region=flevoland, municipality=almere)
    return _member("sofie.elders", team, "supporter")


@pytest.fixture
def stranger_policy(stranger):
    team = stranger.memberships.get().organisation
    return _member("pieter.elders", team, "policy")


@pytest.fixture
def network(supporter, colleague, shelter_worker, vt_worker, team_lead, outsider,
            school_partner, policy):
    """Everyone of the region's organisations: the network plus a school partner."""
    return {"supporter": supporter, "shelter_worker": shelter_worker, "vt_worker": vt_worker}


@pytest.fixture
def planned(network, policy):
    """A meeting next month, planned by the Alkmaar policy officer (the regional
    coordinator, projectleider in seed 002)."""
    starts = timezone.now().replace(microsecond=0) + timedelta(days=30)
    return meeting_plan(actor=as_actor(policy), theme="Veiligheidsplan bij vertrek",
                        starts_at=starts, ends_at=starts + timedelta(hours=2),
                        place="Stadhuis Alkmaar, zaal 3")


@pytest.fixture
def held(network, policy):
    """A meeting that took place yesterday."""
    starts = timezone.now().replace(microsecond=0) - timedelta(days=1)
    return meeting_plan(actor=as_actor(policy), theme="Terugkoppeling door Veilig Thuis",
                        starts_at=starts, ends_at=starts + timedelta(hours=2),
                        link="https://meet.example.org/netwerk")


@pytest.fixture
def agreement(policy, shelter, alkmaar_team, veilig_thuis, alkmaar):
    today = timezone.localdate()
    return agreement_create(actor=as_actor(policy), title="Warme overdracht bij vertrek",
                            parties=[shelter, alkmaar_team, veilig_thuis],
                            starts_on=today - timedelta(days=200),
                            review_on=today + timedelta(days=20), municipality=alkmaar)


PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


# --- The self-scan (issue 16, point 4) -----------------------------------------------------

#: Three more municipalities of Noord-Holland Noord, with their policy officer: with Alkmaar
#: and Hoorn five, the small-cell minimum of the evaluation.
MORE_MUNICIPALITIES = [("Den Helder", "GM0400", "dirk.beleid"),
                       ("Schagen", "GM0441", "sara.beleid"),
                       ("Heiloo", "GM0399", "hans.beleid")]


def complete_scan(user, *, value: int = 3, held_on=None, partners=(), shared: bool = False):
    """A self-scan of the user's municipality, every question answered ``value``, completed."""
    from zicht.network.models import SelfScanQuestion
    from zicht.network.selfscan_services import (
        selfscan_answer,
        selfscan_complete,
        selfscan_share,
        selfscan_start,
    )

    actor = as_actor(user)
    scan = selfscan_start(actor=actor, held_on=held_on or timezone.localdate(),
                          partners=list(partners))
    selfscan_answer(actor=actor, scan=scan, answers={
        q.key: (value, "") for q in SelfScanQuestion.objects.filter(
            theme__framework_id=scan.framework_id)})
    selfscan_complete(actor=actor, scan=scan)
    if shared:
        selfscan_share(actor=actor, scan=scan, shared=True)
    return scan


def more_policy_officers(region) -> list:
    """The policy officers of three more municipalities of the region."""
    people = []
    for name, code, username in MORE_MUNICIPALITIES:
        municipality = MunicipalityFactory(name=name, cbs_code=code, region=region)
        team = OrganisationFactory(name=f"Sociaal Team {name}", kind="municipality_team",
                                   region=region, municipality=municipality)
        people.append(_member(username, team, "policy"))
    return people
