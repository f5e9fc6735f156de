from django import forms

from zicht.consent.models import Consent
from zicht.core.forms import DateInput, StyledFormMixin


class ConsentForm(StyledFormMixin, forms.ModelForm):
    class Meta:
        model = Consent
        fields = ["person", "purpose", "method", "given_on", "valid_until"]
        widgets = {"given_on": DateInput, "valid_until": DateInput}

    def __init__(self, *args, household, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = household.persons.filter(role="client")
        self.fields["person"].empty_label = None
