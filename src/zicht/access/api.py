"""The access resources over the API, under the same policy as the pages.

- ``households/{uuid}/disclosures/``: who saw what (for those carrying the household).
- ``households/{uuid}/sharing/``: sharing without consent; ``.../{uuid}/approve/`` is the
  second pair of eyes.
- ``emergency-access/``: break the glass, with reason and password.
- ``households/{uuid}/corrections/``: correct a person's data (AVG art. 16) and its trail.
- ``households/{uuid}/persons/{uuid}/inzage/``: everything held about a person (AVG art.
  15), JSON or, with ``Accept: application/pdf``, the readable PDF.
"""

import json
from typing import Any

from django.db.models import QuerySet
from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import renderers, serializers, status, viewsets
from rest_framework.authentication import SessionAuthentication
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, PermissionDenied
from rest_framework.request import Request
from rest_framework.response import Response

from zicht.access import policy
from zicht.access.inzage import inzage_pdf, person_inzage
from zicht.access.models import Category, Correction, EmergencyAccess, SharingOverride
from zicht.access.selectors import disclosure_overview, household_corrections
from zicht.access.services import (
    emergency_access_open,
    person_correct,
    sharing_approve,
    sharing_request,
)
from zicht.core.reauth import recently_authenticated
from zicht.directory.api import ActorMixin, OrganisationRefSerializer
from zicht.directory.models import Organisation
from zicht.households.api import HouseholdScopedMixin
from zicht.households.models import Gender
from zicht.households.services import household_read


class CarerOnlyMixin(HouseholdScopedMixin):
    def initial(self, request: Request, *args: Any, **kwargs: Any) -> None:
        super().initial(request, *args, **kwargs)
        if not policy.is_involved(self.actor, self.household, *policy.CARER_REASONS):
            raise Http404


class DisclosureSerializer(serializers.Serializer):
    at = serializers.DateTimeField()
    organisation = serializers.CharField()
    professional = serializers.CharField()
    action = serializers.CharField()
    category = serializers.CharField()
    ground = serializers.CharField()
    is_emergency = serializers.BooleanField()


@extend_schema(tags=["privacy"])
class DisclosureViewSet(CarerOnlyMixin, viewsets.GenericViewSet):
    """Who viewed or received what of this household, and on what ground (for the client)."""

    serializer_class = DisclosureSerializer

    def list(self, request: Request, household_uuid: str) -> Response:
        household_read(actor=self.actor, household=self.household, record_type="inzage")
        rows = disclosure_overview(self.household)
        page = self.paginate_queryset(rows)
        return self.get_paginated_response(DisclosureSerializer(page, many=True).data)


class SharingOverrideSerializer(serializers.ModelSerializer):
    organisation = serializers.SlugRelatedField(slug_field="uuid",
                                                queryset=Organisation.objects.all())
    categories = serializers.ListField(child=serializers.ChoiceField(Category.choices))
    approved = serializers.SerializerMethodField()

    class Meta:
        model = SharingOverride
        fields = ["uuid", "organisation", "categories", "reason", "valid_until",
                  "hidden_from_client", "hidden_reason", "requested_at", "approved_at",
                  "approved", "revoked_at"]
        read_only_fields = ["uuid", "requested_at", "approved_at", "revoked_at"]

    def get_approved(self, obj: SharingOverride) -> bool:
        return obj.approved_at is not None


@extend_schema(tags=["privacy"])
class SharingOverrideViewSet(CarerOnlyMixin, viewsets.GenericViewSet):
    """Sharing without consent: a reason, a second professional's approval, a time limit."""

    queryset = SharingOverride.objects.none()  # for the schema only
    serializer_class = SharingOverrideSerializer
    lookup_field = "uuid"
    lookup_value_converter = "uuid"

    def get_queryset(self) -> QuerySet[SharingOverride]:
        return SharingOverride.objects.filter(household=self.household)

    def list(self, request: Request, household_uuid: str) -> Response:
        page = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    def create(self, request: Request, household_uuid: str) -> Response:
        data = self.validated(SharingOverrideSerializer)
        override = sharing_request(actor=self.actor, household=self.household, **data)
        return Response(self.get_serializer(override).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=None)
    @action(detail=True, methods=["post"])
    def approve(self, request: Request, household_uuid: str, uuid: str) -> Response:
        """The second pair of eyes: someone other than the one who asked."""
        override = self.get_queryset().filter(uuid=uuid).first()
        if override is None:
            raise NotFound
        override = sharing_approve(actor=self.actor, override=override)
        return Response(self.get_serializer(override).data)


class EmergencyAccessSerializer(serializers.ModelSerializer):
    reference = serializers.CharField(write_only=True, max_length=12)
    date_of_birth = serializers.DateField(write_only=True,
                                          help_text="Of the client or a child.")
    password = serializers.CharField(write_only=True, style={"input_type": "password"})
    household = serializers.SlugRelatedField(slug_field="uuid", read_only=True)
    organisation = OrganisationRefSerializer(read_only=True)

    class Meta:
        model = EmergencyAccess
        fields = ["uuid", "reference", "date_of_birth", "password", "reason", "household",
                  "organisation", "started_at", "expires_at"]
        read_only_fields = ["uuid", "household", "started_at", "expires_at"]


@extend_schema(tags=["privacy"])
class EmergencyAccessViewSet(ActorMixin, viewsets.GenericViewSet):
    """Break the glass: open a household you are not involved with, for a limited time."""

    queryset = EmergencyAccess.objects.none()  # for the schema only
    serializer_class = EmergencyAccessSerializer

    def create(self, request: Request) -> Response:
        serializer = EmergencyAccessSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        grant = emergency_access_open(actor=self.actor, **serializer.validated_data)
        return Response(EmergencyAccessSerializer(grant).data, status=status.HTTP_201_CREATED)


class CorrectionSerializer(serializers.ModelSerializer):
    """One corrected field. A BSN's old and new values are never sent (only that it changed)."""

    person = serializers.SlugRelatedField(slug_field="uuid", read_only=True)
    corrected_by = serializers.SerializerMethodField()
    organisation = OrganisationRefSerializer(read_only=True)

    class Meta:
        model = Correction
        fields = ["uuid", "person", "field", "old_value", "new_value", "reason",
                  "corrected_by", "organisation", "at"]

    def get_corrected_by(self, obj: Correction) -> str:
        return obj.corrected_by.get_full_name() or obj.corrected_by.username

    def to_representation(self, instance: Correction) -> dict[str, Any]:
        data = super().to_representation(instance)
        if instance.field == "bsn":
            data["old_value"] = data["new_value"] = None
        return data


class CorrectionInputSerializer(serializers.Serializer):
    """The fields to correct (only those given change) and the required reason."""

    person = serializers.UUIDField()
    given_name = serializers.CharField(max_length=100, required=False)
    family_name = serializers.CharField(max_length=100, required=False, allow_blank=True)
    date_of_birth = serializers.DateField(required=False, allow_null=True)
    gender = serializers.ChoiceField(Gender.choices, required=False, allow_blank=True)
    relation = serializers.CharField(max_length=100, required=False, allow_blank=True)
    bsn = serializers.RegexField(r"^\d{8,9}$", required=False, allow_blank=True)
    reason = serializers.CharField(required=False, allow_blank=True, default="")


@extend_schema(tags=["privacy"])
class CorrectionViewSet(CarerOnlyMixin, viewsets.GenericViewSet):
    """Correction (AVG art. 16) of a person's recorded data, and the trail of corrections."""

    queryset = Correction.objects.none()  # for the schema only
    serializer_class = CorrectionSerializer

    def list(self, request: Request, household_uuid: str) -> Response:
        household_read(actor=self.actor, household=self.household, record_type="correction")
        page = self.paginate_queryset(household_corrections(self.household))
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    @extend_schema(request=CorrectionInputSerializer,
                   responses={201: CorrectionSerializer(many=True)})
    def create(self, request: Request, household_uuid: str) -> Response:
        data = dict(self.validated(CorrectionInputSerializer))
        person = self.household.persons.filter(uuid=data.pop("person")).first()
        if person is None:
            raise NotFound
        reason = data.pop("reason")
        corrections = person_correct(actor=self.actor, person=person, changes=data,
                                     reason=reason)
        return Response(self.get_serializer(corrections, many=True).data,
                        status=status.HTTP_201_CREATED)


class PDFRenderer(renderers.BaseRenderer):
    """Hands on a PDF made by the view; anything else (an error) as JSON."""

    media_type = "application/pdf"
    format = "pdf"
    charset = None
    render_style = "binary"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        return data if isinstance(data, bytes) else json.dumps(data).encode()


class InzageViewSet(CarerOnlyMixin, viewsets.GenericViewSet):
    """Inzage (AVG art. 15) for one person, under the rules of the page: for those who
    carry the household, after the password was entered again, logged as an export."""

    lookup_field = "uuid"
    renderer_classes = [renderers.JSONRenderer, PDFRenderer]
    serializer_class = serializers.Serializer  # the answer is the inzage itself

    @extend_schema(responses={(200, "application/json"): OpenApiTypes.OBJECT,
                              (200, "application/pdf"): OpenApiTypes.BINARY})
    @action(detail=True, methods=["get"])
    def inzage(self, request: Request, household_uuid: str, uuid: str) -> Response:
        person = self.household.persons.filter(uuid=uuid).first()
        if person is None:
            raise NotFound
        # Everything about a person at once: as the page, only to someone who just entered
        # the password again; an API key carries no such proof.
        if not isinstance(request.successful_authenticator, SessionAuthentication):
            raise PermissionDenied(_("Een inzage is niet met een API-sleutel op te vragen: "
                                     "alleen in Zicht, na uw wachtwoord."))
        if not recently_authenticated(request._request):
            raise PermissionDenied(_("Voer eerst uw wachtwoord opnieuw in: een inzage vraagt "
                                     "daar steeds om."))
        data = person_inzage(actor=self.actor, household=self.household, person=person,
                            with_address=True)
        if request.accepted_renderer.format == "pdf":
            return Response(inzage_pdf(data), headers={"Content-Disposition": (
                f'attachment; filename="inzage-{self.household.reference}-{uuid[:8]}.pdf"')})
        return Response(data)
