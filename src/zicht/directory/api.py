"""The directory (sociale kaart) over the API: organisations and municipalities, read-only.

Seed 002 asks for "an overview of all supporters and shelter contact persons": systems
use it to find the team to invite. It holds no personal data: no people, no memberships.
"""

from functools import cached_property

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, serializers, viewsets
from rest_framework.authentication import SessionAuthentication
from rest_framework.exceptions import PermissionDenied
from rest_framework.request import Request
from rest_framework.response import Response

from zicht.accounts.models import User
from zicht.core.middleware import SSO_ORGANISATION
from zicht.directory.actor import Actor, actor_for
from zicht.directory.models import (
    INVITABLE_ROLES,
    Invitation,
    Membership,
    Municipality,
    Organisation,
    OrganisationKind,
    Role,
)


class OrganisationRefSerializer(serializers.ModelSerializer):
    """An organisation as it appears inside other records."""

    class Meta:
        model = Organisation
        fields = ["uuid", "name"]


class MunicipalityRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Municipality
        fields = ["uuid", "name", "cbs_code"]


class ProfessionalRefSerializer(serializers.ModelSerializer):
    """A professional (user) as it appears inside other records: a name, nothing else."""

    name = serializers.CharField(source="__str__", read_only=True)

    class Meta:
        model = User
        fields = ["uuid", "name"]


class OrganisationSerializer(serializers.ModelSerializer):
    municipality = serializers.CharField(
        source="municipality.cbs_code", read_only=True, allow_null=True,
        help_text="CBS code of the municipality a municipal team works for.",
    )
    region = serializers.CharField(source="region.name", read_only=True)

    class Meta:
        model = Organisation
        fields = ["uuid", "name", "kind", "municipality", "region", "email", "phone"]


class MunicipalitySerializer(serializers.ModelSerializer):
    region = serializers.CharField(source="region.name", read_only=True)

    class Meta:
        model = Municipality
        fields = ["uuid", "name", "cbs_code", "region"]


class OrganisationContactSerializer(serializers.ModelSerializer):
    class Meta:
        model = Organisation
        fields = ["email", "phone"]


class DirectoryContactSerializer(serializers.ModelSerializer):
    """A professional listed in the directory: work contact details only."""

    name = serializers.CharField(source="user.get_full_name")
    email = serializers.EmailField(source="user.email")
    phone = serializers.CharField(source="user.phone")
    organisation = OrganisationRefSerializer()

    class Meta:
        model = Membership
        fields = ["uuid", "name", "role", "email", "phone", "organisation"]


@extend_schema(tags=["directory"])
@extend_schema_view(list=extend_schema(parameters=[
    OpenApiParameter("kind", enum=OrganisationKind.values,
                     description="Only people of organisations of this kind."),
    OpenApiParameter("municipality",
                     description="CBS code: the municipality's teams and the regional "
                                 "organisations of its region."),
]))
class DirectoryContactViewSet(viewsets.ReadOnlyModelViewSet):
    """Supporters per municipality, shelter contact persons, Veilig Thuis and partners:
    the people their organisation's administrator listed."""

    serializer_class = DirectoryContactSerializer
    lookup_field = "uuid"
    lookup_value_converter = "uuid"

    def get_queryset(self) -> QuerySet[Membership]:
        from django.db.models import Q

        from zicht.directory.selectors import LISTED_ROLES

        queryset = (Membership.objects.filter(active=True, in_directory=True,
                                              role__in=LISTED_ROLES)
                    .select_related("user", "organisation").order_by("organisation__name", "id"))
        if kind := self.request.query_params.get("kind"):
            queryset = queryset.filter(organisation__kind=kind)
        if cbs_code := self.request.query_params.get("municipality"):
            municipality = Municipality.objects.filter(cbs_code=cbs_code).first()
            if municipality is None:
                return queryset.none()
            queryset = queryset.filter(
                Q(organisation__municipality=municipality)
                | Q(organisation__municipality__isnull=True,
                    organisation__region=municipality.region_id))
        return queryset


@extend_schema(tags=["directory"])
@extend_schema_view(list=extend_schema(parameters=[
    OpenApiParameter("kind", enum=OrganisationKind.values,
                     description="Only organisations of this kind."),
    OpenApiParameter("municipality",
                     description="Only teams of this municipality (CBS code, e.g. GM0361)."),
    OpenApiParameter("shelter", type=OpenApiTypes.UUID,
                     description="And this shelter, wherever it is: her supporter's team and "
                                 "her shelter contact in one answer."),
]))
class OrganisationViewSet(viewsets.ReadOnlyModelViewSet):
    """The directory (sociale kaart). PATCH: the organisation's own administrator keeps its
    contact details current (e-mail, phone)."""

    serializer_class = OrganisationSerializer
    lookup_field = "uuid"
    lookup_value_converter = "uuid"

    @extend_schema(request=OrganisationContactSerializer, responses=OrganisationSerializer)
    def partial_update(self, request, uuid=None):
        from zicht.directory.services import organisation_update

        organisation = self.get_object()
        data = OrganisationContactSerializer(organisation, data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        membership = (request.session.get("membership")
                      if isinstance(request.successful_authenticator, SessionAuthentication)
                      else None)
        actor = actor_for(request.user, membership_uuid=membership,
                          ip_address=request.META.get("REMOTE_ADDR"),
                          organisation_id=request.session.get(SSO_ORGANISATION))
        values = {"email": organisation.email, "phone": organisation.phone,
                  **data.validated_data}
        organisation_update(actor=actor, organisation=organisation, **values)
        return Response(OrganisationSerializer(organisation).data)

    def get_queryset(self) -> QuerySet[Organisation]:
        queryset = Organisation.objects.select_related("municipality", "region").order_by(
            "name", "id")
        if kind := self.request.query_params.get("kind"):
            queryset = queryset.filter(kind=kind)
        if cbs_code := self.request.query_params.get("municipality"):
            queryset = queryset.filter(municipality__cbs_code=cbs_code)
        if shelter := self.request.query_params.get("shelter"):
            # As on the page: the shelter she stays at beside the municipality's teams.
            try:
                queryset = queryset | Organisation.objects.filter(
                    uuid=shelter, kind=OrganisationKind.SHELTER)
            except ValidationError as error:
                raise serializers.ValidationError({"shelter": error.messages}) from error
        return queryset


@extend_schema(tags=["directory"])
class MunicipalityViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = MunicipalitySerializer
    queryset = Municipality.objects.select_related("region").order_by("name", "id")
    lookup_field = "uuid"
    lookup_value_converter = "uuid"


class ActorMixin:
    """The acting professional, built once per request (the API's ``request.actor``)."""

    request: Request

    @cached_property
    def actor(self) -> Actor:
        request = self.request
        membership = None
        if isinstance(request.successful_authenticator, SessionAuthentication):
            # A professional in the browser acts in the membership chosen in the interface.
            membership = request.session.get("membership")
        return actor_for(request.user, membership_uuid=membership,
                         ip_address=request.META.get("REMOTE_ADDR"),
                         organisation_id=request.session.get(SSO_ORGANISATION))


class ProfessionalInvitationSerializer(serializers.ModelSerializer):
    """An invitation of a professional (issue 15). The link itself is only ever in the
    e-mail to the invitee."""

    uuid = serializers.UUIDField(read_only=True, allow_null=True,
                                 help_text="null when no invitation was needed "
                                           "(state membership_added).")
    role = serializers.ChoiceField(choices=[(r.value, r.label) for r in INVITABLE_ROLES])
    state = serializers.SerializerMethodField(
        help_text="open, accepted, revoked or expired; membership_added when the address "
                  "already had an account, which got a membership at once (no invitation).")

    class Meta:
        model = Invitation
        fields = ["uuid", "email", "first_name", "last_name", "role", "state", "created_at",
                  "expires_at"]
        read_only_fields = ["uuid", "created_at", "expires_at"]

    def get_state(self, invitation) -> str:
        if invitation.pk is None:
            return "membership_added"
        if invitation.accepted_at:
            return "accepted"
        if invitation.revoked_at:
            return "revoked"
        return "open" if invitation.is_open else "expired"


@extend_schema(tags=["directory"])
class InvitationViewSet(ActorMixin, mixins.ListModelMixin, mixins.CreateModelMixin,
                        mixins.DestroyModelMixin, viewsets.GenericViewSet):
    """The organisation's admin invites professionals by e-mail (issue 15). DELETE revokes
    an open invitation. Only the admin's own organisation's invitations exist here."""

    serializer_class = ProfessionalInvitationSerializer
    lookup_field = "uuid"
    lookup_value_converter = "uuid"

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        if not self.actor.has_role(Role.ADMIN):
            raise PermissionDenied(_("Alleen de beheerder van een organisatie nodigt uit."))

    def get_queryset(self) -> QuerySet[Invitation]:
        return Invitation.objects.filter(organisation=self.actor.organisation).order_by(
            "-created_at", "-id")

    def perform_create(self, serializer) -> None:
        from zicht.directory.services import invitation_create

        result = invitation_create(actor=self.actor, organisation=self.actor.organisation,
                                   **serializer.validated_data)
        serializer.instance = (result if isinstance(result, Invitation)
                               else Invitation(uuid=None, email=result.user.email,
                                               role=result.role,
                                               first_name=result.user.first_name,
                                               last_name=result.user.last_name))

    def perform_destroy(self, instance) -> None:
        from zicht.directory.services import invitation_revoke

        invitation_revoke(actor=self.actor, invitation=instance)
