"""Stagnations over the API: the household's register, and the municipality's overview."""

from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.request import Request
from rest_framework.response import Response

from zicht.audit.models import AccessAction
from zicht.audit.services import access_log, access_log_list
from zicht.directory.api import ActorMixin, OrganisationRefSerializer
from zicht.directory.models import Organisation
from zicht.households.api import HouseholdScopedMixin
from zicht.households.selectors import visible_households
from zicht.households.services import household_read
from zicht.plans.models import LifeDomain
from zicht.stagnations import services
from zicht.stagnations.models import Provision, Stagnation, Tried
from zicht.stagnations.selectors import (
    AGE_BANDS,
    age_in_days,
    household_stagnations,
    municipality_counts,
    municipality_overview,
    stagnation_for,
)


class StagnationSerializer(serializers.ModelSerializer):
    household = serializers.UUIDField(source="household.uuid", read_only=True)
    stuck_organisation = OrganisationRefSerializer(read_only=True, allow_null=True)
    tried = serializers.ListField(child=serializers.ChoiceField(Tried.choices), read_only=True)
    reference = serializers.CharField(source="household.reference", read_only=True)
    age_days = serializers.SerializerMethodField()

    class Meta:
        model = Stagnation
        fields = ["uuid", "household", "reference", "domain", "what", "since", "must_act",
                  "rung", "deadline", "age_days", "resolved_on", "resolution", "provision",
                  "stuck_organisation", "tried", "for_municipality"]

    def get_age_days(self, stagnation: Stagnation) -> int:
        return age_in_days(stagnation, timezone.localdate())


class StagnationInputSerializer(serializers.Serializer):
    domain = serializers.ChoiceField(LifeDomain.choices)
    what = serializers.CharField(max_length=500)
    since = serializers.DateField()
    must_act = serializers.CharField(max_length=200)


class MunicipalityStagnationSerializer(StagnationSerializer):
    """What the municipality's contact with doorzettingsmacht reads: not ``what`` nor
    ``must_act``, the coordinator's own words, but the fields chosen and the text written
    for the municipality at escalation."""

    class Meta(StagnationSerializer.Meta):
        fields = ["uuid", "reference", "domain", "since", "provision", "stuck_organisation",
                  "tried", "for_municipality", "rung", "deadline", "age_days", "resolved_on",
                  "resolution"]


class StagnationCountSerializer(serializers.Serializer):
    """Open stagnations of one domain in the municipality: counts only."""

    domain = serializers.ChoiceField(LifeDomain.choices)
    total = serializers.IntegerField()
    escalated = serializers.IntegerField(help_text="Escalated to the municipality.")
    by_age = serializers.ListField(
        child=serializers.IntegerField(),
        help_text="Counts per age band in days since the stagnation began: "
                  + ", ".join(f"{low}-{high}" if high else f"{low}+"
                              for low, high in AGE_BANDS))


class EscalateSerializer(serializers.Serializer):
    provision = serializers.ChoiceField(Provision.choices)
    stuck_organisation = serializers.SlugRelatedField(
        slug_field="uuid", queryset=Organisation.objects.all(), required=False,
        allow_null=True, default=None,
        help_text="The organisation that is stuck, when it is in the directory.")
    tried = serializers.ListField(child=serializers.ChoiceField(Tried.choices),
                                  allow_empty=False)
    note = serializers.CharField(max_length=500,
                                 help_text="For the municipality: what is stuck and what was "
                                           "tried, without names.")


class ResolveSerializer(serializers.Serializer):
    resolution = serializers.CharField(max_length=500)


@extend_schema(tags=["stagnations"])
class HouseholdStagnationViewSet(HouseholdScopedMixin, mixins.ListModelMixin,
                                 viewsets.GenericViewSet):
    """The household's stagnation register."""

    serializer_class = StagnationSerializer
    queryset = Stagnation.objects.none()
    pagination_class = None

    def get_queryset(self):
        return household_stagnations(self.household).select_related("household")

    def list(self, request: Request, *args, **kwargs) -> Response:
        household_read(actor=self.actor, household=self.household, record_type="stagnations")
        return super().list(request, *args, **kwargs)

    @extend_schema(request=StagnationInputSerializer, responses={201: StagnationSerializer})
    def create(self, request: Request, household_uuid: str) -> Response:
        data = self.validated(StagnationInputSerializer)
        stagnation = services.stagnation_record(actor=self.actor, household=self.household,
                                                **data)
        return Response(StagnationSerializer(stagnation).data, status=status.HTTP_201_CREATED)


@extend_schema(tags=["stagnations"])
class StagnationViewSet(ActorMixin, viewsets.GenericViewSet):
    """A stagnation, by its own id: for the involved and for the municipality's contact
    with doorzettingsmacht. The list is that municipality's open stagnations."""

    serializer_class = StagnationSerializer
    queryset = Stagnation.objects.none()
    lookup_field = "uuid"
    lookup_value_converter = "uuid"

    @extend_schema(responses=MunicipalityStagnationSerializer(many=True))
    def list(self, request: Request) -> Response:
        """The stagnations escalated to the municipality, open: for its contact with
        doorzettingsmacht only (other policy staff: ``counts``)."""
        org = self.actor.organisation
        if org is None or not services.holds_doorzettingsmacht(self.actor,
                                                               org.municipality_id):
            raise PermissionDenied
        page = self.paginate_queryset(municipality_overview(self.actor))
        if page:  # one entry naming the households of this page, as the page does
            access_log_list(actor=self.actor, action=AccessAction.LIST,
                            record_type="stagnation_overview",
                            households=[s.household for s in page])
        return self.get_paginated_response(MunicipalityStagnationSerializer(page,
                                                                            many=True).data)

    @extend_schema(responses=StagnationCountSerializer(many=True))
    @action(detail=False, methods=["get"], pagination_class=None)
    def counts(self, request: Request) -> Response:
        """Open stagnations in the municipality per domain and age: counts, no household.
        For its policy staff and team leads."""
        org = self.actor.organisation
        if org is None or not services.sees_stagnation_counts(self.actor, org.municipality_id):
            raise PermissionDenied
        counts = municipality_counts(self.actor, timezone.localdate())
        access_log(actor=self.actor, action=AccessAction.READ, record_type="stagnation_counts")
        return Response(StagnationCountSerializer(counts, many=True).data)

    def serializer_for(self, stagnation: Stagnation) -> StagnationSerializer:
        involved = visible_households(
            self.actor, among=[stagnation.household_id]).exists()
        return (StagnationSerializer if involved else MunicipalityStagnationSerializer)(
            stagnation)

    @extend_schema(responses=StagnationSerializer)
    def retrieve(self, request: Request, uuid: str) -> Response:
        return Response(self.serializer_for(stagnation_for(self.actor, uuid)).data)

    @extend_schema(request=EscalateSerializer, responses=StagnationSerializer)
    @action(detail=True, methods=["post"])
    def escalate(self, request: Request, uuid: str) -> Response:
        stagnation = stagnation_for(self.actor, uuid)
        data = EscalateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.stagnation_escalate(actor=self.actor, stagnation=stagnation, **data.validated_data)
        return Response(self.serializer_for(stagnation).data)

    @extend_schema(request=ResolveSerializer, responses=StagnationSerializer)
    @action(detail=True, methods=["post"])
    def resolve(self, request: Request, uuid: str) -> Response:
        stagnation = stagnation_for(self.actor, uuid)
        data = ResolveSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.stagnation_resolve(actor=self.actor, stagnation=stagnation, **data.validated_data)
        return Response(self.serializer_for(stagnation).data)
