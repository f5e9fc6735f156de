from django import forms
from django.utils.translation import gettext_lazy as _

from zicht.core.forms import DateInput, StyledFormMixin
from zicht.households.models import Person, PersonRole
from zicht.households.services import PersonData


class PersonForm(StyledFormMixin, forms.ModelForm):
    class Meta:
        model = Person
        fields = ["given_name", "family_name", "date_of_birth", "gender", "relation"]
        widgets = {"date_of_birth": DateInput}

    def person_data(self, role: str) -> PersonData:
        return PersonData(role=role, **{f: self.cleaned_data[f] for f in self.Meta.fields})


class ClientForm(PersonForm):
    class Meta(PersonForm.Meta):
        fields = ["given_name", "family_name", "date_of_birth", "gender"]


class ChildForm(PersonForm):
    class Meta(PersonForm.Meta):
        fields = ["given_name", "family_name", "date_of_birth", "gender"]


class OtherPersonForm(PersonForm):
    role = forms.ChoiceField(
        label=_("rol"),
        # The blank choice keeps an unused row unchanged, so the formset skips it.
        choices=[("", _("Kies een rol"))] + [
            (r.value, r.label) for r in PersonRole if r not in (PersonRole.CLIENT,
                                                                PersonRole.CHILD)],
    )

    class Meta(PersonForm.Meta):
        fields = ["role", "given_name", "family_name", "date_of_birth", "relation"]

    def person_data(self, role: str | None = None) -> PersonData:
        data = {f: self.cleaned_data[f] for f in self.Meta.fields if f != "role"}
        return PersonData(role=self.cleaned_data["role"], **data)


ChildFormSet = forms.formset_factory(ChildForm, extra=3, max_num=12)
OtherPersonFormSet = forms.formset_factory(OtherPersonForm, extra=2, max_num=12)
