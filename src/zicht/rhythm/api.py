"""The out-of-sight status and the contact plan over the API:
``/api/v1/households/{uuid}/rhythm/`` (GET status and plan, PUT an adjusted plan) and
``/api/v1/households/{uuid}/rhythm/extension/`` (POST an extension of the trajectory) and
``/api/v1/households/{uuid}/rhythm/unsafe-next-step/`` (POST the next step after a contact
where the client did not feel safe)."""

from django.http import Http404
from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from zicht.contacts.selectors import contact_with_signal_for
from zicht.core.openapi import SingleObjectSchema
from zicht.households.api import HouseholdScopedMixin
from zicht.households.services import household_read
from zicht.rhythm import rules
from zicht.rhythm.models import ContactPlan, SightLevel, SightStatus
from zicht.rhythm.selectors import plan_changes
from zicht.rhythm.services import contact_plan_adjust, periods_for, unsafe_contact_follow_up
from zicht.signals.models import Urgency
from zicht.trajectories.models import Phase
from zicht.trajectories.services import trajectory_extend


class ReasonSerializer(serializers.Serializer):
    code = serializers.ChoiceField(choices=sorted(rules.REASONS))
    level = serializers.ChoiceField(choices=SightLevel.choices)


class PlanChangeSerializer(serializers.Serializer):
    at = serializers.DateTimeField()
    by = serializers.CharField(help_text="naam van de professional")
    periods = serializers.ListField(child=serializers.ListField(child=serializers.IntegerField()))
    reason = serializers.CharField()


class RhythmSerializer(serializers.Serializer):
    level = serializers.ChoiceField(choices=SightLevel.choices)
    reasons = ReasonSerializer(many=True)
    next_contact_due = serializers.DateField(allow_null=True)
    computed_at = serializers.DateTimeField(allow_null=True)
    planned_contacts = serializers.ListField(child=serializers.DateField())
    periods = serializers.ListField(child=serializers.ListField(child=serializers.IntegerField()),
                                    help_text="[eindmaand, dagen tussen contactmomenten]")
    plan_reason = serializers.CharField(allow_blank=True)
    plan_changes = PlanChangeSerializer(many=True, help_text="eerdere aanpassingen, nieuwste "
                                                             "eerst")
    planned_end = serializers.DateField(allow_null=True)


class PlanAdjustSerializer(serializers.Serializer):
    periods = serializers.ListField(child=serializers.ListField(child=serializers.IntegerField(),
                                                                min_length=2, max_length=2))
    reason = serializers.CharField(max_length=300)


class UnsafeNextStepSerializer(serializers.Serializer):
    contact = serializers.UUIDField(help_text="het contactmoment waarin de cliënt zich niet "
                                              "veilig voelde")
    acute = serializers.BooleanField(help_text="acuut: de regisseur reageert vandaag; "
                                               "regisseur en teamleider krijgen bericht")
    observation = serializers.CharField(max_length=4000,
                                        help_text="wat de ondersteuner zag of hoorde")
    within_days = serializers.ChoiceField(
        choices=rules.UNSAFE_NEXT_CONTACT_CHOICES, default=rules.UNSAFE_NEXT_CONTACT_DAYS,
        help_text="volgend contactmoment binnen zoveel dagen (het ritme wordt aangepast)")


class UnsafeNextStepResultSerializer(serializers.Serializer):
    signal = serializers.UUIDField()
    urgency = serializers.ChoiceField(choices=Urgency.choices)
    due_at = serializers.DateTimeField()
    plan_adjusted = serializers.BooleanField()
    next_contact_due = serializers.DateField(allow_null=True)


class ExtensionSerializer(serializers.Serializer):
    new_end = serializers.DateField()
    reason = serializers.CharField(max_length=300)


@extend_schema(tags=["rhythm"])
class RhythmViewSet(HouseholdScopedMixin, viewsets.GenericViewSet):
    """Status "in zicht" / "aandacht" / "uit zicht" with its reasons, and the contact plan."""

    serializer_class = RhythmSerializer
    pagination_class = None
    schema = SingleObjectSchema()

    def _trajectory(self):
        trajectory = self.get_trajectory()
        if trajectory.phase != Phase.FOLLOW_UP:
            raise Http404
        return trajectory

    def _data(self, trajectory) -> dict:
        status_row = SightStatus.objects.filter(trajectory=trajectory).first()
        periods = periods_for(trajectory)
        due = status_row.next_contact_due if status_row else None
        until = trajectory.planned_end or timezone.localdate()
        plan = ContactPlan.objects.filter(trajectory=trajectory).first()
        return {
            "level": status_row.level if status_row else SightLevel.IN_SIGHT,
            "reasons": status_row.reasons if status_row else [],
            "next_contact_due": due,
            "computed_at": status_row.computed_at if status_row else None,
            "planned_contacts": rules.planned_contacts(periods, trajectory.departure_date, due,
                                                       until)[:12] if due else [],
            "periods": [list(p) for p in periods],
            "plan_reason": plan.reason if plan else "",
            "plan_changes": [
                {"at": c.at, "by": c.by.get_full_name() or c.by.username, "periods": c.periods,
                 "reason": c.reason}
                for c in plan_changes(trajectory)],
            "planned_end": trajectory.planned_end,
        }

    @extend_schema(responses=RhythmSerializer)
    def list(self, request: Request, household_uuid: str) -> Response:
        trajectory = self._trajectory()
        household_read(actor=self.actor, household=self.household, record_type="contact_plan")
        return Response(RhythmSerializer(self._data(trajectory)).data)

    @extend_schema(request=PlanAdjustSerializer, responses=RhythmSerializer)
    @action(detail=False, methods=["put"], url_path="plan")
    def plan(self, request: Request, household_uuid: str) -> Response:
        """Adjust the household's contact rhythm, with a reason."""
        trajectory = self._trajectory()
        data = self.validated(PlanAdjustSerializer)
        contact_plan_adjust(actor=self.actor, trajectory=trajectory, periods=data["periods"],
                            reason=data["reason"])
        return Response(RhythmSerializer(self._data(trajectory)).data)

    @extend_schema(request=UnsafeNextStepSerializer,
                   responses={201: UnsafeNextStepResultSerializer})
    @action(detail=False, methods=["post"], url_path="unsafe-next-step")
    def unsafe_next_step(self, request: Request, household_uuid: str) -> Response:
        """The next step after a contact where the client did not feel safe (issue 13):
        acute or not, the observation into the signal, the next contact brought forward."""
        trajectory = self._trajectory()
        data = self.validated(UnsafeNextStepSerializer)
        contact = contact_with_signal_for(trajectory, data["contact"])
        if contact is None:
            raise Http404
        plan = unsafe_contact_follow_up(
            actor=self.actor, contact=contact, acute=data["acute"],
            observation=data["observation"], within_days=data["within_days"])
        signal = contact.signal
        signal.refresh_from_db()
        due = (SightStatus.objects.filter(trajectory=trajectory)
               .values_list("next_contact_due", flat=True).first())
        return Response(UnsafeNextStepResultSerializer({
            "signal": signal.uuid, "urgency": signal.urgency, "due_at": signal.due_at,
            "plan_adjusted": plan is not None, "next_contact_due": due,
        }).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=ExtensionSerializer, responses={201: RhythmSerializer})
    @action(detail=False, methods=["post"])
    def extension(self, request: Request, household_uuid: str) -> Response:
        """Extend the trajectory beyond its planned end, with a reason."""
        trajectory = self._trajectory()
        data = self.validated(ExtensionSerializer)
        trajectory_extend(actor=self.actor, trajectory=trajectory, new_end=data["new_end"],
                          reason=data["reason"])
        return Response(RhythmSerializer(self._data(trajectory)).data,
                        status=status.HTTP_201_CREATED)
