from django import forms
from django.utils.translation import gettext_lazy as _

from zicht.core.forms import DateInput, StyledFormMixin
from zicht.directory.models import Organisation
from zicht.plans.models import LifeDomain
from zicht.stagnations.models import Provision, Tried


class StagnationForm(StyledFormMixin, forms.Form):
    domain = forms.ChoiceField(label=_("Leefgebied"), choices=LifeDomain.choices)
    what = forms.CharField(label=_("Wat stagneert"), max_length=500,
                           help_text=_("Bijvoorbeeld: uitkering vertraagd door verhuizing, "
                                       "wachtlijst schuldhulpverlening."))
    since = forms.DateField(label=_("Sinds"), widget=DateInput)
    must_act = forms.CharField(label=_("Wie moet in actie komen"), max_length=200)


class EscalateForm(StyledFormMixin, forms.Form):
    provision = forms.ChoiceField(label=_("Wat zit vast?"), choices=Provision.choices)
    stuck_organisation = forms.ModelChoiceField(
        label=_("Bij welke organisatie"), required=False,
        queryset=Organisation.objects.order_by("name"),
        empty_label=_("Staat niet in de sociale kaart"),
        help_text=_("Alleen als de organisatie in de sociale kaart staat."))
    tried = forms.MultipleChoiceField(label=_("Wat is al geprobeerd?"), choices=Tried.choices,
                                      widget=forms.CheckboxSelectMultiple)
    note = forms.CharField(
        label=_("Voor de gemeente: wat zit vast en wat is al geprobeerd?"), max_length=500,
        help_text=_("De gemeente leest dit in plaats van uw eigen beschrijving. Geen namen."),
        widget=forms.Textarea(attrs={"rows": 3}))


class ResolveForm(StyledFormMixin, forms.Form):
    resolution = forms.CharField(label=_("Hoe is het opgelost?"), max_length=500,
                                 widget=forms.Textarea(attrs={"rows": 2}))
