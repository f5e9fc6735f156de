from datetime import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from zicht.core.forms import DateInput, StyledFormMixin
from zicht.directory.models import Municipality, Organisation
from zicht.network.figures import FIGURE_CHOICES
from zicht.network.models import EvaluationOutcome

NO_HOUSEHOLDS = _("Bespreek geen gezinnen; daarvoor is het casusoverleg. Geen namen of "
                  "kenmerken van cliënten.")


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%H:%M")


class MeetingForm(StyledFormMixin, forms.Form):
    theme = forms.CharField(label=_("Thema"), max_length=200, help_text=NO_HOUSEHOLDS)
    day = forms.DateField(label=_("Datum"), widget=DateInput)
    start = forms.TimeField(label=_("Van"), widget=TimeInput)
    end = forms.TimeField(label=_("Tot"), widget=TimeInput)
    place = forms.CharField(label=_("Plaats"), max_length=200, required=False,
                            help_text=_("Adres of zaal; of vul hieronder een link in."))
    link = forms.URLField(label=_("Link voor online deelnemen"), required=False,
                          assume_scheme="https")

    def clean(self):
        data = super().clean()
        if data.get("day") and data.get("start") and data.get("end"):
            day = data["day"]
            data["starts_at"] = timezone.make_aware(datetime.combine(day, data["start"]))
            data["ends_at"] = timezone.make_aware(datetime.combine(day, data["end"]))
        return data

    def service_data(self) -> dict:
        data = self.cleaned_data
        return {"theme": data["theme"], "starts_at": data["starts_at"],
                "ends_at": data["ends_at"], "place": data["place"], "link": data["link"]}


class AttendanceForm(StyledFormMixin, forms.Form):
    present = forms.MultipleChoiceField(label=_("Wie was er?"), required=False,
                                        widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, invitations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["present"].choices = [
            (str(i.pk), f"{i.user.get_full_name() or i.user.username} ({i.organisation.name})")
            for i in invitations]
        self.initial.setdefault("present", [str(i.pk) for i in invitations if i.attended])


class NotesForm(StyledFormMixin, forms.Form):
    notes = forms.CharField(label=_("Verslag"), required=False, help_text=NO_HOUSEHOLDS,
                            widget=forms.Textarea(attrs={"rows": 5}))


class ActionForm(StyledFormMixin, forms.Form):
    what = forms.CharField(label=_("Afgesproken actie"), max_length=500, help_text=NO_HOUSEHOLDS)
    owner = forms.ChoiceField(label=_("Wie"))
    due_on = forms.DateField(label=_("Uiterlijk"), widget=DateInput)

    def __init__(self, *args, invitations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].choices = [
            (str(i.user_id), f"{i.user.get_full_name() or i.user.username} ({i.organisation.name})")
            for i in invitations]


class AgreementForm(StyledFormMixin, forms.Form):
    title = forms.CharField(label=_("Naam van de afspraak"), max_length=200,
                            help_text=_("Bijvoorbeeld: warme overdracht bij vertrek uit de "
                                        "opvang."))
    municipality = forms.ModelChoiceField(
        label=_("Gemeente"), queryset=Municipality.objects.none(), required=False,
        empty_label=_("De hele regio"))
    parties = forms.ModelMultipleChoiceField(label=_("Partijen"),
                                             queryset=Organisation.objects.none(),
                                             widget=forms.CheckboxSelectMultiple)
    starts_on = forms.DateField(label=_("Ingangsdatum"), widget=DateInput)
    review_on = forms.DateField(label=_("Evalueren op"), widget=DateInput)
    document = forms.FileField(label=_("Document"), required=False,
                               help_text=_("Optioneel: de getekende afspraak als PDF, hooguit "
                                           "10 MB."),
                               widget=forms.ClearableFileInput(attrs={"accept": "application/pdf"}))

    def __init__(self, *args, region_id, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["municipality"].queryset = Municipality.objects.filter(region_id=region_id)
        self.fields["parties"].queryset = Organisation.objects.filter(
            region_id=region_id).order_by("name")


class PromiseForm(StyledFormMixin, forms.Form):
    party = forms.ModelChoiceField(label=_("Partij"), queryset=Organisation.objects.none(),
                                   empty_label=None)
    text = forms.CharField(label=_("Wat belooft deze partij?"), max_length=500,
                           help_text=_("Bijvoorbeeld: de opvang nodigt de ondersteuner uit "
                                       "vóór het vertrek."))
    figure = forms.ChoiceField(label=_("Gemeten met (optioneel)"), choices=FIGURE_CHOICES,
                               required=False,
                               help_text=_("Een cijfer uit de evaluatie dat bij deze belofte "
                                           "past; het staat dan naast de belofte."))

    def __init__(self, *args, agreement, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["party"].queryset = agreement.parties.order_by("name")


class EvaluationForm(StyledFormMixin, forms.Form):
    held_on = forms.DateField(label=_("Geëvalueerd op"), widget=DateInput)
    outcome = forms.ChoiceField(label=_("Uitkomst"), choices=EvaluationOutcome.choices,
                                widget=forms.RadioSelect)
    notes = forms.CharField(label=_("Toelichting"), required=False,
                            widget=forms.Textarea(attrs={"rows": 3}))
    next_review_on = forms.DateField(label=_("Volgende evaluatie"), required=False,
                                     widget=DateInput,
                                     help_text=_("Leeg laten als de afspraak eindigt."))


class DocumentForm(StyledFormMixin, forms.Form):
    document = forms.FileField(label=_("Nieuw document (PDF, hooguit 10 MB)"),
                               widget=forms.ClearableFileInput(attrs={"accept": "application/pdf"}))
