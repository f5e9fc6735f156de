from django import forms
from django.utils.translation import gettext_lazy as _

from zicht.core.forms import DateInput, StyledFormMixin
from zicht.rhythm import rules

PERIOD_ENDS = (3, 6, 12)


class RhythmForm(StyledFormMixin, forms.Form):
    """Days between contact moments in each period after departure (CTI's three phases)."""

    every_days_1 = forms.IntegerField(label=_("Dagen tussen contactmomenten, maand 1 tot 3"),
                                      min_value=1, max_value=365)
    every_days_2 = forms.IntegerField(label=_("Dagen tussen contactmomenten, maand 4 tot 6"),
                                      min_value=1, max_value=365)
    every_days_3 = forms.IntegerField(label=_("Dagen tussen contactmomenten, maand 7 tot 12"),
                                      min_value=1, max_value=365)

    def periods(self) -> list[list[int]]:
        return [[end, self.cleaned_data[f"every_days_{i}"]]
                for i, end in enumerate(PERIOD_ENDS, start=1)]

    @staticmethod
    def initial_for(periods, departure) -> dict[str, int]:
        return {f"every_days_{i}": rules.interval_on(periods, departure,
                                                     rules.add_months(departure, end - 1))
                for i, end in enumerate(PERIOD_ENDS, start=1)}


class ContactPlanForm(RhythmForm):
    reason = forms.CharField(label=_("Reden van aanpassing"), max_length=300,
                             widget=forms.Textarea(attrs={"rows": 2}))


class ExtensionForm(StyledFormMixin, forms.Form):
    new_end = forms.DateField(label=_("Nieuwe einddatum"), widget=DateInput)
    reason = forms.CharField(label=_("Reden van verlenging"), max_length=300,
                             widget=forms.Textarea(attrs={"rows": 2}))
