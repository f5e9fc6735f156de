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
    doorzettingsmacht = forms.BooleanField(
        label=_("Doorzettingsmacht"), required=False,
        help_text=_("Breekt namens de gemeente stagnaties door die de regisseur opschaalt. "
                    "Ziet daarvan wat nodig is om ze los te krijgen, nooit het dossier."))

    def __init__(self, *args, holder_possible: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if not holder_possible:
            del self.fields["doorzettingsmacht"]
