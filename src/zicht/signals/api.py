"""Signals over the API, under the same rules as the pages (see ``zicht.signals.views``).

- ``households/{uuid}/partners/``, ``veilig-thuis-reports/``: involved care professionals;
  others 404.
- ``households/{uuid}/signals/``: the involved professionals see all signals; a connected
  partner may report and sees only the status of its own.
- ``signals/``: the status of the signals I reported. ``zorg-melden/``: always the same
  receipt (202), rate-limited (429).
- ``veilig-thuis/reports/``: Veilig Thuis sees only what was reported to it.
"""

from typing import Any

from django.http import Http404, HttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import exceptions, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from zicht.core.openapi import one_of_components
from zicht.directory.api import ActorMixin, OrganisationRefSerializer
from zicht.directory.models import Organisation, OrganisationKind, Role
from zicht.households.api import HouseholdScopedMixin
from zicht.households.selectors import household_for
from zicht.households.services import household_read
from zicht.safety.api import CareScopedMixin
from zicht.signals import closing, reports, services
from zicht.signals.models import (
    VEILIG_THUIS_STATUSES,
    About,
    Decision,
    Outcome,
    Signal,
    Step,
    Urgency,
    VeiligThuisReport,
)
from zicht.signals.report import report_json, report_pdf
from zicht.signals.selectors import partner_household_for

# --- Serializers ------------------------------------------------------------------------

SIGNAL_OR_STATUS = one_of_components("Signal", "SignalStatus")


class SignalSerializer(serializers.ModelSerializer):
    reporter_organisation = OrganisationRefSerializer(read_only=True)
    urgency = serializers.ChoiceField(choices=Urgency.choices)
    about = serializers.ChoiceField(choices=About.choices)
    # Empty until step 5 and until closing: the schema must say so (a read-only field
    # built from the model would not).
    decision = serializers.ChoiceField(choices=Decision.choices, allow_blank=True,
                                       read_only=True)
    outcome = serializers.ChoiceField(choices=Outcome.choices, allow_blank=True,
                                      read_only=True)

    class Meta:
        model = Signal
        fields = ["uuid", "source", "urgency", "about", "observed", "observed_on",
                  "reporter_organisation", "received_at", "due_at", "step", "picked_up_at",
                  "escalated_at", "talk_skipped_reason", "suspicion", "acute_or_structural",
                  "can_organise_help", "help_accepted", "lasting_safety", "decision",
                  "closed_at", "outcome"]
        read_only_fields = [f for f in fields if f not in ("urgency", "about", "observed",
                                                           "observed_on")]


class SignalStatusSerializer(serializers.ModelSerializer):
    """What a reporter may know of their own signal, in words (``status_for_reporter``):
    a "zorg melden" report reads the same for a known and an unknown person."""

    status = serializers.SerializerMethodField()

    class Meta:
        model = Signal
        fields = ["uuid", "received_at", "reporter_label", "status"]

    def get_status(self, signal: Signal) -> str:
        return signal.status_for_reporter()


class SignalCloseSerializer(serializers.Serializer):
    outcome = serializers.ChoiceField(choices=Outcome.choices)
    reason = serializers.CharField(max_length=500, required=False, default="",
                                   allow_blank=True)


class SignalReopenSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=500)


class StepSerializer(serializers.Serializer):
    step = serializers.ChoiceField(choices=[s for s in Step.choices if s[0] != Step.RECEIVED])
    notes = serializers.CharField(allow_blank=True, default="")
    talk_skipped_reason = serializers.CharField(required=False)
    suspicion = serializers.BooleanField(required=False, allow_null=True)
    acute_or_structural = serializers.BooleanField(required=False, allow_null=True)
    can_organise_help = serializers.BooleanField(required=False, allow_null=True)
    help_accepted = serializers.BooleanField(required=False, allow_null=True)
    lasting_safety = serializers.BooleanField(required=False, allow_null=True)
    decision = serializers.ChoiceField(choices=Decision.choices, required=False)


class ZorgMeldenSerializer(serializers.Serializer):
    given_name = serializers.CharField(allow_blank=True, default="")
    family_name = serializers.CharField(allow_blank=True, default="")
    date_of_birth = serializers.DateField(allow_null=True, default=None)
    # Empty, or 8 or 9 digits (the blank is allowed twice: the default must match too).
    bsn = serializers.RegexField(r"^(\d{8,9})?$", allow_blank=True, default="")
    urgency = serializers.ChoiceField(choices=Urgency.choices)
    observed = serializers.CharField()
    observed_on = serializers.DateField()


class ReceiptSerializer(serializers.Serializer):
    detail = serializers.CharField()


class ReportSerializer(serializers.ModelSerializer):
    veilig_thuis = serializers.SlugRelatedField(
        slug_field="uuid", queryset=Organisation.objects.filter(kind=OrganisationKind.VEILIG_THUIS))
    signal = serializers.SlugRelatedField(slug_field="uuid", queryset=Signal.objects.all(),
                                          allow_null=True, required=False)

    class Meta:
        model = VeiligThuisReport
        fields = ["uuid", "reference", "veilig_thuis", "signal", "status", "content",
                  "include_address", "sent_at", "feedback", "safety_conditions", "monitoring",
                  "created_at"]
        read_only_fields = ["uuid", "reference", "status", "sent_at", "feedback",
                            "safety_conditions", "monitoring", "created_at"]


class ReportUpdateSerializer(serializers.Serializer):
    content = serializers.DictField(
        child=serializers.CharField(allow_blank=True),
        help_text="Sections to replace, by name: " + ", ".join(VeiligThuisReport.SECTIONS))
    include_address = serializers.BooleanField(
        help_text="Include the (secret) address in the report: an explicit, logged choice.")


class ReportStatusSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=sorted(VEILIG_THUIS_STATUSES))
    note = serializers.CharField(allow_blank=True, default="")
    feedback = serializers.CharField(allow_blank=True, default="")
    safety_conditions = serializers.CharField(allow_blank=True, default="")
    monitoring = serializers.CharField(allow_blank=True, default="")


class PartnerConnectSerializer(serializers.Serializer):
    organisation = serializers.SlugRelatedField(
        slug_field="uuid", queryset=Organisation.objects.filter(kind__in=services.PARTNER_KINDS))


# --- Household-scoped viewsets ----------------------------------------------------------


@extend_schema(tags=["safety"])
class PartnerViewSet(CareScopedMixin, viewsets.GenericViewSet):
    """The coordinator connects a partner organisation (it may then report worries)."""

    queryset = Organisation.objects.none()
    serializer_class = PartnerConnectSerializer

    @extend_schema(responses={201: OpenApiResponse(description="Connected")})
    def create(self, request: Request, household_uuid: str) -> Response:
        data = self.validated(PartnerConnectSerializer)
        services.partner_connect(actor=self.actor, household=self.household,
                                 organisation=data["organisation"])
        return Response(status=status.HTTP_201_CREATED)


@extend_schema(tags=["signals"])
class SignalViewSet(HouseholdScopedMixin, viewsets.GenericViewSet):
    """Signals on a household. A connected partner reports and sees only its own status."""

    queryset = Signal.objects.none()
    serializer_class = SignalSerializer
    lookup_field = "uuid"
    lookup_url_kwarg = "signal_uuid"

    def initial(self, request: Request, *args: Any, **kwargs: Any) -> None:
        super(HouseholdScopedMixin, self).initial(request, *args, **kwargs)
        uuid = kwargs["household_uuid"]
        self.is_partner = self.actor.has_role(Role.PARTNER)
        self.household = (partner_household_for(self.actor, uuid) if self.is_partner
                          else household_for(self.actor, uuid))

    @extend_schema(responses={200: SIGNAL_OR_STATUS},
                   description="The signals; for a connected partner only the status of "
                               "its own (SignalStatus).")
    def list(self, request: Request, household_uuid: str) -> Response:
        if self.is_partner:
            own = self.paginate_queryset(
                services.own_signals(self.actor).filter(household=self.household))
            return self.get_paginated_response(SignalStatusSerializer(own, many=True).data)
        household_read(actor=self.actor, household=self.household, record_type="signal")
        page = self.paginate_queryset(
            self.household.signals.select_related("reporter_organisation"))
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    @extend_schema(request=SignalSerializer, responses={201: SIGNAL_OR_STATUS},
                   description="A connected partner gets the status of its signal "
                               "(SignalStatus), an involved professional the signal.")
    def create(self, request: Request, household_uuid: str) -> Response:
        """Report a worry: what was seen, when, how urgent, about whom."""
        data = self.validated(SignalSerializer)
        signal = services.signal_report(actor=self.actor, household=self.household, **data)
        if self.is_partner:
            return Response(SignalStatusSerializer(signal).data, status=status.HTTP_201_CREATED)
        return Response(self.get_serializer(signal).data, status=status.HTTP_201_CREATED)

    def _signal(self, signal_uuid: str) -> Signal:
        if self.is_partner:
            raise Http404
        signal = self.household.signals.filter(uuid=signal_uuid).first()
        if signal is None:
            raise Http404
        return signal

    def retrieve(self, request: Request, household_uuid: str, signal_uuid: str) -> Response:
        signal = self._signal(signal_uuid)
        household_read(actor=self.actor, household=self.household, record_type="signal")
        return Response(self.get_serializer(signal).data)

    @extend_schema(request=StepSerializer, responses=SignalSerializer)
    @action(detail=True, methods=["post"])
    def steps(self, request: Request, household_uuid: str, signal_uuid: str) -> Response:
        """Record the next step of the meldcode (see ``services.signal_step``)."""
        signal = self._signal(signal_uuid)
        data = dict(self.validated(StepSerializer))
        step, notes = data.pop("step"), data.pop("notes")
        signal = services.signal_step(actor=self.actor, signal=signal, to_step=step,
                                      notes=notes, **data)
        return Response(self.get_serializer(signal).data)

    @extend_schema(request=SignalCloseSerializer, responses=SignalSerializer)
    @action(detail=True, methods=["post"])
    def close(self, request: Request, household_uuid: str, signal_uuid: str) -> Response:
        """Close the signal with an outcome that follows from the meldcode's decision, or
        with a reason (see ``closing.signal_close``)."""
        signal = closing.signal_close(actor=self.actor, signal=self._signal(signal_uuid),
                                      **self.validated(SignalCloseSerializer))
        return Response(self.get_serializer(signal).data)

    @extend_schema(request=SignalReopenSerializer, responses=SignalSerializer)
    @action(detail=True, methods=["post"])
    def reopen(self, request: Request, household_uuid: str, signal_uuid: str) -> Response:
        signal = closing.signal_reopen(actor=self.actor, signal=self._signal(signal_uuid),
                                       **self.validated(SignalReopenSerializer))
        return Response(self.get_serializer(signal).data)


@extend_schema(tags=["veilig-thuis"])
class HouseholdReportViewSet(CareScopedMixin, viewsets.GenericViewSet):
    """Reports to Veilig Thuis: drafted from the record, edited, sent; PDF and JSON."""

    queryset = VeiligThuisReport.objects.none()
    serializer_class = ReportSerializer
    lookup_field = "uuid"
    lookup_url_kwarg = "report_uuid"

    def _report(self, report_uuid: str) -> VeiligThuisReport:
        report = self.household.veilig_thuis_reports.filter(uuid=report_uuid).first()
        if report is None:
            raise Http404
        return report

    def list(self, request: Request, household_uuid: str) -> Response:
        household_read(actor=self.actor, household=self.household,
                       record_type="veilig_thuis_report")
        page = self.paginate_queryset(self.household.veilig_thuis_reports.all())
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    def create(self, request: Request, household_uuid: str) -> Response:
        """Draft a report from the household's record (limited to what the report needs)."""
        data = self.validated(ReportSerializer)
        report = reports.report_draft(actor=self.actor, household=self.household,
                                       veilig_thuis=data["veilig_thuis"],
                                       signal=data.get("signal"))
        return Response(self.get_serializer(report).data, status=status.HTTP_201_CREATED)

    def retrieve(self, request: Request, household_uuid: str, report_uuid: str) -> Response:
        report = self._report(report_uuid)
        reports.report_read(actor=self.actor, report=report)
        return Response(self.get_serializer(report).data)

    @extend_schema(request=ReportUpdateSerializer, responses=ReportSerializer)
    def partial_update(self, request: Request, household_uuid: str,
                       report_uuid: str) -> Response:
        data = self.validated(ReportUpdateSerializer)
        report = reports.report_update(actor=self.actor, report=self._report(report_uuid),
                                        content=data["content"],
                                        include_address=data["include_address"])
        return Response(self.get_serializer(report).data)

    @extend_schema(request=None, responses=ReportSerializer)
    @action(detail=True, methods=["post"])
    def send(self, request: Request, household_uuid: str, report_uuid: str) -> Response:
        report = reports.report_send(actor=self.actor, report=self._report(report_uuid))
        return Response(self.get_serializer(report).data)


# --- Top-level viewsets ----------------------------------------------------------------


@extend_schema(tags=["signals"])
class OwnSignalViewSet(ActorMixin, viewsets.GenericViewSet):
    """The status (received, picked up) of the signals I reported, and nothing more."""

    queryset = Signal.objects.none()
    serializer_class = SignalStatusSerializer

    def list(self, request: Request) -> Response:
        page = self.paginate_queryset(services.own_signals(self.actor))
        return self.get_paginated_response(self.get_serializer(page, many=True).data)


@extend_schema(tags=["signals"])
class ZorgMeldenViewSet(ActorMixin, viewsets.GenericViewSet):
    """"Zorg melden" for a professional not connected to the household.

    Always the same receipt (202), whether or not the person is known; 429 when the
    professional or the address has reported too often.
    """

    queryset = Signal.objects.none()
    serializer_class = ZorgMeldenSerializer

    @extend_schema(responses={202: ReceiptSerializer})
    def create(self, request: Request) -> Response:
        if not services.zorg_melden_allowed(user_id=request.user.pk,
                                            ip_address=self.actor.ip_address):
            raise exceptions.Throttled(detail="Te veel meldingen; probeer het later opnieuw.")
        serializer = ZorgMeldenSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.zorg_melden(actor=self.actor, **serializer.validated_data)
        return Response({"detail": "Uw melding is ontvangen."}, status=status.HTTP_202_ACCEPTED)


@extend_schema(tags=["veilig-thuis"])
class VeiligThuisReportViewSet(ActorMixin, viewsets.GenericViewSet):
    """For Veilig Thuis: the reports sent to this organisation, and their follow-up."""

    queryset = VeiligThuisReport.objects.none()
    serializer_class = ReportSerializer
    lookup_field = "uuid"
    lookup_url_kwarg = "report_uuid"

    def _report(self, report_uuid: str) -> VeiligThuisReport:
        report = reports.reports_for_veilig_thuis(self.actor).filter(uuid=report_uuid).first()
        if report is None:
            raise Http404
        return report

    def list(self, request: Request) -> Response:
        page = self.paginate_queryset(reports.reports_for_veilig_thuis(self.actor))
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    def retrieve(self, request: Request, report_uuid: str) -> Response:
        report = self._report(report_uuid)
        reports.report_read(actor=self.actor, report=report)
        return Response(report_json(report))

    @extend_schema(responses={(200, "application/pdf"): OpenApiTypes.BINARY})
    @action(detail=True, methods=["get"])
    def pdf(self, request: Request, report_uuid: str) -> HttpResponse:
        report = self._report(report_uuid)
        reports.report_read(actor=self.actor, report=report, export=True)
        return HttpResponse(report_pdf(report), content_type="application/pdf")

    @extend_schema(request=ReportStatusSerializer, responses=ReportSerializer)
    @action(detail=True, methods=["post"], url_path="status")
    def follow_up(self, request: Request, report_uuid: str) -> Response:
        report = self._report(report_uuid)
        serializer = ReportStatusSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        report = reports.report_status_set(actor=self.actor, report=report,
                                            **serializer.validated_data)
        return Response(self.get_serializer(report).data)


