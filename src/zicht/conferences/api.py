"""Case conferences over the API: ``/api/v1/households/{uuid}/conferences/``.

The pages' rules: an outsider gets 404 on every route, and so does a connected partner
unless the client's consent names the plan for it; a partner then lists and reads only
the conferences its organisation sat at. Only the coordinating team plans, records and
agrees conditions and actions (403 for others who see the conference).
"""

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from zicht.access.models import Category
from zicht.access.policy import Access, require
from zicht.conferences import services
from zicht.conferences.models import CaseConference
from zicht.conferences.selectors import conference_for, conferences_for
from zicht.directory.api import OrganisationRefSerializer, ProfessionalRefSerializer
from zicht.directory.models import Organisation
from zicht.households.api import HouseholdScopedMixin
from zicht.households.services import household_read
from zicht.plans.api import (
    ActionInputSerializer,
    ActionSerializer,
    ConditionReviewInputSerializer,
    SafetyConditionSerializer,
    conditions_reviewed,
)
from zicht.plans.models import SafetyCondition


class ConferenceSerializer(serializers.ModelSerializer):
    convened_by = ProfessionalRefSerializer()
    convener_organisation = OrganisationRefSerializer()
    participants = OrganisationRefSerializer(many=True)
    conditions = serializers.SerializerMethodField(
        help_text="de veiligheidsvoorwaarden die hier zijn afgesproken (in het plan)")
    actions = serializers.SerializerMethodField(
        help_text="de acties die hier zijn afgesproken (in het plan)")

    class Meta:
        model = CaseConference
        fields = ["uuid", "planned_at", "place", "state", "convened_by",
                  "convener_organisation", "participants", "others", "others_consented",
                  "agenda", "held_on", "decisions", "client_present", "client_view",
                  "conditions", "actions", "created_at"]

    @extend_schema_field(SafetyConditionSerializer(many=True))
    def get_conditions(self, conference: CaseConference) -> list[dict[str, Any]]:
        conditions = [c.condition for c in conference.agreed_conditions.all()]
        return SafetyConditionSerializer(conditions, many=True).data

    @extend_schema_field(ActionSerializer(many=True))
    def get_actions(self, conference: CaseConference) -> list[dict[str, Any]]:
        return ActionSerializer([d.action for d in conference.decided_actions.all()],
                                many=True).data


class ConferenceInputSerializer(serializers.Serializer):
    planned_at = serializers.DateTimeField()
    place = serializers.CharField(max_length=200, required=False, default="", allow_blank=True)
    participants = serializers.SlugRelatedField(
        slug_field="uuid", queryset=Organisation.objects.all(), many=True, required=False,
        default=list, help_text="betrokken organisaties; de eigen organisatie neemt altijd deel")
    others = serializers.CharField(max_length=500, required=False, default="",
                                   allow_blank=True,
                                   help_text="anderen, alleen met toestemming van de cliënt")
    others_consented = serializers.BooleanField(required=False, default=False)
    agenda = serializers.CharField(max_length=5000)


class HoldInputSerializer(serializers.Serializer):
    held_on = serializers.DateField()
    decisions = serializers.CharField(max_length=5000)
    client_view = serializers.CharField(max_length=5000, required=False, default="",
                                        allow_blank=True)
    client_present = serializers.BooleanField(required=False, allow_null=True, default=None)
    condition_reviews = ConditionReviewInputSerializer(many=True, required=False, default=list,
                                    help_text="de toets van de veiligheidsvoorwaarden die "
                                              "nog gelden")


class CancelInputSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=500)


class ConditionInputSerializer(serializers.Serializer):
    description = serializers.CharField(max_length=500)
    monitored_by = serializers.SlugRelatedField(slug_field="uuid",
                                                queryset=Organisation.objects.all())
    monitor_person = serializers.CharField(max_length=200, required=False, default="",
                                           allow_blank=True)
    how = serializers.CharField(max_length=500)


class DecisionInputSerializer(ActionInputSerializer):
    goal = None  # an action agreed at the conference hangs on no goal of the plan


@extend_schema(tags=["conferences"])
class ConferenceViewSet(HouseholdScopedMixin, viewsets.GenericViewSet):
    """The household's case conferences (casusoverleg), newest first."""

    queryset = CaseConference.objects.none()  # for the schema only
    serializer_class = ConferenceSerializer
    lookup_field = "uuid"
    lookup_url_kwarg = "conference_uuid"
    partial_access = True  # connected partners too, checked for "plan" right below
    access: Access

    def initial(self, request: Request, *args: Any, **kwargs: Any) -> None:
        super().initial(request, *args, **kwargs)
        self.access = require(self.actor, self.household, Category.PLAN)

    def get_queryset(self) -> QuerySet[CaseConference]:
        return conferences_for(self.actor, self.household, self.access).prefetch_related(
            "agreed_conditions__condition__monitored_by",
            "agreed_conditions__condition__reviews__organisation",
            "decided_actions__action__responsible_organisation", "decided_actions__action__goal")

    def get_object(self) -> CaseConference:
        return conference_for(self.actor, self.household, self.access,
                              self.kwargs["conference_uuid"])

    def _answer(self, conference: CaseConference, code: int = status.HTTP_200_OK) -> Response:
        fresh = self.get_queryset().get(pk=conference.pk)
        return Response(ConferenceSerializer(fresh).data, status=code)

    def list(self, request: Request, household_uuid: str) -> Response:
        """The household's case conferences; a partner's list holds those it sat at."""
        household_read(actor=self.actor, household=self.household, record_type="conference")
        page = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response(ConferenceSerializer(page, many=True).data)

    def retrieve(self, request: Request, household_uuid: str, conference_uuid: str) -> Response:
        """One case conference, with the conditions and actions agreed there."""
        conference = self.get_object()
        household_read(actor=self.actor, household=self.household, record_type="conference")
        return self._answer(conference)

    @extend_schema(request=ConferenceInputSerializer, responses={201: ConferenceSerializer})
    def create(self, request: Request, household_uuid: str) -> Response:
        """Plan a case conference; the coordinating team only."""
        data = self.validated(ConferenceInputSerializer)
        conference = services.conference_plan(actor=self.actor, household=self.household,
                                              **data)
        return self._answer(conference, status.HTTP_201_CREATED)

    @extend_schema(request=HoldInputSerializer, responses=ConferenceSerializer)
    @action(detail=True, methods=["post"])
    def held(self, request: Request, household_uuid: str, conference_uuid: str) -> Response:
        """Record that it was held: decisions, the client's own view, the conditions' review."""
        conference = self.get_object()
        data = dict(self.validated(HoldInputSerializer))
        reviews = conditions_reviewed(self.household, data.pop("condition_reviews"))
        conference = services.conference_hold(actor=self.actor, conference=conference,
                                              reviews=reviews, **data)
        return self._answer(conference)

    @extend_schema(request=CancelInputSerializer, responses=ConferenceSerializer)
    @action(detail=True, methods=["post"])
    def cancel(self, request: Request, household_uuid: str, conference_uuid: str) -> Response:
        """Cancel a planned case conference, with the reason."""
        conference = self.get_object()
        data = self.validated(CancelInputSerializer)
        return self._answer(services.conference_cancel(actor=self.actor,
                                                       conference=conference, **data))

    @extend_schema(request=ConditionInputSerializer,
                   responses={201: SafetyConditionSerializer})
    @action(detail=True, methods=["post"])
    def conditions(self, request: Request, household_uuid: str,
                   conference_uuid: str) -> Response:
        """Agree a veiligheidsvoorwaarde: it goes into the household's plan."""
        conference = self.get_object()
        data = self.validated(ConditionInputSerializer)
        condition = services.conference_condition_add(actor=self.actor,
                                                      conference=conference, **data)
        condition = SafetyCondition.objects.prefetch_related("reviews").get(pk=condition.pk)
        return Response(SafetyConditionSerializer(condition).data,
                        status=status.HTTP_201_CREATED)

    @extend_schema(request=DecisionInputSerializer, responses={201: ActionSerializer})
    @action(detail=True, methods=["post"])
    def actions(self, request: Request, household_uuid: str, conference_uuid: str) -> Response:
        """Agree an action: it goes into the household's plan."""
        conference = self.get_object()
        data = self.validated(DecisionInputSerializer)
        created = services.conference_action_add(actor=self.actor, conference=conference,
                                                 **data)
        return Response(ActionSerializer(created).data, status=status.HTTP_201_CREATED)
