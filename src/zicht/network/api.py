"""The network over the API: meetings and agreements, under the same rules as the pages.

The region's network reads; its organisers (``rules.may_organise``) write; anyone else
gets 404 for a meeting or agreement, as if it did not exist.
"""

from django.http import FileResponse, Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response

from zicht.accounts.models import User
from zicht.audit.models import AccessAction
from zicht.audit.services import access_log
from zicht.directory.api import ActorMixin, OrganisationRefSerializer, ProfessionalRefSerializer
from zicht.directory.models import Municipality, Organisation
from zicht.network import services
from zicht.network.figures import FIGURE_CHOICES, promise_figures
from zicht.network.models import (
    Agreement,
    AgreementEvaluation,
    EvaluationOutcome,
    Invitation,
    Meeting,
    MeetingAction,
    Promise,
)
from zicht.network.rules import may_organise
from zicht.network.selectors import (
    agreement_for,
    agreements_for,
    invitations_of,
    meeting_for,
    meetings_for,
    open_actions_before,
)


class InvitationSerializer(serializers.ModelSerializer):
    id = serializers.IntegerField(read_only=True)
    professional = ProfessionalRefSerializer(source="user")
    organisation = OrganisationRefSerializer()

    class Meta:
        model = Invitation
        fields = ["id", "professional", "organisation", "attended"]


class MeetingActionSerializer(serializers.ModelSerializer):
    owner = ProfessionalRefSerializer()
    meeting = serializers.UUIDField(source="meeting.uuid", read_only=True)
    done = serializers.SerializerMethodField()

    class Meta:
        model = MeetingAction
        fields = ["uuid", "meeting", "what", "owner", "due_on", "done"]

    def get_done(self, obj: MeetingAction) -> bool:
        return obj.done_at is not None


class MeetingSerializer(serializers.ModelSerializer):
    region = serializers.CharField(source="region.name", read_only=True)
    organiser = ProfessionalRefSerializer(read_only=True)
    organiser_organisation = OrganisationRefSerializer(read_only=True)
    held = serializers.BooleanField(read_only=True)

    class Meta:
        model = Meeting
        fields = ["uuid", "region", "theme", "starts_at", "ends_at", "place", "link",
                  "organiser", "organiser_organisation", "held"]


class MeetingDetailSerializer(MeetingSerializer):
    invitations = InvitationSerializer(many=True, read_only=True)
    actions = MeetingActionSerializer(many=True, read_only=True)
    open_actions_before = serializers.SerializerMethodField()

    class Meta(MeetingSerializer.Meta):
        fields = [*MeetingSerializer.Meta.fields, "notes", "invitations", "actions",
                  "open_actions_before"]

    @extend_schema_field(MeetingActionSerializer(many=True))
    def get_open_actions_before(self, meeting: Meeting) -> list[dict]:
        return MeetingActionSerializer(open_actions_before(meeting), many=True).data


class MeetingInputSerializer(serializers.Serializer):
    theme = serializers.CharField(max_length=200,
                                  help_text="No households: a case goes to a case conference.")
    starts_at = serializers.DateTimeField()
    ends_at = serializers.DateTimeField()
    place = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    link = serializers.URLField(required=False, allow_blank=True)


class AttendanceSerializer(serializers.Serializer):
    present = serializers.ListField(child=serializers.IntegerField(), allow_empty=True,
                                    help_text="The ids of the invitations of those who came.")


class NotesSerializer(serializers.Serializer):
    notes = serializers.CharField(max_length=5000, allow_blank=True)


class MeetingActionInputSerializer(serializers.Serializer):
    what = serializers.CharField(max_length=500)
    owner = serializers.UUIDField(help_text="The professional (uuid), one of the invited.")
    due_on = serializers.DateField()


class MeetingActionDoneSerializer(serializers.Serializer):
    action = serializers.UUIDField()


@extend_schema(tags=["network"])
class MeetingViewSet(ActorMixin, viewsets.GenericViewSet):
    """Network meetings of the actor's region (and those they were invited to)."""

    serializer_class = MeetingSerializer
    queryset = Meeting.objects.none()
    lookup_field = "uuid"
    lookup_value_converter = "uuid"

    def list(self, request: Request) -> Response:
        page = self.paginate_queryset(meetings_for(self.actor).order_by("-starts_at", "-id"))
        return self.get_paginated_response(MeetingSerializer(page, many=True).data)

    def _detail(self, meeting: Meeting) -> dict:
        meeting = (Meeting.objects.select_related("region", "organiser",
                                                  "organiser_organisation")
                   .prefetch_related("actions__owner").get(pk=meeting.pk))
        meeting._prefetched_objects_cache["invitations"] = list(invitations_of(meeting))
        return MeetingDetailSerializer(meeting).data

    @extend_schema(responses=MeetingDetailSerializer)
    def retrieve(self, request: Request, uuid: str) -> Response:
        meeting = meeting_for(self.actor, uuid)
        access_log(actor=self.actor, action=AccessAction.READ, record_type="network_meeting",
                   record_uuid=meeting.uuid)
        return Response(self._detail(meeting))

    @extend_schema(request=MeetingInputSerializer, responses={201: MeetingDetailSerializer})
    def create(self, request: Request) -> Response:
        if not may_organise(self.actor):
            raise PermissionDenied
        data = MeetingInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        meeting = services.meeting_plan(actor=self.actor, **data.validated_data)
        return Response(self._detail(meeting), status=status.HTTP_201_CREATED)

    @extend_schema(request=AttendanceSerializer, responses=MeetingDetailSerializer)
    @action(detail=True, methods=["post"])
    def attendance(self, request: Request, uuid: str) -> Response:
        meeting = meeting_for(self.actor, uuid)
        data = AttendanceSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        present = set(meeting.invitations.filter(pk__in=data.validated_data["present"])
                      .values_list("pk", flat=True))
        services.meeting_attendance_record(actor=self.actor, meeting=meeting, present=present)
        return Response(self._detail(meeting))

    @extend_schema(request=NotesSerializer, responses=MeetingDetailSerializer)
    @action(detail=True, methods=["post"])
    def notes(self, request: Request, uuid: str) -> Response:
        meeting = meeting_for(self.actor, uuid)
        data = NotesSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.meeting_notes_record(actor=self.actor, meeting=meeting, **data.validated_data)
        return Response(self._detail(meeting))

    @extend_schema(request=MeetingActionInputSerializer, responses={201: MeetingActionSerializer})
    @action(detail=True, methods=["post"])
    def actions(self, request: Request, uuid: str) -> Response:
        meeting = meeting_for(self.actor, uuid)
        data = MeetingActionInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        owner = User.objects.filter(uuid=data.validated_data["owner"]).first()
        if owner is None:
            raise serializers.ValidationError({"owner": _("Kies iemand die is uitgenodigd.")})
        created = services.meeting_action_add(actor=self.actor, meeting=meeting,
                                              what=data.validated_data["what"], owner=owner,
                                              due_on=data.validated_data["due_on"])
        return Response(MeetingActionSerializer(created).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=MeetingActionDoneSerializer, responses=MeetingActionSerializer)
    @action(detail=True, methods=["post"], url_path="actions-done")
    def actions_done(self, request: Request, uuid: str) -> Response:
        """An action of this or an earlier meeting of the region is done (followed up here)."""
        meeting = meeting_for(self.actor, uuid)
        data = MeetingActionDoneSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        done = (MeetingAction.objects.filter(uuid=data.validated_data["action"],
                                             meeting__region_id=meeting.region_id)
                .select_related("meeting", "owner").first())
        if done is None:
            raise Http404
        done = services.meeting_action_done(
            actor=self.actor, action=done,
            at_meeting=meeting if done.meeting_id != meeting.pk else None)
        return Response(MeetingActionSerializer(done).data)


class PromiseSerializer(serializers.ModelSerializer):
    party = OrganisationRefSerializer()
    figure_value = serializers.SerializerMethodField(
        help_text="The evaluation figure beside the promise, this year; '< 5' when too few.")

    class Meta:
        model = Promise
        fields = ["uuid", "party", "text", "figure", "figure_value"]

    def get_figure_value(self, promise: Promise) -> str:
        return self.context.get("figures", {}).get(promise.figure, "")


class AgreementEvaluationSerializer(serializers.ModelSerializer):
    by = ProfessionalRefSerializer()

    class Meta:
        model = AgreementEvaluation
        fields = ["uuid", "held_on", "outcome", "notes", "next_review_on", "by"]


class AgreementSerializer(serializers.ModelSerializer):
    region = serializers.CharField(source="region.name", read_only=True)
    municipality = serializers.CharField(source="municipality.cbs_code", read_only=True,
                                         allow_null=True)
    parties = OrganisationRefSerializer(many=True, read_only=True)
    has_document = serializers.SerializerMethodField()
    past_review = serializers.SerializerMethodField()

    class Meta:
        model = Agreement
        fields = ["uuid", "title", "region", "municipality", "parties", "starts_on",
                  "review_on", "past_review", "has_document"]

    def get_has_document(self, agreement: Agreement) -> bool:
        return bool(agreement.document)

    def get_past_review(self, agreement: Agreement) -> bool:
        return agreement.review_on < timezone.localdate()


class AgreementDetailSerializer(AgreementSerializer):
    promises = serializers.SerializerMethodField()
    evaluations = AgreementEvaluationSerializer(many=True, read_only=True)

    class Meta(AgreementSerializer.Meta):
        fields = [*AgreementSerializer.Meta.fields, "promises", "evaluations"]

    @extend_schema_field(PromiseSerializer(many=True))
    def get_promises(self, agreement: Agreement) -> list[dict]:
        return PromiseSerializer(agreement.promises.select_related("party"), many=True,
                                 context={"figures": promise_figures(agreement)}).data


class AgreementInputSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=200)
    municipality = serializers.UUIDField(required=False, allow_null=True, default=None)
    parties = serializers.ListField(child=serializers.UUIDField(), min_length=2)
    starts_on = serializers.DateField()
    review_on = serializers.DateField()
    document = serializers.FileField(required=False, allow_null=True, default=None,
                                     help_text="PDF, at most 10 MB (multipart/form-data).")


class PromiseInputSerializer(serializers.Serializer):
    party = serializers.UUIDField()
    text = serializers.CharField(max_length=500)
    figure = serializers.ChoiceField(FIGURE_CHOICES, required=False, allow_blank=True,
                                     default="")


class AgreementEvaluationInputSerializer(serializers.Serializer):
    held_on = serializers.DateField()
    outcome = serializers.ChoiceField(EvaluationOutcome.choices)
    notes = serializers.CharField(max_length=5000, required=False, allow_blank=True, default="")
    next_review_on = serializers.DateField(required=False, allow_null=True, default=None)


@extend_schema(tags=["network"])
class AgreementViewSet(ActorMixin, viewsets.GenericViewSet):
    """Cooperation agreements of the actor's region (and those their organisation is a
    party to)."""

    serializer_class = AgreementSerializer
    queryset = Agreement.objects.none()
    lookup_field = "uuid"
    lookup_value_converter = "uuid"
    parser_classes = [JSONParser, MultiPartParser, FormParser]

    def list(self, request: Request) -> Response:
        page = self.paginate_queryset(agreements_for(self.actor))
        return self.get_paginated_response(AgreementSerializer(page, many=True).data)

    @extend_schema(responses=AgreementDetailSerializer)
    def retrieve(self, request: Request, uuid: str) -> Response:
        agreement = agreement_for(self.actor, uuid)
        access_log(actor=self.actor, action=AccessAction.READ, record_type="agreement",
                   record_uuid=agreement.uuid)
        return Response(AgreementDetailSerializer(agreement).data)

    @extend_schema(request={"application/json": AgreementInputSerializer,
                            "multipart/form-data": AgreementInputSerializer},
                   responses={201: AgreementDetailSerializer})
    def create(self, request: Request) -> Response:
        if not may_organise(self.actor):
            raise PermissionDenied
        data = AgreementInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        region_id = self.actor.organisation.region_id
        parties = list(Organisation.objects.filter(uuid__in=values["parties"]))
        if len(parties) != len(set(values["parties"])):
            raise serializers.ValidationError({"parties": _("Onbekende organisatie.")})
        municipality = None
        if values["municipality"]:
            municipality = Municipality.objects.filter(uuid=values["municipality"],
                                                       region_id=region_id).first()
            if municipality is None:
                raise serializers.ValidationError(
                    {"municipality": _("Kies een gemeente van uw regio.")})
        agreement = services.agreement_create(
            actor=self.actor, title=values["title"], parties=parties,
            starts_on=values["starts_on"], review_on=values["review_on"],
            municipality=municipality, document=values["document"])
        return Response(AgreementDetailSerializer(agreement_for(self.actor, agreement.uuid)).data,
                        status=status.HTTP_201_CREATED)

    @extend_schema(request=PromiseInputSerializer, responses={201: AgreementDetailSerializer})
    @action(detail=True, methods=["post"])
    def promises(self, request: Request, uuid: str) -> Response:
        agreement = agreement_for(self.actor, uuid)
        data = PromiseInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        party = agreement.parties.filter(uuid=data.validated_data["party"]).first()
        if party is None:
            raise serializers.ValidationError({"party": _("Kies een partij van deze afspraak.")})
        services.promise_add(actor=self.actor, agreement=agreement, party=party,
                             text=data.validated_data["text"],
                             figure=data.validated_data["figure"])
        return Response(AgreementDetailSerializer(agreement).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=AgreementEvaluationInputSerializer,
                   responses={201: AgreementDetailSerializer})
    @action(detail=True, methods=["post"])
    def evaluations(self, request: Request, uuid: str) -> Response:
        agreement = agreement_for(self.actor, uuid)
        data = AgreementEvaluationInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.agreement_evaluate(actor=self.actor, agreement=agreement,
                                    **data.validated_data)
        return Response(AgreementDetailSerializer(agreement).data, status=status.HTTP_201_CREATED)

    @extend_schema(responses={(200, "application/pdf"): OpenApiTypes.BINARY})
    @action(detail=True, methods=["get"])
    def document(self, request: Request, uuid: str) -> FileResponse:
        agreement = agreement_for(self.actor, uuid)
        if not agreement.document:
            raise Http404
        access_log(actor=self.actor, action=AccessAction.EXPORT, record_type="agreement",
                   record_uuid=agreement.uuid, ground="document")
        response = FileResponse(agreement.document.open("rb"), as_attachment=True,
                                filename=f"samenwerkingsafspraak-{agreement.uuid}.pdf",
                                content_type="application/pdf")
        response["X-Content-Type-Options"] = "nosniff"
        return response
