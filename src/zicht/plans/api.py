"""The household's plan over the API: goals, actions and self-reliance scores.

Under ``/api/v1/households/{uuid}/plan/``, with the pages' rules: an outsider gets 404 on
every route, and so does a connected partner unless the client's consent names the plan
for it. The services decide who may add or update what: a partner lists the goals and
actions, adds its own organisation's actions and updates their status (403 on another
organisation's action, which it can already see in the list).
"""

from typing import Any

from django.http import Http404
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from zicht.access.models import Category
from zicht.access.policy import Access, require
from zicht.core.openapi import SingleObjectSchema
from zicht.directory.api import OrganisationRefSerializer
from zicht.directory.models import Organisation
from zicht.households.api import HouseholdScopedMixin
from zicht.households.models import Person
from zicht.households.services import household_read
from zicht.plans import services
from zicht.plans.models import (
    Action,
    ActionStatus,
    ConditionReview,
    Goal,
    InstrumentDomain,
    InstrumentLevel,
    LifeDomain,
    Plan,
    ReviewOutcome,
    SafetyCondition,
    ScoreMoment,
    SelfRelianceScore,
)
from zicht.plans.selectors import is_partner_view


class GoalSerializer(serializers.ModelSerializer):
    # Empty for a partner whose consent does not cover the persons (``PlanViewSet.list``).
    person = serializers.SlugRelatedField(slug_field="uuid", read_only=True, allow_null=True)

    class Meta:
        model = Goal
        fields = ["uuid", "person", "domain", "description", "status", "created_at"]


class GoalInputSerializer(serializers.Serializer):
    person = serializers.UUIDField()
    domain = serializers.ChoiceField(LifeDomain.choices)
    description = serializers.CharField(max_length=500)


class ActionSerializer(serializers.ModelSerializer):
    goal = serializers.SlugRelatedField(slug_field="uuid", read_only=True)
    responsible_organisation = OrganisationRefSerializer()

    class Meta:
        model = Action
        fields = ["uuid", "goal", "domain", "description", "responsible_organisation",
                  "responsible_person", "due_on", "status", "created_at"]


class ActionInputSerializer(serializers.Serializer):
    domain = serializers.ChoiceField(LifeDomain.choices)
    description = serializers.CharField(max_length=500)
    responsible_organisation = serializers.SlugRelatedField(
        slug_field="uuid", queryset=Organisation.objects.all())
    responsible_person = serializers.CharField(max_length=200, required=False, default="",
                                               allow_blank=True)
    due_on = serializers.DateField(required=False, allow_null=True, default=None)
    goal = serializers.UUIDField(required=False, allow_null=True, default=None)


class ActionUpdateSerializer(serializers.Serializer):
    status = serializers.ChoiceField(ActionStatus.choices)
    note = serializers.CharField(max_length=500, required=False, default="", allow_blank=True)


class ScoreSerializer(serializers.ModelSerializer):
    domain = serializers.CharField(source="domain.code")
    domain_name = serializers.CharField(source="domain.name")
    level = serializers.IntegerField(source="level.value")

    class Meta:
        model = SelfRelianceScore
        fields = ["uuid", "domain", "domain_name", "level", "moment", "scored_on"]


class ScoresInputSerializer(serializers.Serializer):
    moment = serializers.ChoiceField(ScoreMoment.choices)
    scored_on = serializers.DateField()
    levels = serializers.DictField(child=serializers.IntegerField(min_value=1),
                                   help_text="Level per domain code, e.g. {\"finances\": 2}.")


class ConditionReviewSerializer(serializers.ModelSerializer):
    organisation = OrganisationRefSerializer()

    class Meta:
        model = ConditionReview
        fields = ["outcome", "note", "moment", "moment_uuid", "at", "organisation"]


class SafetyConditionSerializer(serializers.ModelSerializer):
    """A veiligheidsvoorwaarde: what must hold, who monitors it and how, its checks."""

    monitored_by = OrganisationRefSerializer()
    reviews = ConditionReviewSerializer(many=True)

    class Meta:
        model = SafetyCondition
        fields = ["uuid", "description", "monitored_by", "monitor_person", "how", "status",
                  "created_at", "reviews"]


class ConditionReviewInputSerializer(serializers.Serializer):
    """One check of a veiligheidsvoorwaarde (at a contact moment or a case conference)."""

    condition = serializers.UUIDField()
    outcome = serializers.ChoiceField(ReviewOutcome.choices)
    note = serializers.CharField(max_length=500, required=False, default="", allow_blank=True)


def conditions_reviewed(household, reviews: list[dict[str, Any]]) -> dict:
    """The validated reviews as ``{condition: (outcome, note)}``; 400 for a condition that
    is not this household's."""
    by_uuid = {str(c.uuid): c for c in SafetyCondition.objects.filter(plan__household=household)}
    chosen = {}
    for review in reviews:
        condition = by_uuid.get(str(review["condition"]))
        if condition is None:
            raise serializers.ValidationError({"condition_reviews": ["Onbekende voorwaarde."]})
        chosen[condition] = (review["outcome"], review["note"])
    return chosen


class PlanSerializer(serializers.ModelSerializer):
    goals = GoalSerializer(many=True)
    actions = ActionSerializer(many=True)
    scores = ScoreSerializer(many=True)
    conditions = SafetyConditionSerializer(many=True)

    class Meta:
        model = Plan
        fields = ["uuid", "goals", "actions", "scores", "conditions"]


@extend_schema(tags=["plan"])
class PlanViewSet(HouseholdScopedMixin, viewsets.GenericViewSet):
    """The household's one plan (1 gezin, 1 plan)."""

    queryset = Plan.objects.none()
    serializer_class = PlanSerializer
    pagination_class = None
    schema = SingleObjectSchema()
    partial_access = True  # connected partners too, checked for "plan" right below
    access: Access

    def initial(self, request: Request, *args: Any, **kwargs: Any) -> None:
        super().initial(request, *args, **kwargs)
        self.access = require(self.actor, self.household, Category.PLAN)

    def _plan(self) -> Plan:
        return services.plan_of(self.household)

    @extend_schema(responses=PlanSerializer)
    def list(self, request: Request, household_uuid: str) -> Response:
        household_read(actor=self.actor, household=self.household, record_type="plan")
        plan = Plan.objects.prefetch_related(
            "goals__person", "actions__goal", "actions__responsible_organisation",
            "scores__domain", "scores__level", "conditions__monitored_by",
            "conditions__reviews__organisation").get(pk=self._plan().pk)
        data = PlanSerializer(plan).data
        if is_partner_view(self.access):
            data["scores"] = []  # a partner works with goals and actions, as on the page
        if not self.access.allows(Category.PERSONS):
            for goal in data["goals"]:
                goal["person"] = None  # who a goal is for is a family member's identity
        return Response(data)

    @extend_schema(request=GoalInputSerializer, responses={201: GoalSerializer})
    @action(detail=False, methods=["post"])
    def goals(self, request: Request, household_uuid: str) -> Response:
        data = self.validated(GoalInputSerializer)
        person = Person.objects.filter(household=self.household, uuid=data["person"]).first()
        if person is None:
            raise serializers.ValidationError({"person": ["Onbekende persoon."]})
        goal = services.goal_add(actor=self.actor, household=self.household, person=person,
                                 domain=data["domain"], description=data["description"])
        return Response(GoalSerializer(goal).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=ActionInputSerializer, responses={201: ActionSerializer})
    @action(detail=False, methods=["post"])
    def actions(self, request: Request, household_uuid: str) -> Response:
        data = dict(self.validated(ActionInputSerializer))
        goal_uuid = data.pop("goal")
        goal = None
        if goal_uuid is not None:
            goal = Goal.objects.filter(plan__household=self.household, uuid=goal_uuid).first()
            if goal is None:
                raise serializers.ValidationError({"goal": ["Onbekend doel."]})
        created = services.action_add(actor=self.actor, household=self.household, goal=goal,
                                      **data)
        return Response(ActionSerializer(created).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=ActionUpdateSerializer, responses=ActionSerializer,
                   operation_id="v1_households_plan_action_update")
    @action(detail=False, methods=["post"], url_path="actions/<uuid:action_uuid>")
    def action_update(self, request: Request, household_uuid: str,
                      action_uuid: str) -> Response:
        """Update an action's status; the responsible organisation or a plan holder."""
        found = Action.objects.filter(plan__household=self.household, uuid=action_uuid).first()
        if found is None:
            raise Http404
        data = self.validated(ActionUpdateSerializer)
        updated = services.action_update(actor=self.actor, action=found, **data)
        return Response(ActionSerializer(updated).data)

    @extend_schema(request=ScoresInputSerializer, responses={201: ScoreSerializer(many=True)})
    @action(detail=False, methods=["post"])
    def scores(self, request: Request, household_uuid: str) -> Response:
        from zicht.plans.selectors import default_instrument

        data = self.validated(ScoresInputSerializer)
        instrument = default_instrument()
        domains = {d.code: d for d in InstrumentDomain.objects.filter(instrument=instrument)}
        levels = {lv.value: lv for lv in InstrumentLevel.objects.filter(instrument=instrument)}
        try:
            chosen = {domains[code]: levels[value] for code, value in data["levels"].items()}
        except KeyError as error:
            raise serializers.ValidationError(
                {"levels": [f"Onbekend domein of niveau: {error.args[0]}"]}) from None
        scores = services.scores_record(actor=self.actor, household=self.household,
                                        moment=data["moment"], scored_on=data["scored_on"],
                                        levels=chosen)
        return Response(ScoreSerializer(scores, many=True).data, status=status.HTTP_201_CREATED)
