"""The v1 routes. UUIDs in every URL; the nested routes resolve their household first."""

from rest_framework.routers import DefaultRouter

from zicht.consent.api import ConsentViewSet
from zicht.contacts.api import ContactViewSet
from zicht.directory.api import MunicipalityViewSet, OrganisationViewSet
from zicht.households.api import HouseholdViewSet
from zicht.notifications.api import NotificationViewSet
from zicht.rhythm.api import RhythmViewSet
from zicht.trajectories.api import TrajectoryViewSet

router = DefaultRouter(use_regex_path=False)
router.include_format_suffixes = False

HOUSEHOLD = "households/<uuid:household_uuid>"

router.register("households", HouseholdViewSet, basename="household")
router.register(f"{HOUSEHOLD}/contacts", ContactViewSet, basename="household-contacts")
router.register(f"{HOUSEHOLD}/consents", ConsentViewSet, basename="household-consents")
router.register(f"{HOUSEHOLD}/rhythm", RhythmViewSet, basename="household-rhythm")
router.register("notifications", NotificationViewSet, basename="notification")
# invitation/, departure/, coordinator/ and close/ under the household.
router.register(HOUSEHOLD, TrajectoryViewSet, basename="household-trajectory")
router.register("organisations", OrganisationViewSet, basename="organisation")
router.register("municipalities", MunicipalityViewSet, basename="municipality")
