"""The trajectory's steps over the API, under ``/api/v1/households/{uuid}/``.

Seed 002, "Rol van vrouwenopvang" and "Rol van de ondersteuner": the shelter invites the
supporter (after consent) and records the departure; from departure on there is exactly
one coordinator (regisseur); the trajectory ends with a reason. The services hold the
phase table and the rules; these views only validate the input and call them.
"""

from datetime import date, timedelta
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from zicht.accounts.models import User
from zicht.directory.api import ActorMixin, OrganisationRefSerializer, ProfessionalRefSerializer
from zicht.directory.models import Organisation, OrganisationKind
from zicht.households.api import HouseholdScopedMixin
from zicht.households.serializers import CoordinatorAssignmentSerializer, TrajectorySerializer
from zicht.households.services import household_read
from zicht.trajectories import handovers
from zicht.trajectories.handovers import handover_propose
from zicht.trajectories.models import CloseReason, CoordinatorHandover, Trajectory
from zicht.trajectories.services import (
    departure_record,
    supporter_invite,
    trajectory_close,
)


def _by_uuid(queryset: QuerySet, **kwargs: Any) -> serializers.SlugRelatedField:
    return serializers.SlugRelatedField(slug_field="uuid", queryset=queryset, **kwargs)


def _professional_field(**kwargs: Any) -> serializers.SlugRelatedField:
    return _by_uuid(User.objects.all(), allow_null=True, default=None, **kwargs)


class InvitationSerializer(serializers.Serializer):
    supporter_organisation = _by_uuid(
        Organisation.objects.filter(kind=OrganisationKind.MUNICIPALITY_TEAM,
                                    municipality__isnull=False).select_related("municipality"),
        help_text="The team of the municipality where the client will live.")
    supporter = _professional_field(help_text="The supporter, when already known.")


class DepartureSerializer(serializers.Serializer):
    departure_date = serializers.DateField()
    shelter_aftercare_until = serializers.DateField(
        allow_null=True, default=None,
        help_text="Last day of the shelter's own aftercare; null when there is none.")
    street = serializers.CharField(max_length=200)
    postcode = serializers.CharField(max_length=7)
    city = serializers.CharField(max_length=100)
    address_is_secret = serializers.BooleanField(
        help_text="Required: whether the new address is secret. Never assumed.")
    coordinator_organisation = _by_uuid(
        Organisation.objects.all(),
        help_text="The coordinator after departure: the shelter (during its aftercare) "
                  "or the supporter's team.")
    coordinator = _professional_field(help_text="The coordinating professional, when known.")

    def validate_departure_date(self, day: date) -> date:
        if day > timezone.localdate() + timedelta(days=60):
            raise serializers.ValidationError(
                _("Vul de werkelijke of geplande vertrekdatum in."))
        return day


class CoordinatorAssignSerializer(serializers.Serializer):
    organisation = _by_uuid(Organisation.objects.exclude(kind=OrganisationKind.VEILIG_THUIS))
    professional = _professional_field()
    note = serializers.CharField(max_length=500, required=False, default="", allow_blank=True)


class CoordinatorHandoverSerializer(serializers.ModelSerializer):
    household = serializers.UUIDField(source="trajectory.household.uuid", read_only=True)
    reference = serializers.CharField(source="trajectory.household.reference", read_only=True)
    from_organisation = OrganisationRefSerializer(source="from_assignment.organisation")
    to_organisation = OrganisationRefSerializer()
    to_professional = ProfessionalRefSerializer(allow_null=True)

    class Meta:
        model = CoordinatorHandover
        fields = ["uuid", "household", "reference", "state", "from_organisation",
                  "to_organisation", "to_professional", "note", "proposed_at"]


class HandoverAnswerSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=500, required=False, default="", allow_blank=True)


@extend_schema(tags=["trajectory"])
class CoordinatorHandoverViewSet(ActorMixin, viewsets.GenericViewSet):
    """Handovers of the coordination (overdracht van de regie) the actor may see: addressed
    to their organisation, or about a household it is involved with. Others answer 404."""

    serializer_class = CoordinatorHandoverSerializer
    queryset = CoordinatorHandover.objects.none()
    lookup_field = "uuid"
    lookup_value_converter = "uuid"

    def get_object(self) -> CoordinatorHandover:
        return handovers.handover_for(self.actor, self.kwargs["uuid"])

    @extend_schema(responses=CoordinatorHandoverSerializer(many=True))
    def list(self, request: Request) -> Response:
        """Open proposals addressed to the actor's organisation."""
        page = self.paginate_queryset(handovers.incoming_handovers(self.actor))
        return self.get_paginated_response(CoordinatorHandoverSerializer(page, many=True).data)

    def retrieve(self, request: Request, uuid: str) -> Response:
        return Response(CoordinatorHandoverSerializer(self.get_object()).data)

    @extend_schema(request=None, responses=CoordinatorAssignmentSerializer)
    @action(detail=True, methods=["post"])
    def accept(self, request: Request, uuid: str) -> Response:
        """The proposed successor accepts: from now on they are the coordinator."""
        assignment = handovers.handover_accept(actor=self.actor, handover=self.get_object())
        return Response(CoordinatorAssignmentSerializer(assignment).data)

    @extend_schema(request=HandoverAnswerSerializer, responses=CoordinatorHandoverSerializer)
    @action(detail=True, methods=["post"])
    def decline(self, request: Request, uuid: str) -> Response:
        data = self.validated(HandoverAnswerSerializer)
        handover = handovers.handover_decline(actor=self.actor, handover=self.get_object(),
                                              reason=data["reason"])
        return Response(CoordinatorHandoverSerializer(handover).data)

    @extend_schema(request=HandoverAnswerSerializer, responses=CoordinatorHandoverSerializer)
    @action(detail=True, methods=["post"])
    def withdraw(self, request: Request, uuid: str) -> Response:
        data = self.validated(HandoverAnswerSerializer)
        handover = handovers.handover_withdraw(actor=self.actor, handover=self.get_object(),
                                               reason=data["reason"])
        return Response(CoordinatorHandoverSerializer(handover).data)

    def validated(self, serializer_class):
        serializer = serializer_class(data=self.request.data)
        serializer.is_valid(raise_exception=True)
        return serializer.validated_data


class CloseSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=200, required=False, allow_blank=True,
                                   default="")
    reason_code = serializers.ChoiceField(choices=CloseReason.choices,
                                          default=CloseReason.OTHER)


@extend_schema(tags=["trajectory"])
class TrajectoryViewSet(HouseholdScopedMixin, viewsets.GenericViewSet):
    """The steps of the household's current trajectory."""

    queryset = Trajectory.objects.none()  # for the schema only
    serializer_class = TrajectorySerializer

    @extend_schema(request=InvitationSerializer, responses=TrajectorySerializer)
    @action(detail=False, methods=["post"])
    def invitation(self, request: Request, household_uuid: str) -> Response:
        """The shelter invites the supporter, after the client's consent."""
        data = self.validated(InvitationSerializer)
        team = data["supporter_organisation"]
        trajectory = supporter_invite(actor=self.actor, trajectory=self.get_trajectory(),
                                      municipality=team.municipality,
                                      supporter_organisation=team,
                                      supporter=data["supporter"])
        return Response(TrajectorySerializer(trajectory).data)

    @extend_schema(request=DepartureSerializer, responses=TrajectorySerializer)
    @action(detail=False, methods=["post"])
    def departure(self, request: Request, household_uuid: str) -> Response:
        """The shelter records the departure (vertrek), the new address and the coordinator.

        The address is stored, never echoed: read it with POST .../address/.
        """
        data = self.validated(DepartureSerializer)
        trajectory = departure_record(
            actor=self.actor, trajectory=self.get_trajectory(),
            departure_date=data["departure_date"],
            shelter_aftercare_until=data["shelter_aftercare_until"],
            street=data["street"], postcode=data["postcode"], city=data["city"],
            address_is_secret=data["address_is_secret"],
            coordinator_organisation=data["coordinator_organisation"],
            coordinator=data["coordinator"],
        )
        return Response(TrajectorySerializer(trajectory).data)

    @extend_schema(methods=["GET"], responses=CoordinatorAssignmentSerializer(many=True))
    @extend_schema(methods=["POST"], request=CoordinatorAssignSerializer,
                   responses={201: CoordinatorHandoverSerializer})
    @action(detail=False, methods=["get", "post"], pagination_class=None)
    def coordinator(self, request: Request, household_uuid: str) -> Response:
        """GET: who coordinated, from when until when. POST: the current coordinator
        proposes a successor; nothing changes until the successor accepts
        (``/coordinator-handovers/{uuid}/accept/``)."""
        trajectory = self.get_trajectory()
        if request.method == "GET":
            household_read(actor=self.actor, household=self.household,
                           record_type="coordinator")
            history = trajectory.coordinator_assignments.select_related("organisation",
                                                                        "professional")
            return Response(CoordinatorAssignmentSerializer(history, many=True).data)
        data = self.validated(CoordinatorAssignSerializer)
        handover = handover_propose(actor=self.actor, trajectory=trajectory,
                                    organisation=data["organisation"],
                                    professional=data["professional"], note=data["note"])
        return Response(CoordinatorHandoverSerializer(handover).data,
                        status=status.HTTP_201_CREATED)

    @extend_schema(responses=CoordinatorHandoverSerializer(many=True))
    @action(detail=False, methods=["get"], url_path="coordinator-handovers",
            pagination_class=None)
    def coordinator_handovers(self, request: Request, household_uuid: str) -> Response:
        """The proposals to change the coordinator, and how each ended."""
        household_read(actor=self.actor, household=self.household, record_type="coordinator")
        handovers = self.get_trajectory().coordinator_handovers.select_related(
            "to_organisation", "to_professional", "from_assignment__organisation")
        return Response(CoordinatorHandoverSerializer(handovers, many=True).data)

    @extend_schema(request=CloseSerializer, responses=TrajectorySerializer)
    @action(detail=False, methods=["post"])
    def close(self, request: Request, household_uuid: str) -> Response:
        """Close the trajectory, with a reason. The organisations' involvement ends with it."""
        data = self.validated(CloseSerializer)
        trajectory = trajectory_close(actor=self.actor, trajectory=self.get_trajectory(),
                                      reason=data["reason"], reason_code=data["reason_code"])
        return Response(TrajectorySerializer(trajectory).data)
