"""The self-scan over the API (issue 16, point 4), under the same rules as the pages.

Policy staff of the municipality write; the region's policy staff read the results beside
the region's aggregate and the shared scans; the partners that took part read their scan;
anyone else gets 404 for a scan, as if it did not exist (and 403 on the collection's
``create`` and ``results``, which name nothing).
"""

from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.request import Request
from rest_framework.response import Response

from zicht.audit.models import AccessAction
from zicht.audit.services import access_log
from zicht.core.i18n import shipped
from zicht.directory.api import ActorMixin, MunicipalityRefSerializer, OrganisationRefSerializer
from zicht.network import selfscan_services as services
from zicht.network.models import ImprovementAction, SelfScan, SelfScanState
from zicht.network.rules import selfscan_region_id
from zicht.network.selfscan_selectors import (
    actions_of,
    organisations_of_region,
    results_for,
    scan_for,
    scans_for,
    themes_of,
)


class SelfScanFrameworkRefSerializer(serializers.Serializer):
    key = serializers.CharField()
    version = serializers.CharField()
    name = serializers.SerializerMethodField()
    source = serializers.CharField()

    def get_name(self, framework) -> str:
        return shipped(framework.name)


class SelfScanSerializer(serializers.ModelSerializer):
    municipality = MunicipalityRefSerializer(read_only=True)
    framework = SelfScanFrameworkRefSerializer(read_only=True)
    state = serializers.ChoiceField(SelfScanState.choices, read_only=True)

    class Meta:
        model = SelfScan
        fields = ["uuid", "municipality", "framework", "held_on", "state",
                  "shared_with_region", "completed_at"]


class SelfScanScaleLevelSerializer(serializers.Serializer):
    value = serializers.IntegerField()
    label = serializers.CharField()


class SelfScanAnswerSerializer(serializers.Serializer):
    value = serializers.IntegerField()
    label = serializers.CharField()
    note = serializers.CharField()


class SelfScanQuestionSerializer(serializers.Serializer):
    key = serializers.CharField()
    text = serializers.CharField()
    answer = SelfScanAnswerSerializer(allow_null=True)


class SelfScanThemeSerializer(serializers.Serializer):
    key = serializers.CharField()
    title = serializers.CharField()
    # The mean of the theme's answers so far, or null.
    score = serializers.FloatField(allow_null=True)
    questions = SelfScanQuestionSerializer(many=True)


class ImprovementActionSerializer(serializers.ModelSerializer):
    theme = serializers.CharField(source="theme.key", read_only=True)
    owner_organisation = OrganisationRefSerializer(read_only=True)
    done = serializers.BooleanField(read_only=True)

    class Meta:
        model = ImprovementAction
        fields = ["uuid", "theme", "what", "owner_organisation", "owner_name", "due_on", "done"]


class SelfScanDetailSerializer(SelfScanSerializer):
    partners = OrganisationRefSerializer(many=True, read_only=True)
    scale = SelfScanScaleLevelSerializer(many=True, read_only=True)
    themes = SelfScanThemeSerializer(many=True, read_only=True)
    actions = ImprovementActionSerializer(many=True, read_only=True)

    class Meta(SelfScanSerializer.Meta):
        fields = [*SelfScanSerializer.Meta.fields, "partners", "scale", "themes", "actions"]


def _detail(scan: SelfScan) -> dict:
    themes = [{"key": t.key, "title": shipped(t.title), "score": t.score,
               "questions": [{"key": q.key, "text": shipped(q.text),
                              "answer": {"value": q.answer.value,
                                         "label": shipped(q.answer.label),
                                         "note": q.answer.note} if q.answer else None}
                             for q in t.questions.all()]}
              for t in themes_of(scan)]
    data = dict(SelfScanSerializer(scan).data)
    data.update(
        partners=OrganisationRefSerializer(scan.partners.order_by("name"), many=True).data,
        scale=[{"value": s["value"], "label": shipped(s["label"])}
               for s in scan.framework.scale],
        themes=themes,
        actions=ImprovementActionSerializer(actions_of(scan), many=True).data)
    return data


class SelfScanStartSerializer(serializers.Serializer):
    held_on = serializers.DateField()
    partners = serializers.ListField(child=serializers.UUIDField(), required=False, default=list,
                                     help_text="Organisations of the region taking part.")


class SelfScanPartnersSerializer(serializers.Serializer):
    partners = serializers.ListField(child=serializers.UUIDField(), allow_empty=True)


class SelfScanAnswerInputSerializer(serializers.Serializer):
    question = serializers.SlugField(help_text="The question's key.")
    value = serializers.IntegerField(allow_null=True,
                                     help_text="A value of the scale; null clears the answer.")
    note = serializers.CharField(max_length=1000, required=False, allow_blank=True, default="")


class SelfScanAnswersSerializer(serializers.Serializer):
    answers = SelfScanAnswerInputSerializer(many=True)


class SelfScanShareSerializer(serializers.Serializer):
    shared = serializers.BooleanField()


class SelfScanActionInputSerializer(serializers.Serializer):
    theme = serializers.SlugField(help_text="The theme's key.")
    what = serializers.CharField(max_length=500)
    owner_organisation = serializers.UUIDField()
    owner_name = serializers.CharField(max_length=200, required=False, allow_blank=True,
                                       default="")
    due_on = serializers.DateField()


class SelfScanActionDoneSerializer(serializers.Serializer):
    action = serializers.UUIDField()


class SelfScanResultThemeSerializer(serializers.Serializer):
    key = serializers.CharField()
    title = serializers.CharField()
    # One per completed scan of the municipality, oldest first (see ``scans``).
    scores = serializers.ListField(child=serializers.FloatField(allow_null=True))
    # The region's mean; null (display "< 5") below the small-cell minimum.
    region = serializers.FloatField(allow_null=True)
    region_display = serializers.CharField()
    # One per shared scan of another municipality (see ``shared``).
    shared = serializers.ListField(child=serializers.FloatField(allow_null=True))


class SelfScanResultsSerializer(serializers.Serializer):
    scans = SelfScanSerializer(many=True)
    region_shown = serializers.BooleanField()
    minimum = serializers.IntegerField()
    shared = SelfScanSerializer(many=True)
    scale_max = serializers.IntegerField()
    themes = SelfScanResultThemeSerializer(many=True)


def _organisations(region_id: int, uuids) -> list:
    found = list(organisations_of_region(region_id).filter(uuid__in=uuids))
    if len(found) != len(set(uuids)):
        raise serializers.ValidationError({"partners": _("Kies organisaties van uw regio.")})
    return found


@extend_schema(tags=["network"])
class SelfScanViewSet(ActorMixin, viewsets.GenericViewSet):
    """Self-scans against the quality framework "Werken aan Veiligheid": the actor's
    municipality's, the region's shared ones, and those their organisation took part in."""

    serializer_class = SelfScanSerializer
    queryset = SelfScan.objects.none()
    lookup_field = "uuid"
    lookup_value_converter = "uuid"

    def list(self, request: Request) -> Response:
        page = self.paginate_queryset(scans_for(self.actor).order_by("-held_on", "-id"))
        return self.get_paginated_response(SelfScanSerializer(page, many=True).data)

    @extend_schema(responses=SelfScanDetailSerializer)
    def retrieve(self, request: Request, uuid: str) -> Response:
        scan = scan_for(self.actor, uuid)
        access_log(actor=self.actor, action=AccessAction.READ, record_type="selfscan",
                   record_uuid=scan.uuid)
        return Response(_detail(scan))

    @extend_schema(request=SelfScanStartSerializer, responses={201: SelfScanDetailSerializer})
    def create(self, request: Request) -> Response:
        region_id = selfscan_region_id(self.actor)
        if region_id is None:
            # The API answers 404 only where the path names something (``api.schema``);
            # here the actor acts outside their role.
            raise PermissionDenied
        data = SelfScanStartSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        scan = services.selfscan_start(
            actor=self.actor, held_on=data.validated_data["held_on"],
            partners=_organisations(region_id, data.validated_data["partners"]))
        return Response(_detail(scan_for(self.actor, scan.uuid)), status=status.HTTP_201_CREATED)

    @extend_schema(responses=SelfScanResultsSerializer)
    @action(detail=False, methods=["get"])
    def results(self, request: Request) -> Response:
        """The municipality's results per theme over time beside the region's."""
        results = results_for(self.actor)
        if results is None:
            raise PermissionDenied
        return Response({
            "scans": SelfScanSerializer(results.scans, many=True).data,
            "region_shown": results.region_shown, "minimum": results.minimum,
            "shared": SelfScanSerializer(results.shared, many=True).data,
            "scale_max": results.scale_max,
            "themes": [{"key": r.key, "title": shipped(r.title), "scores": r.scores,
                        "region": r.region.value, "region_display": r.region.display,
                        "shared": r.shared} for r in results.themes],
        })

    @extend_schema(request=SelfScanAnswersSerializer, responses=SelfScanDetailSerializer)
    @action(detail=True, methods=["post"])
    def answers(self, request: Request, uuid: str) -> Response:
        scan = scan_for(self.actor, uuid)
        data = SelfScanAnswersSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.selfscan_answer(actor=self.actor, scan=scan, answers={
            a["question"]: (a["value"], a["note"]) for a in data.validated_data["answers"]})
        return Response(_detail(scan))

    @extend_schema(request=SelfScanPartnersSerializer, responses=SelfScanDetailSerializer)
    @action(detail=True, methods=["post"])
    def partners(self, request: Request, uuid: str) -> Response:
        scan = scan_for(self.actor, uuid)
        data = SelfScanPartnersSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.selfscan_partners_set(
            actor=self.actor, scan=scan,
            partners=_organisations(scan.municipality.region_id,
                                    data.validated_data["partners"]))
        return Response(_detail(scan))

    @extend_schema(request=None, responses=SelfScanDetailSerializer)
    @action(detail=True, methods=["post"])
    def complete(self, request: Request, uuid: str) -> Response:
        scan = scan_for(self.actor, uuid)
        services.selfscan_complete(actor=self.actor, scan=scan)
        return Response(_detail(scan))

    @extend_schema(request=SelfScanShareSerializer, responses=SelfScanDetailSerializer)
    @action(detail=True, methods=["post"])
    def share(self, request: Request, uuid: str) -> Response:
        scan = scan_for(self.actor, uuid)
        data = SelfScanShareSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.selfscan_share(actor=self.actor, scan=scan,
                                shared=data.validated_data["shared"])
        return Response(_detail(scan))

    @extend_schema(request=SelfScanActionInputSerializer, responses={201: SelfScanDetailSerializer})
    @action(detail=True, methods=["post"])
    def actions(self, request: Request, uuid: str) -> Response:
        scan = scan_for(self.actor, uuid)
        data = SelfScanActionInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        theme = scan.framework.themes.filter(key=values["theme"]).first()
        if theme is None:
            raise serializers.ValidationError({"theme": _("Kies een thema van deze zelfscan.")})
        owner = organisations_of_region(scan.municipality.region_id).filter(
            uuid=values["owner_organisation"]).first()
        if owner is None:
            raise serializers.ValidationError(
                {"owner_organisation": _("Kies een organisatie van uw regio.")})
        services.improvement_action_add(actor=self.actor, scan=scan, theme=theme,
                                        what=values["what"], owner_organisation=owner,
                                        owner_name=values["owner_name"],
                                        due_on=values["due_on"])
        return Response(_detail(scan), status=status.HTTP_201_CREATED)

    @extend_schema(request=SelfScanActionDoneSerializer, responses=SelfScanDetailSerializer)
    @action(detail=True, methods=["post"], url_path="actions-done")
    def actions_done(self, request: Request, uuid: str) -> Response:
        scan = scan_for(self.actor, uuid)
        data = SelfScanActionDoneSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        done = actions_of(scan).filter(uuid=data.validated_data["action"]).first()
        if done is None:
            raise Http404
        services.improvement_action_done(actor=self.actor, action=done)
        return Response(_detail(scan))
