"""Contact moments over the API: ``/api/v1/households/{uuid}/contacts/``.

The four central questions (five answers) of seed 002, "Een jaar in het zicht", are only
answered when the client was reached; ``contact_record`` holds that rule.
"""

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.extensions import OpenApiSerializerFieldExtension
from drf_spectacular.plumbing import build_choice_description_list
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status, viewsets
from rest_framework.request import Request
from rest_framework.response import Response

from zicht.access.models import Category
from zicht.access.policy import require
from zicht.contacts.models import Answer, ContactKind, ContactMoment
from zicht.contacts.services import contact_record
from zicht.directory.api import OrganisationRefSerializer, ProfessionalRefSerializer
from zicht.households.api import HouseholdScopedMixin
from zicht.households.services import household_read
from zicht.plans.api import ConditionReviewInputSerializer, conditions_reviewed


class AnswerField(serializers.ChoiceField):
    """An answer to one of the central questions; blank when not asked or not reached."""

    def __init__(self, question: str, **kwargs: Any) -> None:
        verbose_name = ContactMoment._meta.get_field(question).verbose_name
        super().__init__(choices=Answer.choices, allow_blank=True, default="",
                         help_text=verbose_name, **kwargs)


class AnswerFieldExtension(OpenApiSerializerFieldExtension):
    """One ``AnswerEnum`` component for the five questions instead of five identical enums."""

    target_class = AnswerField

    def get_name(self) -> str:
        return "AnswerEnum"

    def map_serializer_field(self, auto_schema, direction) -> dict[str, Any]:
        return {"type": "string", "enum": [*Answer.values, ""],
                "description": build_choice_description_list(Answer.choices)}


class ContactMomentSerializer(serializers.ModelSerializer):
    counsellor_contact = AnswerField("counsellor_contact")
    feels_safe = AnswerField("feels_safe")
    safety_plan_current = AnswerField("safety_plan_current")
    unaddressed_problems = AnswerField("unaddressed_problems")
    needs_extra_support = AnswerField("needs_extra_support")
    no_particulars = serializers.BooleanField(
        write_only=True, default=False,
        help_text="geen bijzonderheden: beantwoordt de open vragen als bij een contact "
                  "waarin alles goed gaat (ja, ja, ja, nee, nee); een gegeven antwoord telt")
    condition_reviews = ConditionReviewInputSerializer(
        many=True, write_only=True, required=False, default=list,
        help_text="de toets van de veiligheidsvoorwaarden in het plan die nog gelden "
                  "(alleen als de cliënt bereikt is)")
    recorded_by = ProfessionalRefSerializer(read_only=True)
    organisation = OrganisationRefSerializer(read_only=True)
    signal = serializers.SlugRelatedField(
        slug_field="uuid", read_only=True, allow_null=True,
        help_text="het signaal dat 'voelt zich niet veilig' maakte; de volgende stap: "
                  "POST /api/v1/households/{uuid}/rhythm/unsafe-next-step/")

    class Meta:
        model = ContactMoment
        fields = ["uuid", "kind", "held_on", "channel", "reached", "with_whom",
                  *ContactMoment.QUESTION_FIELDS, "no_particulars", "condition_reviews",
                  "notes", "recorded_by", "organisation", "recorded_at", "signal"]
        read_only_fields = ["uuid", "recorded_at"]


@extend_schema(tags=["contacts"])
class ContactViewSet(HouseholdScopedMixin, viewsets.GenericViewSet):
    """The contact moments of the household's current trajectory, newest first."""

    queryset = ContactMoment.objects.none()  # for the schema only
    serializer_class = ContactMomentSerializer
    partial_access = True  # list requires the contact-notes category; create is carers'

    def get_queryset(self) -> QuerySet[ContactMoment]:
        return self.get_trajectory().contacts.select_related("recorded_by", "organisation")

    def list(self, request: Request, household_uuid: str) -> Response:
        require(self.actor, self.household, Category.CONTACT_NOTES)
        page = self.paginate_queryset(self.get_queryset())
        household_read(actor=self.actor, household=self.household, record_type="contact")
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    def create(self, request: Request, household_uuid: str) -> Response:
        """Record a contact moment, or the introduction at the shelter (kind 'introduction')."""
        data = self.validated(ContactMomentSerializer)
        contact = contact_record(
            actor=self.actor, trajectory=self.get_trajectory(),
            kind=data.get("kind", ContactKind.FOLLOW_UP), held_on=data["held_on"],
            channel=data["channel"], reached=data["reached"],
            with_whom=data.get("with_whom", ""),
            answers={field: data[field] for field in ContactMoment.QUESTION_FIELDS},
            notes=data.get("notes", ""), no_particulars=data["no_particulars"],
            condition_reviews=conditions_reviewed(self.household, data["condition_reviews"]),
        )
        return Response(self.get_serializer(contact).data, status=status.HTTP_201_CREATED)
