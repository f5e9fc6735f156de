"""Forms for partners, signals, "zorg melden", the meldcode and reports to Veilig Thuis."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from zicht.core.forms import DateInput, StyledFormMixin
from zicht.directory.models import Organisation, OrganisationKind
from zicht.signals.models import (
    About,
    Decision,
    Outcome,
    ReportStatus,
    Urgency,
    VeiligThuisReport,
)
from zicht.signals.services import PARTNER_KINDS

YES_NO = [("yes", _("Ja")), ("no", _("Nee"))]


class PartnerConnectForm(StyledFormMixin, forms.Form):
    organisation = forms.ModelChoiceField(
        label=_("Ketenpartner"),
        queryset=Organisation.objects.filter(kind__in=PARTNER_KINDS).order_by("name"),
        help_text=_("De partner kan zorgen melden over dit gezin en ziet alleen de status "
                    "van de eigen meldingen, niet het dossier."),
    )
    label = forms.CharField(
        label=_("Hoe kent de partner het gezin?"), max_length=100, required=False,
        help_text=_("De partner ziet dit in plaats van het kenmerk, bijvoorbeeld: moeder van "
                    "Noor, groep 5. Geen achternaam."))


class PartnerLabelForm(StyledFormMixin, forms.Form):
    label = forms.CharField(label=_("Uw eigen omschrijving van het gezin"), max_length=100,
                            help_text=_("Alleen uw organisatie ziet dit."))


class SignalForm(StyledFormMixin, forms.Form):
    observed = forms.CharField(label=_("Wat heeft u gezien of gehoord?"),
                               widget=forms.Textarea(attrs={"rows": 4}))
    observed_on = forms.DateField(label=_("Wanneer"), widget=DateInput,
                                  initial=timezone.localdate)
    urgency = forms.ChoiceField(label=_("Hoe dringend?"), choices=Urgency.choices,
                                widget=forms.RadioSelect)
    about = forms.ChoiceField(label=_("Over wie?"), choices=About.choices)
    reporter_label = forms.CharField(
        label=_("Uw eigen omschrijving van het gezin (optioneel)"), required=False,
        max_length=100, help_text=_("Alleen u ziet dit terug, bijvoorbeeld: moeder van Noor, "
                                    "groep 5."))


class ZorgMeldenForm(StyledFormMixin, forms.Form):
    given_name = forms.CharField(label=_("Voornaam"), required=False, max_length=100)
    family_name = forms.CharField(label=_("Achternaam"), required=False, max_length=100)
    date_of_birth = forms.DateField(label=_("Geboortedatum"), required=False, widget=DateInput)
    bsn = forms.RegexField(label=_("Of: BSN"), required=False, regex=r"^\d{8,9}$",
                           widget=forms.TextInput(attrs={"autocomplete": "off",
                                                         "inputmode": "numeric"}))
    observed = forms.CharField(label=_("Wat heeft u gezien of gehoord?"),
                               widget=forms.Textarea(attrs={"rows": 4}))
    observed_on = forms.DateField(label=_("Wanneer"), widget=DateInput,
                                  initial=timezone.localdate)
    urgency = forms.ChoiceField(label=_("Hoe dringend?"), choices=Urgency.choices,
                                widget=forms.RadioSelect)

    def clean(self):
        data = super().clean()
        if not data.get("bsn") and not (data.get("given_name") and data.get("family_name")
                                        and data.get("date_of_birth")):
            raise forms.ValidationError(_("Vul naam en geboortedatum in, of het BSN."))
        return data


class StepForm(StyledFormMixin, forms.Form):
    """One form for every meldcode step; the view shows the fields of the next step."""

    notes = forms.CharField(label=_("Wat heeft u gedaan en vastgesteld?"), required=False,
                            widget=forms.Textarea(attrs={"rows": 4}))
    talk_skipped = forms.BooleanField(
        label=_("Het gesprek is overgeslagen, omdat praten de veiligheid in gevaar brengt"),
        required=False)
    talk_skipped_reason = forms.CharField(label=_("Reden"), required=False,
                                          widget=forms.Textarea(attrs={"rows": 2}))
    suspicion = forms.TypedChoiceField(
        label=_("1. Is er een vermoeden van huiselijk geweld of kindermishandeling?"),
        choices=YES_NO, coerce=lambda v: v == "yes", widget=forms.RadioSelect, required=False)
    acute_or_structural = forms.TypedChoiceField(
        label=_("2. Is er sprake van acute en/of structurele onveiligheid?"),
        choices=YES_NO, coerce=lambda v: v == "yes", widget=forms.RadioSelect, required=False,
        help_text=_("Ja: melden bij Veilig Thuis is verplicht."))
    can_organise_help = forms.TypedChoiceField(
        label=_("3. Kan ik passende hulp bieden of organiseren?"),
        choices=YES_NO, coerce=lambda v: v == "yes", widget=forms.RadioSelect, required=False)
    help_accepted = forms.TypedChoiceField(
        label=_("4. Aanvaarden de betrokkenen de hulp en werken zij mee?"),
        choices=YES_NO, coerce=lambda v: v == "yes", widget=forms.RadioSelect, required=False)
    lasting_safety = forms.TypedChoiceField(
        label=_("5. Leidt de hulp tot duurzame veiligheid?"),
        choices=YES_NO, coerce=lambda v: v == "yes", widget=forms.RadioSelect, required=False)
    decision = forms.ChoiceField(label=_("Besluit"), choices=Decision.choices, required=False,
                                 widget=forms.RadioSelect)

    FIELDS_PER_STEP = {
        "mapped": ["notes"],
        "consulted": ["notes"],
        "talked": ["notes", "talk_skipped", "talk_skipped_reason"],
        "weighed": ["suspicion", "acute_or_structural", "can_organise_help", "help_accepted",
                    "lasting_safety", "notes"],
        "decided": ["decision", "notes"],
    }

    def __init__(self, *args, step: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.step = step
        keep = self.FIELDS_PER_STEP.get(step, [])
        for name in list(self.fields):
            if name not in keep:
                del self.fields[name]

    def step_fields(self) -> dict:
        data = self.cleaned_data
        if self.step == "talked":
            if data.get("talk_skipped"):
                return {"talk_skipped_reason": data.get("talk_skipped_reason") or ""}
            return {}
        if self.step == "weighed":
            fields = {}
            for name in ("suspicion", "acute_or_structural", "can_organise_help",
                         "help_accepted", "lasting_safety"):
                raw = self.data.get(self.add_prefix(name))
                fields[name] = None if raw in (None, "") else data.get(name)
            return fields
        if self.step == "decided":
            return {"decision": data.get("decision") or ""}
        return {}

    def clean(self):
        data = super().clean()
        if (self.step == "talked" and data.get("talk_skipped")
                and not (data.get("talk_skipped_reason") or "").strip()):
            self.add_error("talk_skipped_reason",
                           _("Geef de reden waarom het gesprek niet kon."))
        return data


class ReportDraftForm(StyledFormMixin, forms.Form):
    veilig_thuis = forms.ModelChoiceField(
        label=_("Veilig Thuis"),
        queryset=Organisation.objects.filter(kind=OrganisationKind.VEILIG_THUIS))


class ReportForm(StyledFormMixin, forms.Form):
    reason = forms.CharField(label=_("Aanleiding"), widget=forms.Textarea(attrs={"rows": 4}))
    household = forms.CharField(label=_("Gezin"), required=False,
                                widget=forms.Textarea(attrs={"rows": 4}))
    signals = forms.CharField(label=_("Signalen"), required=False,
                              widget=forms.Textarea(attrs={"rows": 4}))
    weighing = forms.CharField(label=_("Afweging (afwegingskader)"), required=False,
                               widget=forms.Textarea(attrs={"rows": 5}))
    safety_plan = forms.CharField(label=_("Veiligheidsplan: risico's en maatregelen"),
                                  required=False, widget=forms.Textarea(attrs={"rows": 4}))
    done = forms.CharField(label=_("Wat is er al gedaan"), required=False,
                           widget=forms.Textarea(attrs={"rows": 4}))
    include_address = forms.BooleanField(
        label=_("Het (geheime) adres meesturen"), required=False,
        help_text=_("Alleen als Veilig Thuis het adres nodig heeft. Deze keuze wordt "
                    "vastgelegd in de toegangslog."))

    def content(self) -> dict[str, str]:
        return {k: self.cleaned_data[k] for k in VeiligThuisReport.SECTIONS}


class ReportStatusForm(StyledFormMixin, forms.Form):
    """Veilig Thuis follows a report up. ``allowed`` narrows the choices to the statuses
    possible now, so that nobody picks one only to hear it cannot be (issue 13)."""

    status = forms.ChoiceField(label=_("Nieuwe status"), choices=[
        (s, s.label) for s in ReportStatus if s not in (ReportStatus.DRAFT, ReportStatus.SENT)])
    note = forms.CharField(label=_("Toelichting"), required=False,
                           widget=forms.Textarea(attrs={"rows": 2}))
    feedback = forms.CharField(label=_("Terugkoppeling aan de melder"), required=False,
                               widget=forms.Textarea(attrs={"rows": 3}),
                               help_text=_("Is er een vervolg gestart, wie heeft de zaak "
                                           "overgenomen?"))
    safety_conditions = forms.CharField(label=_("Veiligheidsvoorwaarden"), required=False,
                                        widget=forms.Textarea(attrs={"rows": 3}))
    monitoring = forms.CharField(label=_("Hoe worden de voorwaarden gemonitord?"),
                                 required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, allowed: list[ReportStatus] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        if allowed is not None:
            self.fields["status"].choices = [(s, s.label) for s in allowed]


class CloseForm(StyledFormMixin, forms.Form):
    """Close a signal: the outcomes that follow from the meldcode's decision."""

    outcome = forms.ChoiceField(label=_("Uitkomst"), widget=forms.RadioSelect)
    reason = forms.CharField(label=_("Toelichting (verplicht bij afsluiten zonder besluit)"),
                             required=False, max_length=500,
                             widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, outcomes: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["outcome"].choices = [(o, Outcome(o).label) for o in outcomes]


class ReopenForm(StyledFormMixin, forms.Form):
    reason = forms.CharField(label=_("Waarom gaat het signaal weer open?"), max_length=500,
                             widget=forms.Textarea(attrs={"rows": 2}))
