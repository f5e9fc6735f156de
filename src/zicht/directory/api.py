"""The directory (sociale kaart) over the API: organisations and municipalities, read-only.

Seed 002 asks for "an overview of all supporters and shelter contact persons": systems
use it to find the team to invite. It holds no personal data: no people, no memberships.
"""

from django.db.models import QuerySet
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import serializers, viewsets

from zicht.accounts.models import User
from zicht.directory.models import Municipality, Organisation, OrganisationKind


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


@extend_schema(tags=["directory"])
@extend_schema_view(list=extend_schema(parameters=[
    OpenApiParameter("kind", enum=OrganisationKind.values,
                     description="Only organisations of this kind."),
    OpenApiParameter("municipality",
                     description="Only teams of this municipality (CBS code, e.g. GM0361)."),
]))
class OrganisationViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = OrganisationSerializer
    lookup_field = "uuid"
    lookup_value_converter = "uuid"

    def get_queryset(self) -> QuerySet[Organisation]:
        queryset = Organisation.objects.select_related("municipality", "region").order_by(
            "name", "id")
        if kind := self.request.query_params.get("kind"):
            queryset = queryset.filter(kind=kind)
        if cbs_code := self.request.query_params.get("municipality"):
            queryset = queryset.filter(municipality__cbs_code=cbs_code)
        return queryset


@extend_schema(tags=["directory"])
class MunicipalityViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = MunicipalitySerializer
    queryset = Municipality.objects.select_related("region").order_by("name", "id")
    lookup_field = "uuid"
    lookup_value_converter = "uuid"
