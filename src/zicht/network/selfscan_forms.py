from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from zicht.contacts.forms import Tiles
from zicht.core.forms import DateInput, StyledFormMixin
from zicht.core.i18n import shipped
from zicht.directory.models import Organisation
from zicht.network.models import SelfScan, SelfScanTheme

NO_HOUSEHOLDS = _("Over de samenwerking, niet over gezinnen: geen namen of kenmerken van "
                  "cliënten.")


class PartnersField(forms.ModelMultipleChoiceField):
    widget = forms.CheckboxSelectMultiple

    def label_from_instance(self, obj: Organisation) -> str:
        return obj.name


class StartForm(StyledFormMixin, forms.Form):
    held_on = forms.DateField(label=_("Datum van de zelfscan"), widget=DateInput)
    partners = PartnersField(label=_("Partners die meedoen"), required=False,
                             queryset=Organisation.objects.none(),
                             help_text=_("De organisaties uit het lokale netwerk met wie u de "
                                         "zelfscan invult. Zij kunnen de zelfscan inzien."))

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["partners"].queryset = organisations
        self.initial.setdefault("held_on", timezone.localdate())


class PartnersForm(StyledFormMixin, forms.Form):
    partners = PartnersField(label=_("Partners die meedoen"), required=False,
                             queryset=Organisation.objects.none())

    def __init__(self, *args, organisations, scan: SelfScan, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["partners"].queryset = organisations
        self.initial.setdefault("partners", [p.pk for p in scan.partners.all()])


class AnswersForm(StyledFormMixin, forms.Form):
    """Per question one tap on the scale, and an optional note."""

    def __init__(self, *args, scan: SelfScan, themes: list[SelfScanTheme], **kwargs):
        super().__init__(*args, **kwargs)
        choices = [(str(s["value"]), f'{s["value"]} · {shipped(s["label"])}')
                   for s in scan.framework.scale]
        self.groups = []
        for theme in themes:
            pairs = []
            for question in theme.questions.all():
                answer = question.answer
                self.fields[f"q-{question.key}"] = forms.TypedChoiceField(
                    label=shipped(question.text), choices=choices, required=False,
                    coerce=int, empty_value=None, widget=Tiles)
                self.fields[f"n-{question.key}"] = forms.CharField(
                    label=_("Toelichting (optioneel)"), required=False, max_length=1000,
                    widget=forms.Textarea(attrs={"rows": 2, "cols": 20}))
                if answer:
                    self.initial[f"q-{question.key}"] = str(answer.value)
                    self.initial[f"n-{question.key}"] = answer.note
                pairs.append((self[f"q-{question.key}"], self[f"n-{question.key}"]))
            self.groups.append((theme, pairs))

    def answers(self) -> dict[str, tuple[int | None, str]]:
        data = self.cleaned_data
        return {name[2:]: (data[name], data[f"n-{name[2:]}"] or "")
                for name in self.fields if name.startswith("q-")}


class ActionForm(StyledFormMixin, forms.Form):
    theme = forms.ModelChoiceField(label=_("Thema"), queryset=SelfScanTheme.objects.none(),
                                   empty_label=None)
    what = forms.CharField(label=_("Verbeteractie"), max_length=500, help_text=NO_HOUSEHOLDS)
    owner_organisation = forms.ModelChoiceField(label=_("Organisatie die de actie oppakt"),
                                                queryset=Organisation.objects.none())
    owner_name = forms.CharField(label=_("Wie (optioneel)"), max_length=200, required=False)
    due_on = forms.DateField(label=_("Uiterlijk"), widget=DateInput)

    def __init__(self, *args, scan: SelfScan, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["theme"].queryset = scan.framework.themes.all()
        self.fields["theme"].label_from_instance = lambda t: shipped(t.title)
        self.fields["owner_organisation"].queryset = organisations
