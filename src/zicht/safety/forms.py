"""Forms for the safety plan, the risk checklist and the police call-out."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from zicht.core.forms import DateInput, StyledFormMixin
from zicht.core.i18n import shipped
from zicht.safety.models import AssessmentMoment, SafetyPlanVersion


class SafetyPlanForm(StyledFormMixin, forms.ModelForm):
    class Meta:
        model = SafetyPlanVersion
        fields = [*SafetyPlanVersion.TEXT_FIELDS[:4], *SafetyPlanVersion.MEASURE_FIELDS,
                  "measures_notes", "network", "emergency_contacts", "next_review_on",
                  "change_note"]
        widgets = {name: forms.Textarea(attrs={"rows": 3})
                   for name in SafetyPlanVersion.TEXT_FIELDS}
        widgets["next_review_on"] = DateInput()

    def plan_data(self) -> dict:
        return {k: v for k, v in self.cleaned_data.items() if k != "change_note"}


class RiskAssessmentForm(StyledFormMixin, forms.Form):
    moment = forms.ChoiceField(label=_("Moment"), choices=AssessmentMoment.choices)
    assessed_on = forms.DateField(label=_("Datum"), widget=DateInput,
                                  initial=timezone.localdate)

    def __init__(self, *args, instrument, **kwargs):
        super().__init__(*args, **kwargs)
        self.instrument = instrument
        for item in instrument.items.all():
            self.fields[f"item_{item.code}"] = forms.BooleanField(
                label=shipped(item.text), required=False,
                help_text=(_("Bron: %(source)s") % {"source": shipped(item.source)}
                           if item.source else ""),
                widget=forms.CheckboxInput(attrs={"class": "utrecht-checkbox "
                                                           "utrecht-checkbox--html-input"}))

    def present(self) -> set[str]:
        return {name.removeprefix("item_") for name, value in self.cleaned_data.items()
                if name.startswith("item_") and value}


class PoliceAlertForm(StyledFormMixin, forms.Form):
    called_at = forms.DateTimeField(
        label=_("Tijdstip"), initial=lambda: timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"},
                                   format="%Y-%m-%dT%H:%M"))
    what_was_done = forms.CharField(label=_("Wat is er gedaan?"),
                                    widget=forms.Textarea(attrs={"rows": 4}))
