"""Moves (verhuizing, warme overdracht) over the API."""

from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from zicht.accounts.models import User
from zicht.consent.models import ConsentMethod
from zicht.directory.api import (
    ActorMixin,
    MunicipalityRefSerializer,
    OrganisationRefSerializer,
    ProfessionalRefSerializer,
)
from zicht.directory.models import Organisation, OrganisationKind
from zicht.households.api import HouseholdScopedMixin
from zicht.households.services import household_read
from zicht.moves import services
from zicht.moves.forms import HANDOVER_CATEGORIES
from zicht.moves.models import Move
from zicht.moves.selectors import incoming_moves, move_for


class NewAddressSerializer(serializers.Serializer):
    """The address in the new municipality: written, never answered."""

    street = serializers.CharField(max_length=200)
    postcode = serializers.CharField(max_length=10)
    city = serializers.CharField(max_length=100)
    is_secret = serializers.BooleanField(default=False)

    def to_new_address(self, data: dict) -> services.NewAddress:
        return services.NewAddress(data["street"], data["postcode"], data["city"],
                                   data["is_secret"])


class HandoverConsentSerializer(serializers.Serializer):
    """The client's consent for the handover, when it was not recorded before."""

    method = serializers.ChoiceField(choices=ConsentMethod.choices)
    categories = serializers.ListField(
        child=serializers.ChoiceField(choices=HANDOVER_CATEGORIES),
        required=False, default=list)


class MoveSerializer(serializers.ModelSerializer):
    reference = serializers.CharField(source="trajectory.household.reference", read_only=True)
    from_municipality = MunicipalityRefSerializer()
    to_municipality = MunicipalityRefSerializer()
    from_organisation = OrganisationRefSerializer()
    to_organisation = OrganisationRefSerializer()
    to_supporter = ProfessionalRefSerializer(allow_null=True)
    has_new_address = serializers.BooleanField(
        read_only=True, help_text="Whether the new address was given at the request (the "
                                  "address itself is never in an answer).")
    summary = serializers.JSONField(
        help_text="Taken at the request; categories without the client's consent are left "
                  "out and listed under 'excluded'.")

    class Meta:
        model = Move
        fields = ["uuid", "reference", "state", "from_municipality", "from_organisation",
                  "to_municipality", "to_organisation", "to_supporter", "moving_date",
                  "has_new_address", "meeting_at", "meeting_place", "summary",
                  "requested_at"]


class MoveInputSerializer(serializers.Serializer):
    to_organisation = serializers.SlugRelatedField(
        slug_field="uuid", queryset=Organisation.objects.filter(
            kind=OrganisationKind.MUNICIPALITY_TEAM).select_related("municipality"))
    to_supporter = serializers.SlugRelatedField(slug_field="uuid", queryset=User.objects.all(),
                                                allow_null=True, default=None)
    moving_date = serializers.DateField()
    meeting_at = serializers.DateTimeField()
    meeting_place = serializers.CharField(max_length=200, required=False, default="",
                                          allow_blank=True)
    new_address = NewAddressSerializer(required=False, default=None, allow_null=True)
    consent = HandoverConsentSerializer(
        required=False, default=None, allow_null=True,
        help_text="Required when the client's consent for the handover is not recorded yet.")


class MoveAcceptSerializer(serializers.Serializer):
    new_address = NewAddressSerializer(
        required=False, default=None, allow_null=True,
        help_text="Required when the request did not give the new address.")


class MoveAnswerSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=500, required=False, default="", allow_blank=True)


@extend_schema(tags=["moves"])
class HouseholdMoveViewSet(HouseholdScopedMixin, viewsets.GenericViewSet):
    serializer_class = MoveSerializer
    queryset = Move.objects.none()
    pagination_class = None

    def list(self, request: Request, household_uuid: str) -> Response:
        household_read(actor=self.actor, household=self.household, record_type="moves")
        moves = Move.objects.filter(trajectory__household=self.household).select_related(
            "trajectory__household", "from_municipality", "to_municipality",
            "from_organisation", "to_organisation", "to_supporter")
        return Response(MoveSerializer(moves, many=True).data)

    @extend_schema(request=MoveInputSerializer, responses={201: MoveSerializer})
    def create(self, request: Request, household_uuid: str) -> Response:
        """Start the warm handover to the supporter of the new municipality."""
        data = self.validated(MoveInputSerializer)
        address, consent = data.pop("new_address"), data.pop("consent")
        move = services.move_request(
            actor=self.actor, trajectory=self.get_trajectory(), **data,
            new_address=NewAddressSerializer().to_new_address(address) if address else None,
            consent=services.HandoverConsent(consent["method"], tuple(consent["categories"]))
            if consent else None)
        return Response(MoveSerializer(move).data, status=status.HTTP_201_CREATED)


@extend_schema(tags=["moves"])
class MoveViewSet(ActorMixin, viewsets.GenericViewSet):
    """Moves the actor may see: incoming to their team (until answered), or about a
    household their organisation is involved with. Anything else answers 404."""

    serializer_class = MoveSerializer
    queryset = Move.objects.none()
    lookup_field = "uuid"
    lookup_value_converter = "uuid"

    @extend_schema(responses=MoveSerializer(many=True))
    def list(self, request: Request) -> Response:
        """Households moving to the actor's team ("in overdracht"), a page at a time."""
        page = self.paginate_queryset(incoming_moves(self.actor).select_related(
            "from_organisation", "to_municipality", "to_organisation", "to_supporter")
            .order_by("requested_at", "id"))
        return self.get_paginated_response(MoveSerializer(page, many=True).data)

    def retrieve(self, request: Request, uuid: str) -> Response:
        move = move_for(self.actor, uuid)
        services.move_summary_read(actor=self.actor, move=move)
        return Response(MoveSerializer(move).data)

    def _answer(self, act, uuid: str, **kwargs) -> Response:
        move = move_for(self.actor, uuid)
        if kwargs:
            data = MoveAnswerSerializer(data=self.request.data)
            data.is_valid(raise_exception=True)
            kwargs = data.validated_data
        move = act(actor=self.actor, move=move, **kwargs)
        return Response(MoveSerializer(move).data)

    @extend_schema(request=MoveAcceptSerializer, responses=MoveSerializer)
    @action(detail=True, methods=["post"])
    def accept(self, request: Request, uuid: str) -> Response:
        """The receiving supporter accepts: the household, its address and its trajectory
        move to the new municipality, with its open work."""
        move = move_for(self.actor, uuid)
        data = MoveAcceptSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        address = data.validated_data["new_address"]
        move = services.move_accept(
            actor=self.actor, move=move,
            new_address=NewAddressSerializer().to_new_address(address) if address else None)
        return Response(MoveSerializer(move).data)

    @extend_schema(request=MoveAnswerSerializer, responses=MoveSerializer)
    @action(detail=True, methods=["post"])
    def decline(self, request: Request, uuid: str) -> Response:
        return self._answer(services.move_decline, uuid, reason="")

    @extend_schema(request=MoveAnswerSerializer, responses=MoveSerializer)
    @action(detail=True, methods=["post"])
    def withdraw(self, request: Request, uuid: str) -> Response:
        return self._answer(services.move_withdraw, uuid, reason="")
