from datetime import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from zicht.core.forms import DateInput, StyledFormMixin
from zicht.directory.models import Organisation
from zicht.plans.forms import add_review_fields, review_fields
from zicht.plans.models import LifeDomain


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%H:%M")


class ConferenceForm(StyledFormMixin, forms.Form):
    day = forms.DateField(label=_("Datum"), widget=DateInput)
    start = forms.TimeField(label=_("Tijd"), widget=TimeInput)
    place = forms.CharField(label=_("Plaats of link"), max_length=200, required=False)
    participants = forms.ModelMultipleChoiceField(
        label=_("Betrokken organisaties"), queryset=Organisation.objects.none(),
        widget=forms.CheckboxSelectMultiple, required=False,
        help_text=_("Uw eigen organisatie neemt altijd deel."))
    others = forms.CharField(
        label=_("Anderen"), max_length=500, required=False,
        help_text=_("Bijvoorbeeld de huisarts of de wijkagent: alleen met toestemming van "
                    "de cliënt. Zij zien het dossier niet."))
    others_consented = forms.BooleanField(label=_("De cliënt gaf toestemming voor de anderen"),
                                          required=False)
    agenda = forms.CharField(label=_("Agenda"), widget=forms.Textarea(attrs={"rows": 4}))

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["participants"].queryset = organisations

    def clean(self):
        data = super().clean()
        if data.get("day") and data.get("start"):
            data["planned_at"] = timezone.make_aware(datetime.combine(data["day"],
                                                                      data["start"]))
        return data

    def service_data(self) -> dict:
        data = self.cleaned_data
        return {"planned_at": data["planned_at"], "place": data["place"],
                "participants": list(data["participants"]), "others": data["others"],
                "others_consented": data["others_consented"], "agenda": data["agenda"]}


class HoldForm(StyledFormMixin, forms.Form):
    held_on = forms.DateField(label=_("Gehouden op"), widget=DateInput)
    client_present = forms.TypedChoiceField(
        label=_("Was de cliënt erbij?"), required=False, empty_value=None,
        choices=[("", _("Onbekend")), ("yes", _("Ja")), ("no", _("Nee"))],
        coerce=lambda value: value == "yes")
    client_view = forms.CharField(
        label=_("De eigen kijk van de cliënt"), required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Wat zij zelf vindt, in haar woorden; ook als zij er niet bij was."))
    decisions = forms.CharField(label=_("Besluiten"), widget=forms.Textarea(attrs={"rows": 4}),
                                help_text=_("De acties en veiligheidsvoorwaarden zet u "
                                            "hierna in het plan."))

    def __init__(self, *args, conditions=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["held_on"].initial = timezone.localdate()
        add_review_fields(self, conditions)

    def review_fields(self):
        return review_fields(self)

    def main_fields(self):
        return [self[name] for name in ("held_on", "client_present", "client_view",
                                        "decisions")]


class ConditionForm(StyledFormMixin, forms.Form):
    description = forms.CharField(
        label=_("Voorwaarde"), max_length=500, widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Concreet en te controleren, bijvoorbeeld: 'De ex-partner komt niet "
                    "naar de school; de school belt bij een poging direct de regisseur.'"))
    monitored_by = forms.ModelChoiceField(label=_("Wie ziet erop toe (organisatie)"),
                                          queryset=Organisation.objects.none())
    monitor_person = forms.CharField(label=_("Wie ziet erop toe (persoon)"), max_length=200,
                                     required=False)
    how = forms.CharField(label=_("Hoe"), max_length=500,
                          widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["monitored_by"].queryset = organisations


class DecisionForm(StyledFormMixin, forms.Form):
    domain = forms.ChoiceField(label=_("Leefgebied"), choices=LifeDomain.choices)
    description = forms.CharField(label=_("Actie"), max_length=500,
                                  widget=forms.Textarea(attrs={"rows": 2}))
    responsible_organisation = forms.ModelChoiceField(label=_("Verantwoordelijke organisatie"),
                                                      queryset=Organisation.objects.none())
    responsible_person = forms.CharField(label=_("Verantwoordelijke persoon"), max_length=200,
                                         required=False)
    due_on = forms.DateField(label=_("Uiterlijk op"), widget=DateInput, required=False)

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["responsible_organisation"].queryset = organisations
