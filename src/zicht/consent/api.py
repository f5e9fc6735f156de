"""Consent over the API: ``/api/v1/households/{uuid}/consents/``.

Seed 002, "Rol van vrouwenopvang": the shelter asks the client's consent before it invites
the supporter; ``consent_record`` lets only the shelter record it.
"""

from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.request import Request
from rest_framework.response import Response

from zicht.access.models import Category
from zicht.consent.models import Consent, ConsentPurpose
from zicht.consent.services import consent_record, consent_withdraw
from zicht.directory.models import Organisation, OrganisationKind
from zicht.households.api import HouseholdScopedMixin
from zicht.households.models import Person, PersonRole
from zicht.households.services import household_read


class ConsentSerializer(serializers.ModelSerializer):
    person = serializers.SlugRelatedField(
        slug_field="uuid", queryset=Person.objects.none(), required=False,
        help_text="The person who gives consent (the client); the client when left out.",
    )
    organisation = serializers.SlugRelatedField(
        slug_field="uuid", queryset=Organisation.objects.all(), required=False,
        allow_null=True, help_text="The organisation that may receive the categories.")
    organisation_kind = serializers.ChoiceField(
        OrganisationKind.choices, required=False, allow_blank=True,
        help_text="Or: every partner of this kind that is involved.")
    categories = serializers.ListField(
        child=serializers.ChoiceField(Category.choices), required=False,
        help_text="The categories it may receive; empty: all the purpose needs.")

    class Meta:
        model = Consent
        fields = ["uuid", "person", "purpose", "organisation", "organisation_kind",
                  "categories", "method", "given_on", "valid_until", "recorded_at",
                  "withdrawn_at"]
        read_only_fields = ["uuid", "recorded_at", "withdrawn_at"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if household := self.context.get("household"):
            # Like the page: the client gives consent, nobody else in the household.
            self.fields["person"].queryset = household.persons.filter(role=PersonRole.CLIENT)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        valid_until = attrs.get("valid_until")
        if valid_until and valid_until < attrs["given_on"]:
            raise serializers.ValidationError(
                {"valid_until": _("De toestemming kan niet eindigen voordat zij is gegeven.")})
        return attrs


@extend_schema(tags=["consent"])
class ConsentViewSet(HouseholdScopedMixin, viewsets.GenericViewSet):
    """The consents recorded for the household, newest first."""

    queryset = Consent.objects.none()  # for the schema only
    serializer_class = ConsentSerializer
    lookup_field = "uuid"
    lookup_value_converter = "uuid"

    def get_queryset(self) -> QuerySet[Consent]:
        return Consent.objects.filter(household=self.household).select_related("person")

    def get_serializer_context(self) -> dict[str, Any]:
        return {**super().get_serializer_context(), "household": getattr(self, "household",
                                                                         None)}

    def list(self, request: Request, household_uuid: str) -> Response:
        page = self.paginate_queryset(self.get_queryset())
        household_read(actor=self.actor, household=self.household, record_type="consent")
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    def create(self, request: Request, household_uuid: str) -> Response:
        """Record consent (toestemming): the shelter, during the stay."""
        data = self.validated(ConsentSerializer)
        consent = consent_record(
            actor=self.actor, household=self.household,
            person=data.get("person") or self.household.client,
            purpose=data.get("purpose", ConsentPurpose.FOLLOW_UP), method=data["method"],
            given_on=data["given_on"],
            valid_until=data.get("valid_until"),
            organisation=data.get("organisation"),
            organisation_kind=data.get("organisation_kind", ""),
            categories=data.get("categories") or [],
        )
        return Response(self.get_serializer(consent).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses=ConsentSerializer)
    @action(detail=True, methods=["post"])
    def withdraw(self, request: Request, household_uuid: str, uuid: str) -> Response:
        """Withdraw consent: the partner loses access at once, on pages, API and exports."""
        consent = Consent.objects.filter(household=self.household, uuid=uuid).first()
        if consent is None:
            raise NotFound
        consent = consent_withdraw(actor=self.actor, consent=consent)
        return Response(self.get_serializer(consent).data)
