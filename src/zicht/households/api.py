"""The households API, under the same need-to-know rules as the pages.

- Every household is read through ``household_for`` / ``visible_households``: a household
  the actor's organisation is not involved with answers 404, never 403, on every endpoint,
  the nested ones included, so that an outsider cannot learn that it exists.
- The address is never part of a list or detail response. DOMAIN.md: a secret address "is
  shown only to those who need it, every view is logged, and it never appears in lists".
  Only ``POST .../address/`` ("toon adres") returns it, through ``address_reveal``.
  ``PUT .../address/`` ("adres wijzigen") changes it; its answer holds no street, postcode
  or city, so that changing cannot become a way to read.
- Reads are logged like the pages log them (NEN 7513): a detail as a read, a list as one
  "list" entry per household on the page.
- Writes are thin: validate a serializer, call the service. The services hold the rules;
  their ``ValidationError`` becomes a 400 and ``PermissionDenied`` a 403
  (see ``zicht.api.exceptions``).
"""

from dataclasses import replace
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch, QuerySet, prefetch_related_objects
from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, PolymorphicProxySerializer, extend_schema
from rest_framework import serializers, status, viewsets
from rest_framework.authentication import SessionAuthentication
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, Throttled
from rest_framework.request import Request
from rest_framework.response import Response

from zicht.access.models import Category
from zicht.access.policy import household_and_access, redact_for_lists, require
from zicht.accounts.models import ApiToken, ApiTokenScope
from zicht.audit.models import AccessAction, AccessLogEntry
from zicht.audit.services import access_log_list
from zicht.core.openapi import SingleObjectSchema
from zicht.core.reauth import recently_authenticated
from zicht.directory.actor import Actor
from zicht.directory.api import (
    ActorMixin,
)
from zicht.households.models import Address, Household, Person, PersonRole
from zicht.households.search import household_search, search_allowed
from zicht.households.selectors import household_for, visible_households
from zicht.households.serializers import (
    AccessLogEntrySerializer,
    AddressChanged,
    AddressChangedSerializer,
    AddressChangeSerializer,
    AddressSerializer,
    HouseholdDetailSerializer,
    HouseholdListSerializer,
    HouseholdRecord,
    HouseholdRegisterSerializer,
    HouseholdSummary,
    PartnerHouseholdSerializer,
)
from zicht.households.services import (
    address_change,
    address_reveal,
    household_read,
    household_register,
    may_change_address,
)
from zicht.trajectories.models import CoordinatorAssignment, Phase, Trajectory
from zicht.trajectories.selectors import current_trajectory

# --- Who is acting, and which household -------------------------------------------------


class HouseholdScopedMixin(ActorMixin):
    """For the routes under ``households/<uuid:household_uuid>/``.

    The household is resolved right after authentication, before the body is read: an
    outsider gets the same 404 for every method and every body, valid or not.
    """

    household: Household
    # True only in a viewset that checks each category itself (``access.policy.require``).
    partial_access = False

    def initial(self, request: Request, *args: Any, **kwargs: Any) -> None:
        super().initial(request, *args, **kwargs)
        self.household = household_for(self.actor, kwargs["household_uuid"],
                                        partial=self.partial_access)

    def get_trajectory(self) -> Trajectory:
        trajectory = current_trajectory(self.household)
        if trajectory is None:
            raise Http404
        return trajectory

    def validated(self, serializer_class: type[serializers.Serializer]) -> dict[str, Any]:
        serializer = serializer_class(data=self.request.data,
                                      context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        return serializer.validated_data


# --- Reading a household ----------------------------------------------------------------


def _trajectories_prefetch() -> Prefetch:
    """What ``household_summary`` reads of a household's trajectories, in two queries."""
    open_assignments = CoordinatorAssignment.objects.filter(
        ended_at__isnull=True).select_related("organisation")
    trajectories = (Trajectory.objects.select_related("destination_municipality")
                    .prefetch_related(Prefetch("coordinator_assignments",
                                               queryset=open_assignments,
                                               to_attr="open_assignments"))
                    .order_by("-created_at", "-id"))
    return Prefetch("trajectories", queryset=trajectories, to_attr="recent_trajectories")


def _list_queryset(actor: Actor) -> QuerySet[Household]:
    """The visible households with what a list row needs, in a fixed number of queries."""
    return (
        visible_households(actor, partial=True)  # names redacted per category
        .prefetch_related(
            Prefetch("persons", queryset=Person.objects.filter(role=PersonRole.CLIENT),
                     to_attr="clients"),
            _trajectories_prefetch(),
        )
        .order_by("-created_at", "-id")
    )


def household_summary(household: Household) -> HouseholdSummary:
    """From ``_list_queryset``'s prefetches: like ``current_trajectory``, open before closed."""
    trajectories = household.recent_trajectories
    trajectory = next((t for t in trajectories if t.phase != Phase.CLOSED),
                      next(iter(trajectories), None))
    return HouseholdSummary(
        household=household,
        client=next(iter(household.clients), None),
        trajectory=trajectory,
        coordinator=next(iter(trajectory.open_assignments), None) if trajectory else None,
    )


def household_record(household: Household) -> HouseholdRecord:
    trajectory = current_trajectory(household)
    history = (list(trajectory.coordinator_assignments.select_related("organisation",
                                                                      "professional"))
               if trajectory else [])
    return HouseholdRecord(
        household=household,
        persons=list(household.persons.all()),
        trajectory=trajectory,
        coordinator=next((a for a in history if a.ended_at is None), None),
        coordinator_history=history,
        has_address=Address.objects.filter(household=household).exists(),
    )


# --- Views ------------------------------------------------------------------------------


@extend_schema(tags=["households"])
class HouseholdViewSet(ActorMixin, viewsets.GenericViewSet):
    """Households your organisation is involved with. Any other household answers 404."""

    queryset = Household.objects.none()  # for the schema only: reads use the selectors
    serializer_class = HouseholdRegisterSerializer  # the only body it takes (OPTIONS)
    lookup_field = "uuid"
    lookup_url_kwarg = "household_uuid"  # the same name as on the nested routes
    lookup_value_converter = "uuid"

    def get_queryset(self) -> QuerySet[Household]:
        return _list_queryset(self.actor)

    def get_object(self) -> Household:
        # Partners with consent too: retrieve and address check their categories.
        return household_for(self.actor, self.kwargs["household_uuid"], partial=True)

    @extend_schema(responses=HouseholdListSerializer(many=True))
    def list(self, request: Request) -> Response:
        page = self.paginate_queryset(self.get_queryset())
        redact_for_lists(self.actor, page)
        if page:
            access_log_list(actor=self.actor, action=AccessAction.LIST,
                            record_type="household", households=page)
        rows = [household_summary(h) for h in page]
        return self.get_paginated_response(HouseholdListSerializer(rows, many=True).data)

    @extend_schema(responses=PolymorphicProxySerializer(
        component_name="HouseholdView",
        serializers=[HouseholdDetailSerializer, PartnerHouseholdSerializer],
        resource_type_field_name=None))
    def retrieve(self, request: Request, household_uuid: str) -> Response:
        household, access = household_and_access(self.actor, household_uuid, partial=True)
        household_read(actor=self.actor, household=household, ground=access.ground)
        record = household_record(household)
        if not access.allows(Category.PERSONS):
            record = replace(record, persons=[])
        if access.is_partner_view:
            record = replace(record, has_address=record.has_address
                             and access.allows(Category.ADDRESS), persons=[
                p for p in record.persons if p.role in (PersonRole.CLIENT, PersonRole.CHILD)])
            return Response(PartnerHouseholdSerializer(record).data)
        return Response(HouseholdDetailSerializer(record).data)

    @extend_schema(request=HouseholdRegisterSerializer,
                   responses={201: HouseholdDetailSerializer})
    def create(self, request: Request) -> Response:
        """Register a household (aanmelding): shelter workers only."""
        serializer = HouseholdRegisterSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        household = household_register(actor=self.actor, **serializer.person_data())
        return Response(HouseholdDetailSerializer(household_record(household)).data,
                        status=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses=AddressSerializer)
    @action(detail=True, methods=["post"])
    def address(self, request: Request, household_uuid: str) -> Response:
        """"Toon adres": the only way to read the address, and every call is logged.

        With an API token only for an organisation's system that the operator granted the
        ``address`` scope; a professional's own token gets 403.
        """
        household = self.get_object()
        require(self.actor, household, Category.ADDRESS)
        # One door (issue 19): a token reveals an address only when the operator granted
        # its system the address scope (``zicht token_create``); a professional's own token
        # never does. A person in the browser: a secret address only after the password
        # again, as on the page.
        if isinstance(request.auth, ApiToken):
            if not request.auth.has_scope(ApiTokenScope.ADDRESS):
                raise PermissionDenied(_("Een adres is niet met een persoonlijke API-sleutel "
                                         "op te vragen: alleen in Zicht, na uw wachtwoord."))
        elif Address.objects.filter(household=household, is_secret=True).exists():
            if not isinstance(request.successful_authenticator, SessionAuthentication):
                raise PermissionDenied
            if not recently_authenticated(request._request):
                raise PermissionDenied(_("Voer eerst uw wachtwoord opnieuw in: een geheim "
                                         "adres vraagt daar steeds om."))
        address = address_reveal(actor=self.actor, household=household)
        if address is None:
            raise NotFound(_("Voor dit huishouden is nog geen adres vastgelegd."))
        return Response(AddressSerializer(address).data)

    @extend_schema(request=AddressChangeSerializer, responses=AddressChangedSerializer)
    @address.mapping.put
    def change_address(self, request: Request, household_uuid: str) -> Response:
        """"Adres wijzigen": a new address with the reason, for those who carry the household.

        Logged, with an append-only history row that holds no street. The answer holds no
        street, postcode or city either. A partner who may see the address gets 403.
        """
        household = self.get_object()
        require(self.actor, household, Category.ADDRESS)
        if not may_change_address(self.actor, household):
            raise PermissionDenied
        serializer = AddressChangeSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        address = address_change(actor=self.actor, household=household,
                                 **serializer.validated_data)
        trajectory = current_trajectory(household)
        other = (trajectory is not None
                 and address.municipality_id != trajectory.destination_municipality_id)
        return Response(AddressChangedSerializer(AddressChanged(address, other)).data)

    @extend_schema(responses=AccessLogEntrySerializer(many=True))
    @action(detail=True, methods=["get"], url_path="access-log")
    def access_log(self, request: Request, household_uuid: str) -> Response:
        """Who read or changed this household's data, newest first (NEN 7513)."""
        household = household_for(self.actor, household_uuid)  # those who carry it
        page = self.paginate_queryset(AccessLogEntry.objects.about(household.uuid))
        return self.get_paginated_response(AccessLogEntrySerializer(page, many=True).data)


# --- Search -----------------------------------------------------------------------------


class SearchResultSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(["name", "reference", "date_of_birth"], allow_null=True,
                                   help_text="What the query was read as; null: too short.")
    results = HouseholdListSerializer(many=True)


@extend_schema(tags=["households"])
class SearchViewSet(ActorMixin, viewsets.ViewSet):
    """Zoeken: households by name, reference (ZH-…) or date of birth (dd-mm-jjjj).

    Only among the households you may open; every other household is as if it did not
    exist. At most 25 results. Each search is logged, without the searched text.
    """

    schema = SingleObjectSchema()

    @extend_schema(parameters=[OpenApiParameter("q", str, required=True)],
                   responses=SearchResultSerializer)
    def list(self, request: Request) -> Response:
        if not search_allowed(self.actor):
            raise Throttled(detail=_("Te veel zoekopdrachten; probeer het over "
                                                "een paar minuten opnieuw."))
        result = household_search(actor=self.actor, text=request.query_params.get("q", ""))
        prefetch_related_objects(result.households, _trajectories_prefetch())
        return Response(SearchResultSerializer({
            "kind": result.query.kind if result.query else None,
            "results": [household_summary(h) for h in result.households],
        }).data)
