from django import forms
from django.utils.translation import gettext_lazy as _

from zicht.core.forms import StyledFormMixin
from zicht.directory.models import (
    INVITABLE_ROLES,
    Municipality,
    Organisation,
    OrganisationKind,
    Role,
)

ROLE_CHOICES = [(r.value, r.label) for r in INVITABLE_ROLES]


class SearchForm(StyledFormMixin, forms.Form):
    municipality = forms.ModelChoiceField(label=_("Gemeente"), required=False,
                                          queryset=Municipality.objects.all(),
                                          empty_label=_("Alle gemeenten"))
    kind = forms.ChoiceField(label=_("Soort"), required=False,
                             choices=[("", _("Alle soorten")), *OrganisationKind.choices])
    shelter = forms.ModelChoiceField(
        label=_("En de opvang"), required=False, empty_label=_("Geen opvang gekozen"),
        queryset=Organisation.objects.filter(kind=OrganisationKind.SHELTER).order_by("name"),
        help_text=_("Bij een vertrek: kies de gemeente waar zij gaat wonen en de opvang waar "
                    "zij verblijft; u ziet dan beide contactpersonen."))


class OrganisationForm(StyledFormMixin, forms.ModelForm):
    class Meta:
        model = Organisation
        fields = ["email", "phone"]


class MembershipForm(StyledFormMixin, forms.Form):
    role = forms.ChoiceField(label=_("Rol"), choices=ROLE_CHOICES, required=False)
    active = forms.BooleanField(label=_("Actief"), required=False)
    in_directory = forms.BooleanField(label=_("Zichtbaar in de sociale kaart"), required=False)
    doorzettingsmacht = forms.BooleanField(
        label=_("Doorzettingsmacht"), required=False,
        help_text=_("Breekt namens de gemeente stagnaties door die de regisseur opschaalt. "
                    "Ziet daarvan wat nodig is om ze los te krijgen, nooit het dossier."))

    def __init__(self, *args, holder_possible: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if not holder_possible:
            del self.fields["doorzettingsmacht"]


class InvitationForm(StyledFormMixin, forms.Form):
    first_name = forms.CharField(label=_("Voornaam"), max_length=150)
    last_name = forms.CharField(label=_("Achternaam"), max_length=150)
    email = forms.EmailField(label=_("E-mailadres (werk)"), max_length=150,
                             help_text=_("Dit wordt ook de gebruikersnaam."))
    role = forms.ChoiceField(label=_("Rol"), choices=ROLE_CHOICES, initial=Role.SUPPORTER)


class AcceptForm(StyledFormMixin, forms.Form):
    password1 = forms.CharField(
        label=_("Kies een wachtwoord"), strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("Minstens 12 tekens; geen veelgebruikt wachtwoord en niet lijkend op "
                    "uw naam of e-mailadres."))
    password2 = forms.CharField(
        label=_("Hetzelfde wachtwoord nog eens"), strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}))

    def clean(self):
        data = super().clean()
        if data.get("password1") and data.get("password1") != data.get("password2"):
            self.add_error("password2", _("De twee wachtwoorden zijn niet gelijk."))
        return data


class ResetRequestForm(StyledFormMixin, forms.Form):
    reason = forms.CharField(
        label=_("Reden"), widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Bijvoorbeeld: telefoon kwijt, gebeld op het werknummer op 2 december."))


class OnboardForm(StyledFormMixin, forms.Form):
    name = forms.CharField(label=_("Naam van de organisatie"), max_length=200)
    kind = forms.ChoiceField(label=_("Soort"), choices=OrganisationKind.choices,
                             initial=OrganisationKind.SCHOOL)
    municipality = forms.ModelChoiceField(
        label=_("Gemeente"), required=False, queryset=Municipality.objects.none(),
        empty_label=_("Werkt voor de hele regio"),
        help_text=_("Alleen voor een gemeentelijk team: de gemeente waarvoor het werkt."))
    email = forms.EmailField(label=_("Algemeen e-mailadres"), required=False)
    phone = forms.CharField(label=_("Algemeen telefoonnummer"), max_length=30, required=False)
    admin_first_name = forms.CharField(label=_("Voornaam van de beheerder"), max_length=150)
    admin_last_name = forms.CharField(label=_("Achternaam van de beheerder"), max_length=150)
    admin_email = forms.EmailField(label=_("E-mailadres van de beheerder"), max_length=150)

    def __init__(self, *args, region=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["municipality"].queryset = Municipality.objects.filter(region=region)


class SingleSignOnForm(StyledFormMixin, forms.Form):
    email = forms.EmailField(
        label=_("Uw e-mailadres op het werk"), max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        help_text=_("Het domein van uw e-mailadres bepaalt bij welke organisatie u inlogt."))
