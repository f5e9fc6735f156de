from django import forms
from django.utils.translation import gettext_lazy as _

from zicht.core.forms import DateInput, StyledFormMixin
from zicht.core.i18n import shipped
from zicht.directory.models import Organisation
from zicht.households.models import PersonRole
from zicht.plans.models import ActionStatus, Goal, LifeDomain, ReviewOutcome, ScoreMoment


class GoalForm(StyledFormMixin, forms.Form):
    person = forms.ModelChoiceField(label=_("Voor wie"), queryset=None)
    domain = forms.ChoiceField(label=_("Leefgebied"), choices=LifeDomain.choices)
    description = forms.CharField(label=_("Doel"), max_length=500,
                                  widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, household, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = household.persons.filter(
            role__in=[PersonRole.CLIENT, PersonRole.CHILD])


class GoalChoiceField(forms.ModelChoiceField):
    """A goal by its life domain and text: the people it is about are not named here."""

    def label_from_instance(self, goal):
        return f"{goal.get_domain_display()}: {goal.description[:80]}"


class ActionForm(StyledFormMixin, forms.Form):
    domain = forms.ChoiceField(label=_("Leefgebied"), choices=LifeDomain.choices)
    description = forms.CharField(label=_("Actie"), max_length=500,
                                  widget=forms.Textarea(attrs={"rows": 2}))
    goal = GoalChoiceField(label=_("Bij doel"), queryset=Goal.objects.none(), required=False)
    responsible_organisation = forms.ModelChoiceField(label=_("Verantwoordelijke organisatie"),
                                                      queryset=Organisation.objects.all())
    responsible_person = forms.CharField(label=_("Verantwoordelijke persoon"), max_length=200,
                                         required=False)
    due_on = forms.DateField(label=_("Uiterlijk op"), widget=DateInput, required=False)

    def __init__(self, *args, plan=None, own_organisation_only=None, **kwargs):
        super().__init__(*args, **kwargs)
        if plan is not None:
            self.fields["goal"].queryset = plan.goals.all()
        if own_organisation_only:
            # A partner records only its own organisation's actions.
            self.fields["responsible_organisation"].queryset = Organisation.objects.filter(
                pk=own_organisation_only.pk)


class ActionUpdateForm(StyledFormMixin, forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=ActionStatus.choices)
    note = forms.CharField(label=_("Toelichting"), max_length=500, required=False)


class ScoresForm(StyledFormMixin, forms.Form):
    moment = forms.ChoiceField(label=_("Moment"), choices=ScoreMoment.choices)
    scored_on = forms.DateField(label=_("Datum"), widget=DateInput)

    def __init__(self, *args, instrument, **kwargs):
        super().__init__(*args, **kwargs)
        levels = list(instrument.levels.all())
        self.domains = list(instrument.domains.all())
        choices = [("", _("niet gescoord"))] + [(lv.pk, f"{lv.value} – {shipped(lv.name)}")
                                                for lv in levels]
        self.level_by_pk = {str(lv.pk): lv for lv in levels}
        for domain in self.domains:
            self.fields[f"domain_{domain.pk}"] = forms.ChoiceField(
                label=shipped(domain.name), choices=choices, required=False)
            self.fields[f"domain_{domain.pk}"].widget.attrs["class"] = (
                "utrecht-select utrecht-select--html-select")

    def levels(self):
        return {d: self.level_by_pk[self.cleaned_data[f"domain_{d.pk}"]] for d in self.domains
                if self.cleaned_data.get(f"domain_{d.pk}")}


def add_review_fields(form: forms.Form, conditions) -> None:
    """One tile question and a note per condition that still holds: the contact form
    and the conference's form review the veiligheidsvoorwaarden alike."""
    form.conditions = list(conditions)
    for condition in form.conditions:
        form.fields[f"condition_{condition.uuid}"] = forms.ChoiceField(
            label=condition.description, choices=ReviewOutcome.choices, required=False,
            widget=forms.RadioSelect(attrs={"class": "zicht-tile__input"}))
        form.fields[f"condition_{condition.uuid}_note"] = forms.CharField(
            label=_("Toelichting"), max_length=500, required=False,
            widget=forms.TextInput(attrs={"class": "utrecht-textbox utrecht-textbox--html-input"}))


def chosen_reviews(form: forms.Form) -> dict:
    return {c: (form.cleaned_data[f"condition_{c.uuid}"],
                form.cleaned_data[f"condition_{c.uuid}_note"])
            for c in form.conditions if form.cleaned_data.get(f"condition_{c.uuid}")}


def review_fields(form: forms.Form) -> list:
    return [(c, form[f"condition_{c.uuid}"], form[f"condition_{c.uuid}_note"])
            for c in form.conditions]
