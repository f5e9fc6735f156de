"""Safety over the API, under the same rules as the pages (see ``zicht.safety.views``).

- ``households/{uuid}/safety-plan/``, ``risk-assessments/``, ``police-alerts/``: involved
  care professionals; others 404.

Signals, partners and reports to Veilig Thuis are in ``zicht.signals.api``.
"""

from typing import Any

from django.http import Http404
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status, viewsets
from rest_framework.request import Request
from rest_framework.response import Response

from zicht.directory.api import OrganisationRefSerializer, ProfessionalRefSerializer
from zicht.households.api import HouseholdScopedMixin
from zicht.households.services import household_read
from zicht.safety import services
from zicht.safety.models import (
    AssessmentMoment,
    PoliceAlert,
    RiskAssessment,
    RiskInstrument,
    SafetyPlanVersion,
)

# --- Serializers ------------------------------------------------------------------------


class SafetyPlanVersionSerializer(serializers.ModelSerializer):
    changed_by = ProfessionalRefSerializer(read_only=True)
    organisation = OrganisationRefSerializer(read_only=True)
    difference = serializers.SerializerMethodField(
        help_text="What changed against the previous version: lines starting with '-' "
                  "were removed, '+' added.")

    class Meta:
        model = SafetyPlanVersion
        fields = ["uuid", "number", *SafetyPlanVersion.TEXT_FIELDS,
                  *SafetyPlanVersion.MEASURE_FIELDS, "next_review_on", "change_note",
                  "changed_by", "organisation", "changed_at", "difference"]
        read_only_fields = ["uuid", "number", "changed_at"]

    def get_difference(self, version: SafetyPlanVersion) -> list[str]:
        previous = self.context.get("previous", {}).get(version.pk)
        return services.plan_difference(previous, version)


class RiskAssessmentSerializer(serializers.ModelSerializer):
    instrument = serializers.SlugRelatedField(slug_field="slug",
                                              queryset=RiskInstrument.objects.all())
    moment = serializers.ChoiceField(choices=AssessmentMoment.choices)
    present = serializers.ListField(child=serializers.CharField(), write_only=True,
                                    help_text="Codes of the items that are present.")

    class Meta:
        model = RiskAssessment
        fields = ["uuid", "instrument", "moment", "assessed_on", "present", "score", "level",
                  "advice", "created_at"]
        read_only_fields = ["uuid", "score", "level", "advice", "created_at"]


class PoliceAlertSerializer(serializers.ModelSerializer):
    class Meta:
        model = PoliceAlert
        fields = ["uuid", "called_at", "what_was_done", "recorded_at"]
        read_only_fields = ["uuid", "recorded_at"]


# --- Household-scoped viewsets ----------------------------------------------------------


class CareScopedMixin(HouseholdScopedMixin):
    """Household routes for the care professionals involved; everyone else gets 404."""

    def initial(self, request: Request, *args: Any, **kwargs: Any) -> None:
        super().initial(request, *args, **kwargs)
        if not self.actor.has_role(*services.CARE_ROLES):
            raise Http404


@extend_schema(tags=["safety"])
class SafetyPlanViewSet(CareScopedMixin, viewsets.GenericViewSet):
    """The safety plan's versions, newest first, each with its difference to the previous."""

    queryset = SafetyPlanVersion.objects.none()
    serializer_class = SafetyPlanVersionSerializer

    def list(self, request: Request, household_uuid: str) -> Response:
        versions = self.paginate_queryset(
            SafetyPlanVersion.objects.filter(plan__household=self.household)
            .select_related("changed_by", "organisation"))
        # The page's last version is compared with the one before it, which may be on the
        # next page.
        older = SafetyPlanVersion.objects.filter(
            plan__household=self.household, number=versions[-1].number - 1,
        ).first() if versions else None
        previous = {v.pk: versions[i + 1] if i + 1 < len(versions) else older
                    for i, v in enumerate(versions)}
        household_read(actor=self.actor, household=self.household, record_type="safety_plan")
        return self.get_paginated_response(SafetyPlanVersionSerializer(
            versions, many=True, context={"previous": previous}).data)

    def create(self, request: Request, household_uuid: str) -> Response:
        """Record a new version (the plan is never edited in place)."""
        data = dict(self.validated(SafetyPlanVersionSerializer))
        note = data.pop("change_note", "")
        version = services.safety_plan_save(actor=self.actor, household=self.household,
                                            data=data, change_note=note)
        previous = version.plan.versions.filter(number=version.number - 1).first()
        return Response(SafetyPlanVersionSerializer(
            version, context={"previous": {version.pk: previous}}).data,
            status=status.HTTP_201_CREATED)


@extend_schema(tags=["safety"])
class RiskAssessmentViewSet(CareScopedMixin, viewsets.GenericViewSet):
    """Risk assessments, oldest first: the trend of the score."""

    queryset = RiskAssessment.objects.none()
    serializer_class = RiskAssessmentSerializer

    def list(self, request: Request, household_uuid: str) -> Response:
        household_read(actor=self.actor, household=self.household,
                       record_type="risk_assessment")
        page = self.paginate_queryset(self.household.risk_assessments.select_related(
            "instrument"))
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    def create(self, request: Request, household_uuid: str) -> Response:
        data = self.validated(RiskAssessmentSerializer)
        assessment = services.risk_assess(
            actor=self.actor, household=self.household, instrument=data["instrument"],
            moment=data["moment"], assessed_on=data["assessed_on"], present=set(data["present"]))
        return Response(self.get_serializer(assessment).data, status=status.HTTP_201_CREATED)


@extend_schema(tags=["safety"])
class PoliceAlertViewSet(CareScopedMixin, viewsets.GenericViewSet):
    """The police called in acute danger: when, and what was done."""

    queryset = PoliceAlert.objects.none()
    serializer_class = PoliceAlertSerializer

    def list(self, request: Request, household_uuid: str) -> Response:
        household_read(actor=self.actor, household=self.household, record_type="police_alert")
        page = self.paginate_queryset(self.household.police_alerts.all())
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    def create(self, request: Request, household_uuid: str) -> Response:
        data = self.validated(PoliceAlertSerializer)
        alert = services.police_alert_record(actor=self.actor, household=self.household,
                                             **data)
        return Response(self.get_serializer(alert).data, status=status.HTTP_201_CREATED)
