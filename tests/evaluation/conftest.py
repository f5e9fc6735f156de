"""A small hand-built region with known answers for every indicator's definition.

Today is 1 July 2026; the period is the first half of 2026. Alkmaar has nine
trajectories (T1–T9 below), Hoorn one (T7). Built directly with the models, because
the services would stamp today's date on registrations, phases and contacts.
"""

import itertools
from datetime import date, datetime, time

import pytest
from django.utils import timezone

from tests.conftest import _member
from tests.factories import OrganisationFactory
from zicht.contacts.models import ContactKind, ContactMoment
from zicht.households.models import Household
from zicht.trajectories.models import CoordinatorAssignment, Phase, PhaseChange, Trajectory
from zicht.trajectories.services import add_months

TODAY = date(2026, 7, 1)
START, END = date(2026, 1, 1), date(2026, 6, 30)
_refs = itertools.count(1)


def aware(day: date):
    return timezone.make_aware(datetime.combine(day, time(12)))


@pytest.fixture
def today(time_machine):
    time_machine.move_to(aware(TODAY), tick=False)
    return TODAY


def make_policy_officer(municipality, username="bea.beleid"):
    """A policy officer (beleidsmedewerker) of the municipality."""
    team = OrganisationFactory(name=f"Gemeente {municipality.name}, beleid",
                               kind="municipality_team", region=municipality.region,
                               municipality=municipality)
    return _member(username, team, "policy")


@pytest.fixture
def policy(alkmaar):
    return make_policy_officer(alkmaar)


@pytest.fixture
def hoorn_policy(hoorn):
    team = OrganisationFactory(name="Gemeente Hoorn, beleid", kind="municipality_team",
                               region=hoorn.region, municipality=hoorn)
    return _member("henk.beleid", team, "policy")


class Builder:
    def __init__(self, shelter, team, user):
        self.shelter, self.team, self.user = shelter, team, user

    def trajectory(self, municipality, *, registered: date, departed: date | None = None,
                   closed: date | None = None, reason: str = "", team=None) -> Trajectory:
        household = Household.objects.create(reference=f"ZH-T{next(_refs)}")
        phase = Phase.CLOSED if closed else Phase.FOLLOW_UP if departed else Phase.REGISTERED
        trajectory = Trajectory.objects.create(
            household=household, shelter=self.shelter, destination_municipality=municipality,
            supporter_organisation=team or self.team, phase=phase, departure_date=departed,
            planned_end=add_months(departed, 12) if departed else None, closed_on=closed,
            closed_reason=reason)
        Trajectory.objects.filter(pk=trajectory.pk).update(created_at=aware(registered))
        previous = ""
        for to, day in ((Phase.REGISTERED, registered), (Phase.FOLLOW_UP, departed),
                        (Phase.CLOSED, closed)):
            if day:
                change = PhaseChange.objects.create(trajectory=trajectory, from_phase=previous,
                                                    to_phase=to, by=self.user)
                PhaseChange.objects.filter(pk=change.pk).update(at=aware(day))
                previous = to
        return trajectory

    def contact(self, trajectory, held_on: date, *, reached=True,
                kind=ContactKind.FOLLOW_UP) -> None:
        ContactMoment.objects.create(trajectory=trajectory, kind=kind, held_on=held_on,
                                     channel="phone", reached=reached, recorded_by=self.user,
                                     organisation=self.team)

    def coordinator(self, trajectory, organisation, start: date, end: date | None = None):
        CoordinatorAssignment.objects.create(
            trajectory=trajectory, organisation=organisation, started_at=aware(start),
            ended_at=aware(end) if end else None, assigned_by=self.user)


@pytest.fixture
def build(shelter, alkmaar_team, shelter_worker):
    return Builder(shelter, alkmaar_team, shelter_worker)


@pytest.fixture
def pilot(db, today, build, alkmaar, hoorn, hoorn_team, shelter, alkmaar_team):
    """The hand-built data set. Expected answers are in the tests that use it."""
    t = {}
    d = date
    t[1] = build.trajectory(alkmaar, registered=d(2025, 12, 1), departed=d(2026, 1, 10))
    build.contact(t[1], d(2026, 1, 5), kind=ContactKind.INTRODUCTION)
    build.contact(t[1], d(2026, 1, 15))  # 5 days after departure
    build.coordinator(t[1], shelter, d(2026, 1, 10), d(2026, 3, 1))
    build.coordinator(t[1], alkmaar_team, d(2026, 3, 1))
    t[2] = build.trajectory(alkmaar, registered=d(2026, 2, 1), departed=d(2026, 2, 10))
    build.contact(t[2], d(2026, 2, 5), kind=ContactKind.INTRODUCTION, reached=False)
    build.contact(t[2], d(2026, 2, 12), reached=False)
    build.contact(t[2], d(2026, 2, 24))  # 14 days after departure
    build.coordinator(t[2], alkmaar_team, d(2026, 2, 10))
    t[3] = build.trajectory(alkmaar, registered=d(2025, 1, 1), departed=d(2025, 3, 1),
                            closed=d(2026, 3, 1), reason="Jaar afgerond")  # 365 days
    t[4] = build.trajectory(alkmaar, registered=d(2025, 9, 1), departed=d(2025, 10, 1),
                            closed=d(2026, 2, 15), reason=" Verhuisd")  # 137 days
    t[5] = build.trajectory(alkmaar, registered=d(2026, 3, 1), closed=d(2026, 4, 1),
                            reason="Cliënt ziet af")
    t[6] = build.trajectory(alkmaar, registered=d(2025, 1, 1), departed=d(2025, 2, 1),
                            closed=d(2025, 12, 31), reason="Verhuisd")  # before the period
    t[7] = build.trajectory(hoorn, registered=d(2026, 2, 1), departed=d(2026, 3, 1),
                            team=hoorn_team)
    t[8] = build.trajectory(alkmaar, registered=d(2026, 5, 1))
    t[9] = build.trajectory(alkmaar, registered=d(2025, 11, 1), departed=d(2025, 12, 1))
    build.coordinator(t[9], alkmaar_team, d(2025, 12, 1), d(2026, 5, 1))  # none since
    return t
