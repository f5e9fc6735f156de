"""The v1 routes. UUIDs in every URL; the nested routes resolve their household first."""

from rest_framework.routers import DefaultRouter

from zicht.access.api import DisclosureViewSet, EmergencyAccessViewSet, SharingOverrideViewSet
from zicht.consent.api import ConsentViewSet
from zicht.contacts.api import ContactViewSet
from zicht.directory.api import MunicipalityViewSet, OrganisationViewSet
from zicht.households.api import HouseholdViewSet
from zicht.trajectories.api import TrajectoryViewSet

router = DefaultRouter(use_regex_path=False)
router.include_format_suffixes = False

HOUSEHOLD = "households/<uuid:household_uuid>"

router.register("households", HouseholdViewSet, basename="household")
router.register(f"{HOUSEHOLD}/contacts", ContactViewSet, basename="household-contacts")
router.register(f"{HOUSEHOLD}/consents", ConsentViewSet, basename="household-consents")
router.register(f"{HOUSEHOLD}/disclosures", DisclosureViewSet, basename="household-disclosures")
router.register(f"{HOUSEHOLD}/sharing", SharingOverrideViewSet, basename="household-sharing")
router.register("emergency-access", EmergencyAccessViewSet, basename="emergency-access")
# invitation/, departure/, coordinator/ and close/ under the household.
router.register(HOUSEHOLD, TrajectoryViewSet, basename="household-trajectory")
router.register("organisations", OrganisationViewSet, basename="organisation")
router.register("municipalities", MunicipalityViewSet, basename="municipality")
