from django import forms
from django.utils.translation import gettext_lazy as _

from zicht.core.forms import DateInput, StyledFormMixin
from zicht.core.i18n import shipped
from zicht.evaluation.models import CLIENT_MOMENTS, Moment, Questionnaire


class PeriodForm(StyledFormMixin, forms.Form):
    area = forms.ChoiceField(label=_("Gebied"), choices=[("gemeente", _("Mijn gemeente")),
                                                         ("regio", _("Mijn regio"))],
                             required=False)
    start = forms.DateField(label=_("Van"), widget=DateInput, required=False)
    end = forms.DateField(label=_("Tot en met"), widget=DateInput, required=False)


class InvitationForm(StyledFormMixin, forms.Form):
    moment = forms.ChoiceField(label=_("Moment"),
                               choices=[(m.value, m.label) for m in map(Moment, CLIENT_MOMENTS)])


class QuestionnaireForm(StyledFormMixin, forms.Form):
    """One radio group per question of a questionnaire defined as data."""

    def __init__(self, questionnaire: Questionnaire, *args, **kwargs):
        super().__init__(*args, **kwargs)
        low, high = questionnaire.scale_min, questionnaire.scale_max
        for question in questionnaire.questions.all():
            choices = []
            for value in questionnaire.scale:
                label = str(value)
                if value == low:
                    label = f"{value} – {shipped(questionnaire.scale_min_label)}"
                elif value == high:
                    label = f"{value} – {shipped(questionnaire.scale_max_label)}"
                choices.append((str(value), label))
            self.fields[question.key] = forms.TypedChoiceField(
                label=shipped(question.text), choices=choices, coerce=int, widget=forms.RadioSelect)
        for field in self.fields.values():
            field.widget.attrs["class"] = "utrecht-radio-button utrecht-radio-button--html-input"

    def answers(self) -> dict[str, int]:
        return dict(self.cleaned_data)
