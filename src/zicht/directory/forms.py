from django import forms
from django.utils.translation import gettext_lazy as _

from zicht.core.forms import StyledFormMixin
from zicht.directory.models import Municipality, Organisation, OrganisationKind


class SearchForm(StyledFormMixin, forms.Form):
    municipality = forms.ModelChoiceField(label=_("Gemeente"), required=False,
                                          queryset=Municipality.objects.all(),
                                          empty_label=_("Alle gemeenten"))
    kind = forms.ChoiceField(label=_("Soort"), required=False,
                             choices=[("", _("Alle soorten")), *OrganisationKind.choices])


class OrganisationForm(StyledFormMixin, forms.ModelForm):
    class Meta:
        model = Organisation
        fields = ["email", "phone"]


class MembershipForm(StyledFormMixin, forms.Form):
    active = forms.BooleanField(label=_("Actief"), required=False)
    in_directory = forms.BooleanField(label=_("Zichtbaar in de sociale kaart"), required=False)
