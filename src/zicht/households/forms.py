from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from zicht.core.forms import DateInput, StyledFormMixin
from zicht.directory.models import Municipality
from zicht.households.models import Person, PersonRole
from zicht.households.services import (
    CITY_MAX,
    REASON_MAX,
    STREET_MAX,
    PersonData,
    normalise_postcode,
)


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


# The browser must not remember a (secret) address in its form history or autofill.
_NO_AUTOFILL = {"autocomplete": "off", "autocapitalize": "off", "spellcheck": "false"}


class AddressChangeForm(StyledFormMixin, forms.Form):
    """A new address, never pre-filled with the current one: reading that is "toon adres",
    which is logged. With ``needs_password`` the form asks for the password again (the
    current address is secret and the last password entry is too long ago)."""

    street = forms.CharField(label=_("Straat en huisnummer"), max_length=STREET_MAX,
                             widget=forms.TextInput(attrs=_NO_AUTOFILL))
    postcode = forms.CharField(label=_("Postcode"), max_length=7,
                               help_text=_("Bijvoorbeeld 1234 AB."),
                               widget=forms.TextInput(attrs=_NO_AUTOFILL))
    city = forms.CharField(label=_("Plaats"), max_length=CITY_MAX,
                           widget=forms.TextInput(attrs=_NO_AUTOFILL))
    municipality = forms.ModelChoiceField(
        label=_("Gemeente"), queryset=Municipality.objects.order_by("name"),
        help_text=_("Een andere gemeente verhuist het huishouden niet: een verhuizing naar "
                    "een andere gemeente gaat via de warme overdracht."))
    is_secret = forms.BooleanField(label=_("Geheim adres"), required=False)
    reason = forms.CharField(
        label=_("Reden van de wijziging"), max_length=REASON_MAX,
        help_text=_("Kort, bijvoorbeeld: verhuisd binnen de gemeente. Zet het adres zelf "
                    "hier niet in."),
        error_messages={"required": _("Leg kort vast waarom het adres verandert, "
                                      "bijvoorbeeld: verhuisd binnen de gemeente.")})

    def __init__(self, *args, needs_password: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if needs_password:
            self.fields["password"] = forms.CharField(
                label=_("Uw wachtwoord"), strip=False,
                help_text=_("Het huidige adres is geheim: bevestig uw wachtwoord om het te "
                            "wijzigen."),
                widget=forms.PasswordInput(attrs={
                    "autocomplete": "current-password",
                    "class": "utrecht-textbox utrecht-textbox--html-input"}))

    @property
    def needs_password(self) -> bool:
        return "password" in self.fields

    def password_confirmed(self) -> None:
        """The password was right: do not ask for it again on this page."""
        self.fields.pop("password", None)

    def clean_postcode(self) -> str:
        try:
            return normalise_postcode(self.cleaned_data["postcode"])
        except ValidationError as error:
            raise forms.ValidationError(error.messages) from None

    def address_data(self) -> dict:
        return {f: self.cleaned_data[f] for f in ("street", "postcode", "city", "municipality",
                                                  "is_secret", "reason")}
