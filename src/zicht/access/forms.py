from django import forms
from django.contrib.auth import forms as auth_forms
from django.utils.translation import gettext_lazy as _

from zicht.access.models import Category
from zicht.core.forms import DateInput, StyledFormMixin
from zicht.directory.models import Organisation
from zicht.households.models import Gender


class PasswordForm(StyledFormMixin, forms.Form):
    password = forms.CharField(label=_("Wachtwoord"), strip=False,
                               widget=forms.PasswordInput(attrs={"autocomplete":
                                                                 "current-password"}))


class PasswordChangeForm(StyledFormMixin, auth_forms.PasswordChangeForm):
    """Django's own: the current password, then the new one twice against the rules."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The validators' own list of rules is long on a phone; the page says them in one.
        self.fields["new_password1"].help_text = _(
            "Minstens 12 tekens, niet te raden en niet lijkend op uw naam.")


class EmergencyForm(StyledFormMixin, forms.Form):
    reference = forms.CharField(label=_("Kenmerk van het huishouden"), max_length=12,
                                help_text=_("Bijvoorbeeld ZH-4F2K9."))
    date_of_birth = forms.DateField(
        label=_("Geboortedatum van de cliënt of een kind"), widget=DateInput,
        help_text=_("Het kenmerk alleen opent niets: zo weet Zicht dat u het goede gezin "
                    "bedoelt."))
    reason = forms.CharField(label=_("Waarom hebt u nu toegang nodig?"),
                             widget=forms.Textarea(attrs={"rows": 3}))
    password = forms.CharField(label=_("Uw wachtwoord"), strip=False,
                               widget=forms.PasswordInput(attrs={"autocomplete":
                                                                 "current-password"}))


class SharingForm(StyledFormMixin, forms.Form):
    organisation = forms.ModelChoiceField(label=_("Ontvangende organisatie"),
                                          queryset=Organisation.objects.all())
    categories = forms.MultipleChoiceField(label=_("Welke gegevens"), choices=Category.choices,
                                           widget=forms.CheckboxSelectMultiple)
    reason = forms.CharField(
        label=_("Reden: waarom vraagt de veiligheid van een kind of de cliënt dit?"),
        widget=forms.Textarea(attrs={"rows": 3}))
    valid_until = forms.DateTimeField(label=_("Geldig tot"), widget=forms.DateTimeInput(
        attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"))
    hidden_from_client = forms.BooleanField(
        label=_("Niet tonen in het overzicht voor de cliënt (dat zou iemand in gevaar "
                "brengen)"), required=False)
    hidden_reason = forms.CharField(label=_("Waarom niet tonen"), required=False,
                                    widget=forms.Textarea(attrs={"rows": 2}))


class CorrectionForm(StyledFormMixin, forms.Form):
    """Correct a person's recorded data (AVG art. 16). The BSN is never shown: a filled-in
    BSN replaces the recorded one, an empty field leaves it as it is."""

    given_name = forms.CharField(label=_("Voornaam"), max_length=100)
    family_name = forms.CharField(label=_("Achternaam"), max_length=100, required=False)
    date_of_birth = forms.DateField(label=_("Geboortedatum"), required=False,
                                    widget=DateInput)
    gender = forms.ChoiceField(label=_("Gender"), choices=Gender.choices, required=False)
    relation = forms.CharField(label=_("Relatie tot cliënt"), max_length=100, required=False)
    bsn = forms.RegexField(label=_("Nieuw BSN"), regex=r"^\d{8,9}$", required=False,
                           help_text=_("Leeg laten als het BSN niet verandert."),
                           widget=forms.TextInput(attrs={"inputmode": "numeric",
                                                         "autocomplete": "off"}))
    reason = forms.CharField(label=_("Reden van de correctie"), required=False,
                             help_text=_("Bijvoorbeeld: op verzoek van de cliënt."),
                             widget=forms.Textarea(attrs={"rows": 2}))

    def changes(self) -> dict:
        data = dict(self.cleaned_data)
        data.pop("reason")
        if not data["bsn"]:
            data.pop("bsn")
        return data


def _token_days_choices():
    from django.conf import settings

    days = [d for d in (30, 90, 180, 365) if d <= settings.ZICHT_API_TOKEN_MAX_DAYS]
    return [(d, _("%(n)s dagen") % {"n": d}) for d in days or [settings.ZICHT_API_TOKEN_MAX_DAYS]]


class ApiTokenForm(StyledFormMixin, forms.Form):
    name = forms.CharField(label=_("Naam"), max_length=100,
                           help_text=_("Waarvoor de sleutel is, bv. het systeem dat hem "
                                       "gebruikt."))
    days = forms.TypedChoiceField(label=_("Geldig"), coerce=int, choices=_token_days_choices,
                                  initial=90)
