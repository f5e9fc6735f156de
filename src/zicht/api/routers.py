"""The v1 routes. UUIDs in every URL; the nested routes resolve their household first."""

from rest_framework.routers import DefaultRouter

from zicht.access.api import (
    CorrectionViewSet,
    DisclosureViewSet,
    EmergencyAccessViewSet,
    InzageViewSet,
    SharingOverrideViewSet,
)
from zicht.conferences.api import ConferenceViewSet
from zicht.consent.api import ConsentViewSet
from zicht.contacts.api import ContactViewSet
from zicht.directory.api import (
    DirectoryContactViewSet,
    InvitationViewSet,
    MunicipalityViewSet,
    OrganisationViewSet,
)
from zicht.evaluation.api import (
    IndicatorViewSet,
    QuestionnaireViewSet,
    SurveyInvitationViewSet,
)
from zicht.households.api import HouseholdViewSet, SearchViewSet
from zicht.moves.api import HouseholdMoveViewSet, MoveViewSet
from zicht.network.api import AgreementViewSet, MeetingViewSet
from zicht.network.selfscan_api import SelfScanViewSet
from zicht.notifications.api import NotificationViewSet
from zicht.plans.api import PlanViewSet
from zicht.rhythm.api import RhythmViewSet
from zicht.safety import api as safety
from zicht.signals import api as signals
from zicht.stagnations.api import HouseholdStagnationViewSet, StagnationViewSet
from zicht.trajectories.api import CoordinatorHandoverViewSet, TrajectoryViewSet

router = DefaultRouter(use_regex_path=False)
router.include_format_suffixes = False

HOUSEHOLD = "households/<uuid:household_uuid>"

router.register("households", HouseholdViewSet, basename="household")
router.register("search", SearchViewSet, basename="search")
router.register(f"{HOUSEHOLD}/contacts", ContactViewSet, basename="household-contacts")
router.register(f"{HOUSEHOLD}/consents", ConsentViewSet, basename="household-consents")
router.register(f"{HOUSEHOLD}/rhythm", RhythmViewSet, basename="household-rhythm")
router.register("notifications", NotificationViewSet, basename="notification")
router.register(f"{HOUSEHOLD}/safety-plan", safety.SafetyPlanViewSet, basename="safety-plan")
router.register(f"{HOUSEHOLD}/risk-assessments", safety.RiskAssessmentViewSet,
                basename="risk-assessments")
router.register(f"{HOUSEHOLD}/police-alerts", safety.PoliceAlertViewSet,
                basename="police-alerts")
router.register(f"{HOUSEHOLD}/partners", signals.PartnerViewSet, basename="partners")
router.register(f"{HOUSEHOLD}/signals", signals.SignalViewSet, basename="household-signals")
router.register(f"{HOUSEHOLD}/veilig-thuis-reports", signals.HouseholdReportViewSet,
                basename="household-reports")
router.register("signals", signals.OwnSignalViewSet, basename="own-signals")
router.register("zorg-melden", signals.ZorgMeldenViewSet, basename="zorg-melden")
router.register("veilig-thuis/reports", signals.VeiligThuisReportViewSet,
                basename="veilig-thuis-reports")
router.register(f"{HOUSEHOLD}/disclosures", DisclosureViewSet, basename="household-disclosures")
router.register(f"{HOUSEHOLD}/sharing", SharingOverrideViewSet, basename="household-sharing")
router.register(f"{HOUSEHOLD}/corrections", CorrectionViewSet,
                basename="household-corrections")
router.register(f"{HOUSEHOLD}/persons", InzageViewSet, basename="household-person")
router.register("emergency-access", EmergencyAccessViewSet, basename="emergency-access")
# invitation/, departure/, coordinator/ and close/ under the household.
router.register(HOUSEHOLD, TrajectoryViewSet, basename="household-trajectory")
router.register(f"{HOUSEHOLD}/plan", PlanViewSet, basename="household-plan")
router.register(f"{HOUSEHOLD}/conferences", ConferenceViewSet, basename="household-conferences")
router.register(f"{HOUSEHOLD}/stagnations", HouseholdStagnationViewSet,
                basename="household-stagnations")
router.register(f"{HOUSEHOLD}/moves", HouseholdMoveViewSet, basename="household-moves")
router.register("coordinator-handovers", CoordinatorHandoverViewSet,
                basename="coordinator-handover")
router.register("stagnations", StagnationViewSet, basename="stagnation")
router.register("moves", MoveViewSet, basename="move")
router.register("directory/contacts", DirectoryContactViewSet, basename="directory-contact")
router.register("organisations", OrganisationViewSet, basename="organisation")
router.register("invitations", InvitationViewSet, basename="invitation")
router.register("municipalities", MunicipalityViewSet, basename="municipality")
router.register("evaluation/indicators", IndicatorViewSet, basename="evaluation-indicators")
router.register("evaluation/questionnaires", QuestionnaireViewSet,
                basename="evaluation-questionnaires")
router.register(f"{HOUSEHOLD}/survey-invitations", SurveyInvitationViewSet,
                basename="household-survey-invitations")
router.register("network/meetings", MeetingViewSet, basename="network-meeting")
router.register("network/agreements", AgreementViewSet, basename="network-agreement")
router.register("network/selfscans", SelfScanViewSet, basename="network-selfscan")
