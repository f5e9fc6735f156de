"""What the households API reads and writes (the rules are in ``households/api.py``)."""

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext as _
from rest_framework import serializers

from zicht.audit.models import AccessLogEntry
from zicht.directory.api import (
    MunicipalityRefSerializer,
    OrganisationRefSerializer,
    ProfessionalRefSerializer,
)
from zicht.directory.models import Municipality
from zicht.households.models import Address, Household, Person, PersonRole
from zicht.households.services import (
    CITY_MAX,
    REASON_MAX,
    STREET_MAX,
    PersonData,
    normalise_postcode,
)
from zicht.trajectories.models import CoordinatorAssignment, Phase, Trajectory

# --- Serializers ------------------------------------------------------------------------


class PersonSerializer(serializers.ModelSerializer):
    class Meta:
        model = Person
        fields = ["uuid", "role", "given_name", "family_name", "date_of_birth", "relation"]


class ClientNameSerializer(serializers.ModelSerializer):
    class Meta:
        model = Person
        fields = ["uuid", "given_name", "family_name"]


class TrajectorySerializer(serializers.ModelSerializer):
    shelter = OrganisationRefSerializer()
    destination_municipality = MunicipalityRefSerializer(allow_null=True)
    supporter_organisation = OrganisationRefSerializer(allow_null=True)
    supporter = ProfessionalRefSerializer(allow_null=True)

    class Meta:
        model = Trajectory
        fields = ["uuid", "phase", "shelter", "destination_municipality",
                  "supporter_organisation", "supporter", "departure_date",
                  "shelter_aftercare_until", "planned_end", "closed_on", "closed_reason"]


class CoordinatorAssignmentSerializer(serializers.ModelSerializer):
    organisation = OrganisationRefSerializer()
    professional = ProfessionalRefSerializer(allow_null=True)

    class Meta:
        model = CoordinatorAssignment
        fields = ["uuid", "organisation", "professional", "started_at", "ended_at"]


@dataclass(frozen=True)
class HouseholdSummary:
    household: Household
    client: Person | None
    trajectory: Trajectory | None
    coordinator: CoordinatorAssignment | None


class HouseholdListSerializer(serializers.Serializer):
    """A row in the list: no address, and of the people only the client's name."""

    uuid = serializers.UUIDField(source="household.uuid")
    reference = serializers.CharField(source="household.reference")
    phase = serializers.ChoiceField(Phase.choices, source="trajectory.phase", allow_null=True)
    client = ClientNameSerializer(allow_null=True)
    destination_municipality = MunicipalityRefSerializer(
        source="trajectory.destination_municipality", allow_null=True)
    departure_date = serializers.DateField(source="trajectory.departure_date", allow_null=True)
    planned_end = serializers.DateField(source="trajectory.planned_end", allow_null=True)
    coordinator_organisation = OrganisationRefSerializer(source="coordinator.organisation",
                                                         allow_null=True)


@dataclass(frozen=True)
class HouseholdRecord:
    household: Household
    persons: list[Person]
    trajectory: Trajectory | None
    coordinator: CoordinatorAssignment | None
    coordinator_history: list[CoordinatorAssignment]
    has_address: bool


class HouseholdDetailSerializer(serializers.Serializer):
    """The household: its people, its trajectory and its coordinator (regisseur). No address."""

    uuid = serializers.UUIDField(source="household.uuid")
    reference = serializers.CharField(source="household.reference")
    created_at = serializers.DateTimeField(source="household.created_at")
    persons = PersonSerializer(many=True)
    trajectory = TrajectorySerializer(allow_null=True)
    coordinator = CoordinatorAssignmentSerializer(
        allow_null=True, help_text="The current coordinator (regisseur), from departure on.")
    coordinator_history = CoordinatorAssignmentSerializer(many=True)
    has_address = serializers.BooleanField(
        help_text="Whether an address is recorded. Read it with POST .../address/ (logged).")


class CoordinatorContactSerializer(serializers.Serializer):
    """The coordinator as a partner reaches them: a name, the organisation, a work phone."""

    organisation = OrganisationRefSerializer()
    professional = ProfessionalRefSerializer(allow_null=True)
    phone = serializers.SerializerMethodField()

    def get_phone(self, assignment: CoordinatorAssignment) -> str:
        professional = assignment.professional
        return (professional.phone if professional and professional.phone
                else assignment.organisation.phone)


class PartnerHouseholdSerializer(serializers.Serializer):
    """A household as a connected partner sees it (issue 18): the reference, the people if
    the consent covers them, and whom to call. Never the shelter, dates, phase history or
    other professionals."""

    uuid = serializers.UUIDField(source="household.uuid")
    reference = serializers.CharField(source="household.reference")
    persons = PersonSerializer(many=True)
    coordinator = CoordinatorContactSerializer(allow_null=True)
    has_address = serializers.BooleanField()


class ClientInputSerializer(serializers.ModelSerializer):
    class Meta:
        model = Person
        fields = ["given_name", "family_name", "date_of_birth", "gender"]


class PersonInputSerializer(serializers.ModelSerializer):
    class Meta:
        model = Person
        fields = ["role", "given_name", "family_name", "date_of_birth", "gender", "relation"]

    def validate_role(self, role: str) -> str:
        if role == PersonRole.CLIENT:
            raise serializers.ValidationError(
                _("Een huishouden heeft precies één cliënt: geef die op bij 'client'."))
        return role


class HouseholdRegisterSerializer(serializers.Serializer):
    """The registration (aanmelding) by the shelter: the client, the children and others."""

    client = ClientInputSerializer()
    others = PersonInputSerializer(
        many=True, default=list,
        help_text="Children (role 'child') and others, such as the perpetrator.")

    def person_data(self) -> dict[str, Any]:
        data = self.validated_data
        return {
            "client": PersonData(role=PersonRole.CLIENT, **data["client"]),
            "others": [PersonData(**person) for person in data["others"]],
        }


class AddressSerializer(serializers.ModelSerializer):
    municipality = MunicipalityRefSerializer()

    class Meta:
        model = Address
        fields = ["street", "postcode", "city", "municipality", "is_secret", "updated_at"]


class AddressChangeSerializer(serializers.Serializer):
    """A new address ("adres wijzigen"), with the reason for the change."""

    street = serializers.CharField(max_length=STREET_MAX)
    postcode = serializers.CharField(max_length=7, help_text="A Dutch postcode: 1234 AB.")
    city = serializers.CharField(max_length=CITY_MAX)
    municipality = serializers.SlugRelatedField(
        slug_field="uuid", queryset=Municipality.objects.all(),
        help_text="The municipality of the new address. Another municipality than the "
                  "trajectory's does not move the household: that is the warm handover "
                  "(POST .../moves/).")
    is_secret = serializers.BooleanField(
        help_text="Required: whether the new address is secret. Never assumed.")
    reason = serializers.CharField(
        max_length=REASON_MAX,
        help_text="Why the address changes, e.g. 'verhuisd binnen de gemeente'. "
                  "Not the address itself.")

    def validate_postcode(self, value: str) -> str:
        try:
            return normalise_postcode(value)
        except DjangoValidationError as error:
            raise serializers.ValidationError(error.messages) from None


@dataclass(frozen=True)
class AddressChanged:
    address: Address
    other_municipality: bool


class AddressChangedSerializer(serializers.Serializer):
    """The answer to a change: only what is not the address itself."""

    municipality = MunicipalityRefSerializer(source="address.municipality")
    is_secret = serializers.BooleanField(source="address.is_secret")
    updated_at = serializers.DateTimeField(source="address.updated_at")
    other_municipality = serializers.BooleanField(
        help_text="True when the address lies in another municipality than the "
                  "trajectory's: the household has not moved; start the warm handover "
                  "with POST /api/v1/households/{household_uuid}/moves/.")


class AccessLogEntrySerializer(serializers.ModelSerializer):
    class Meta:
        model = AccessLogEntry
        fields = ["uuid", "at", "user_name", "organisation_name", "role", "action",
                  "record_type", "record_uuid", "ground"]


