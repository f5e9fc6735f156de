from django import forms
from django.utils.translation import gettext_lazy as _

from zicht.accounts.models import User
from zicht.core.forms import StyledFormMixin
from zicht.directory.models import Organisation, OrganisationKind, Role


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%dT%H:%M")


class TeamChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, team):
        return f"{team.municipality} – {team.name}"


class MoveForm(StyledFormMixin, forms.Form):
    to_organisation = TeamChoiceField(
        label=_("Team van de nieuwe gemeente"),
        queryset=Organisation.objects.filter(kind=OrganisationKind.MUNICIPALITY_TEAM,
                                             municipality__isnull=False)
        .select_related("municipality").order_by("municipality__name", "name"),
    )
    to_supporter = forms.ModelChoiceField(
        label=_("Nieuwe ondersteuner (als bekend)"), required=False,
        queryset=User.objects.filter(memberships__role=Role.SUPPORTER,
                                     memberships__active=True).distinct().order_by("first_name"),
    )
    meeting_at = forms.DateTimeField(label=_("Overdrachtsgesprek op"), widget=DateTimeInput,
                                     input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"])
    meeting_place = forms.CharField(label=_("Waar (of hoe)"), max_length=200, required=False,
                                    help_text=_("Bijvoorbeeld: samen met de cliënt, "
                                                "beeldbellen."))


class AnswerForm(StyledFormMixin, forms.Form):
    reason = forms.CharField(label=_("Toelichting (bij afwijzen of intrekken)"), required=False,
                             max_length=500, widget=forms.Textarea(attrs={"rows": 2}))
