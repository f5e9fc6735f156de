from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from zicht.contacts.forms import Tiles
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


class UnsafeNextStepForm(forms.Form):
    """The next step after "niet veilig" (issue 13): the supporter decides, in a few taps.

    No ``required`` attribute: the browser would draw the empty field as an error before
    anyone typed (Utrecht styles ``:invalid``); ``aria-required`` still says it.
    """

    use_required_attribute = False

    acute = forms.TypedChoiceField(
        label=_("Is het acuut?"), widget=Tiles, empty_value=None,
        coerce=lambda value: value == "yes",
        choices=[("yes", _("Ja, acuut: vandaag")), ("no", _("Nee, niet acuut"))],
        error_messages={"required": _("Kies of het acuut is.")},
        help_text=_("Acuut: direct gevaar, de veiligheid is de komende dagen niet "
                    "gegarandeerd. Dan moet de regisseur het signaal vandaag oppakken, en "
                    "krijgen de regisseur en de teamleider bericht."))
    observation = forms.CharField(
        label=_("Wat heeft u gezien of gehoord?"), max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4, "aria-required": "true",
                                     "class": "utrecht-textarea utrecht-textarea--html-textarea"}),
        error_messages={"required": _("Schrijf op wat u zag of hoorde.")},
        help_text=_("Dit komt in het signaal, voor de regisseur. Geen adres."))
    within_days = forms.TypedChoiceField(
        label=_("Volgend contactmoment"), widget=Tiles, coerce=int,
        initial=rules.UNSAFE_NEXT_CONTACT_DAYS,
        help_text=_("Het contactritme wordt voor deze en de volgende maand aangepast, met "
                    "als reden dat de cliënt zich niet veilig voelde."))

    def __init__(self, *args, may_adjust_rhythm: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        if not may_adjust_rhythm:
            del self.fields["within_days"]
            return
        self.fields["within_days"].choices = [  # here, in the language of the request
            (days, ngettext("binnen %(count)d dag", "binnen %(count)d dagen", days)
             % {"count": days}) for days in rules.UNSAFE_NEXT_CONTACT_CHOICES]
