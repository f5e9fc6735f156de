from django import forms
from django.utils.translation import gettext_lazy as _

from zicht.core.forms import DateInput, StyledFormMixin
from zicht.plans.models import LifeDomain


class StagnationForm(StyledFormMixin, forms.Form):
    domain = forms.ChoiceField(label=_("Leefgebied"), choices=LifeDomain.choices)
    what = forms.CharField(label=_("Wat stagneert"), max_length=500,
                           help_text=_("Bijvoorbeeld: uitkering vertraagd door verhuizing, "
                                       "wachtlijst schuldhulpverlening."))
    since = forms.DateField(label=_("Sinds"), widget=DateInput)
    must_act = forms.CharField(label=_("Wie moet in actie komen"), max_length=200)


class EscalateForm(StyledFormMixin, forms.Form):
    note = forms.CharField(
        label=_("Voor de gemeente: wat zit vast en wat is al geprobeerd?"), max_length=500,
        help_text=_("De gemeente leest dit in plaats van uw eigen beschrijving. Geen namen."),
        widget=forms.Textarea(attrs={"rows": 3}))


class ResolveForm(StyledFormMixin, forms.Form):
    resolution = forms.CharField(label=_("Hoe is het opgelost?"), max_length=500,
                                 widget=forms.Textarea(attrs={"rows": 2}))
