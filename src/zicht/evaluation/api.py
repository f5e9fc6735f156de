"""The evaluation over the API: indicators (policy staff) and questionnaire links.

- ``GET /api/v1/evaluation/indicators/``: the same anonymous indicators as the dashboard,
  for the same people (policy staff: their municipality, or ``?area=regio`` their region;
  everyone else 403), with each indicator's definition.
- ``GET /api/v1/evaluation/questionnaires/``: the questionnaires, defined as data.
- ``GET/POST /api/v1/households/{uuid}/survey-invitations/``: a client's questionnaire
  links, household-scoped like every household endpoint (404 for outsiders). POST answers
  the link once; afterwards only its status is known.
"""

from django.conf import settings
from django.urls import reverse
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status, viewsets
from rest_framework.request import Request
from rest_framework.response import Response

from zicht.directory.api import ActorMixin
from zicht.evaluation.forms import PeriodForm
from zicht.evaluation.indicators import indicators_for
from zicht.evaluation.models import CLIENT_MOMENTS, Questionnaire, SurveyInvitation
from zicht.evaluation.scope import scope_for
from zicht.evaluation.services import survey_invitation_create
from zicht.households.api import HouseholdScopedMixin

SURVEY_MOMENTS = [str(m) for m in CLIENT_MOMENTS]


class CellSerializer(serializers.Serializer):
    value = serializers.FloatField(allow_null=True, help_text="null when suppressed")
    display = serializers.CharField(help_text='As shown, e.g. "12", "40%" or "< 5".')
    suppressed = serializers.BooleanField()
    kind = serializers.ChoiceField(choices=["count", "share", "days", "score"])


class IndicatorRowSerializer(serializers.Serializer):
    label = serializers.CharField()
    cells = CellSerializer(many=True, allow_null=True)


class IndicatorSerializer(serializers.Serializer):
    key = serializers.CharField()
    group = serializers.CharField()
    title = serializers.CharField()
    definition = serializers.CharField()
    available = serializers.BooleanField()
    reason = serializers.CharField(help_text="Why an indicator is not available yet.")
    columns = serializers.ListField(child=serializers.CharField())
    rows = IndicatorRowSerializer(many=True)


class EvaluationSerializer(serializers.Serializer):
    area = serializers.CharField()
    start = serializers.DateField()
    end = serializers.DateField()
    min_cell = serializers.IntegerField(help_text="Figures resting on fewer are suppressed.")
    indicators = IndicatorSerializer(many=True)


@extend_schema(tags=["evaluation"])
class IndicatorViewSet(ActorMixin, viewsets.ViewSet):
    """The pilot's indicators, anonymous aggregates only."""

    @extend_schema(parameters=[
        OpenApiParameter("area", enum=["gemeente", "regio"],
                         description="Own municipality (default) or its region."),
        OpenApiParameter("start", type=str, description="First day, YYYY-MM-DD."),
        OpenApiParameter("end", type=str, description="Last day, YYYY-MM-DD."),
    ], responses=EvaluationSerializer)
    def list(self, request: Request) -> Response:
        from zicht.evaluation.anonymity import min_cell

        form = PeriodForm(request.query_params)
        data = form.cleaned_data if form.is_valid() else {}
        scope = scope_for(self.actor, region=data.get("area") == "regio",
                          start=data.get("start"), end=data.get("end"))
        return Response({
            "area": scope.label, "start": scope.start, "end": scope.end,
            "min_cell": min_cell(),
            "indicators": [r.as_json() for r in indicators_for(scope)],
        })


class QuestionSerializer(serializers.Serializer):
    key = serializers.CharField()
    text = serializers.CharField()
    short_label = serializers.CharField()


class QuestionnaireSerializer(serializers.ModelSerializer):
    questions = QuestionSerializer(many=True, read_only=True)
    # Plain integers: the model's small-integer bounds differ per database backend, and
    # the committed schema must not.
    scale_min = serializers.IntegerField(read_only=True)
    scale_max = serializers.IntegerField(read_only=True)

    class Meta:
        model = Questionnaire
        fields = ["key", "audience", "title", "introduction", "scale_min", "scale_max",
                  "scale_min_label", "scale_max_label", "questions"]


@extend_schema(tags=["evaluation"])
class QuestionnaireViewSet(viewsets.ReadOnlyModelViewSet):
    """The satisfaction questionnaires, defined as data."""

    serializer_class = QuestionnaireSerializer
    queryset = Questionnaire.objects.filter(active=True).prefetch_related("questions")
    lookup_field = "key"
    pagination_class = None


class SurveyInvitationSerializer(serializers.ModelSerializer):
    status = serializers.CharField(read_only=True,
                                   help_text="open, submitted, expired or revoked")
    moment = serializers.ChoiceField(choices=SURVEY_MOMENTS, read_only=True)

    class Meta:
        model = SurveyInvitation
        fields = ["uuid", "moment", "created_at", "expires_at", "status"]
        read_only_fields = ["uuid", "created_at", "expires_at", "status"]


class SurveyInvitationCreatedSerializer(SurveyInvitationSerializer):
    link = serializers.CharField(read_only=True,
                                 help_text="The client's personal link; returned only now.")

    class Meta(SurveyInvitationSerializer.Meta):
        fields = [*SurveyInvitationSerializer.Meta.fields, "link"]


class InvitationRequestSerializer(serializers.Serializer):
    moment = serializers.ChoiceField(choices=SURVEY_MOMENTS)


@extend_schema(tags=["evaluation"])
class SurveyInvitationViewSet(HouseholdScopedMixin, viewsets.GenericViewSet):
    """A client's personal links to the satisfaction questionnaire."""

    serializer_class = SurveyInvitationSerializer
    queryset = SurveyInvitation.objects.none()  # for the schema only
    pagination_class = None

    def list(self, request: Request, household_uuid: str) -> Response:
        trajectory = self.get_trajectory()
        return Response(SurveyInvitationSerializer(
            trajectory.survey_invitations.all(), many=True).data)

    @extend_schema(request=InvitationRequestSerializer,
                   responses={201: SurveyInvitationCreatedSerializer})
    def create(self, request: Request, household_uuid: str) -> Response:
        data = self.validated(InvitationRequestSerializer)
        invitation, token = survey_invitation_create(
            actor=self.actor, trajectory=self.get_trajectory(), moment=data["moment"])
        payload = SurveyInvitationSerializer(invitation).data
        payload["link"] = settings.ZICHT_BASE_URL.rstrip("/") + reverse(
            "evaluation:client_survey", args=[token])
        return Response(payload, status=status.HTTP_201_CREATED)
