from django import forms
from django.utils.translation import gettext_lazy as _

from zicht.access.models import Category
from zicht.core.forms import StyledFormMixin
from zicht.directory.models import Organisation


class PasswordForm(StyledFormMixin, forms.Form):
    password = forms.CharField(label=_("Wachtwoord"), strip=False,
                               widget=forms.PasswordInput(attrs={"autocomplete":
                                                                 "current-password"}))


class EmergencyForm(StyledFormMixin, forms.Form):
    reference = forms.CharField(label=_("Kenmerk van het huishouden"), max_length=12,
                                help_text=_("Bijvoorbeeld ZH-4F2K9."))
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
