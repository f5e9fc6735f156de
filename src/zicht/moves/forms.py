from django import forms
from django.utils.translation import gettext_lazy as _

from zicht.access.models import Category
from zicht.accounts.models import User
from zicht.consent.models import ConsentMethod
from zicht.core.forms import WIDGET_CLASSES, DateInput, StyledFormMixin
from zicht.directory.models import Organisation, OrganisationKind, Role
from zicht.moves.services import HandoverConsent, NewAddress


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%dT%H:%M")


class TeamChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, team):
        return f"{team.municipality} – {team.name}"


# What a handover may carry: everything of the record but the address, which goes only
# to the household's own record at acceptance.
HANDOVER_CATEGORIES = [(value, label) for value, label in Category.choices
                       if value != Category.ADDRESS]


class NewAddressFields(forms.Form):
    """The household's address in the new municipality (all three, or none at the request)."""

    new_street = forms.CharField(label=_("Nieuw adres: straat en huisnummer"), max_length=200,
                                 required=False, widget=forms.TextInput(
                                     attrs={"autocomplete": "off"}))
    new_postcode = forms.CharField(label=_("Postcode"), max_length=10, required=False,
                                   widget=forms.TextInput(attrs={"autocomplete": "off"}))
    new_city = forms.CharField(label=_("Plaats"), max_length=100, required=False,
                               widget=forms.TextInput(attrs={"autocomplete": "off"}))
    new_address_secret = forms.BooleanField(label=_("Het nieuwe adres is geheim"),
                                            required=False)

    def new_address(self):
        """A ``NewAddress`` when any of its fields was filled in, else None."""
        data = self.cleaned_data
        if not any(data.get(f) for f in ("new_street", "new_postcode", "new_city")):
            return None
        return NewAddress(data["new_street"], data["new_postcode"], data["new_city"],
                          data["new_address_secret"])


class MoveForm(StyledFormMixin, NewAddressFields):
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
    moving_date = forms.DateField(label=_("Verhuisdatum"), widget=DateInput)
    meeting_at = forms.DateTimeField(label=_("Overdrachtsgesprek op"), widget=DateTimeInput,
                                     input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"])
    meeting_place = forms.CharField(label=_("Waar (of hoe)"), max_length=200, required=False,
                                    help_text=_("Bijvoorbeeld: samen met de cliënt, "
                                                "beeldbellen."))
    field_order = ["to_organisation", "to_supporter", "moving_date", "meeting_at",
                   "meeting_place", "new_street", "new_postcode", "new_city",
                   "new_address_secret"]

    def __init__(self, *args, needs_consent: bool, **kwargs):
        super().__init__(*args, **kwargs)
        if needs_consent:
            # Recorded with the request, so that nothing is handed over without it.
            self.fields["consent_method"] = forms.ChoiceField(
                label=_("Toestemming van de cliënt voor de overdracht"),
                choices=[("", "---------"), *ConsentMethod.choices],
                # Added after StyledFormMixin styled the fields: give it its class here.
                widget=forms.Select(attrs={"class": WIDGET_CLASSES[forms.Select]}),
                help_text=_("Nog niet vastgelegd. Vraag het de cliënt en leg vast hoe zij "
                            "het gaf."))
            self.fields["consent_categories"] = forms.MultipleChoiceField(
                label=_("Welke gegevens mogen mee"), choices=HANDOVER_CATEGORIES,
                initial=[value for value, _label in HANDOVER_CATEGORIES],
                widget=forms.CheckboxSelectMultiple, required=False)

    def handover_consent(self):
        if "consent_method" not in self.fields:
            return None
        return HandoverConsent(self.cleaned_data["consent_method"],
                               tuple(self.cleaned_data["consent_categories"]))


class AnswerForm(StyledFormMixin, NewAddressFields):
    reason = forms.CharField(label=_("Toelichting (bij afwijzen of intrekken)"), required=False,
                             max_length=500, widget=forms.Textarea(attrs={"rows": 2}))
