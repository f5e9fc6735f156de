from django import forms
from django.utils.translation import gettext_lazy as _

from zicht.access.models import Category
from zicht.consent.models import Consent
from zicht.core.forms import DateInput, StyledFormMixin
from zicht.directory.models import OrganisationKind


class ConsentForm(StyledFormMixin, forms.ModelForm):
    organisation_kind = forms.ChoiceField(
        label=_("of: soort ketenpartner"), required=False,
        choices=[("", "—"), *OrganisationKind.choices])
    categories = forms.MultipleChoiceField(
        label=_("Welke gegevens"), required=False, choices=Category.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Voor nazorg door de ondersteuner: leeg laten (alles wat nodig is)."))

    class Meta:
        model = Consent
        fields = ["person", "purpose", "organisation", "organisation_kind", "categories",
                  "method", "given_on", "valid_until", "form_file"]
        widgets = {"given_on": DateInput, "valid_until": DateInput}

    def __init__(self, *args, household, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = household.persons.filter(role="client")
        self.fields["person"].empty_label = None
        self.fields["organisation"].required = False
        self.fields["form_file"].help_text = _("Optioneel: het getekende formulier (PDF, JPEG "
                                               "of PNG, hooguit 10 MB).")

    def clean_form_file(self):
        upload = self.cleaned_data.get("form_file")
        if not upload:
            return None
        head = upload.read(8)
        upload.seek(0)
        if upload.size > 10 * 1024 * 1024 or not head.startswith(
                (b"%PDF", b"\xff\xd8\xff", b"\x89PNG")):
            raise forms.ValidationError(_("Alleen PDF, JPEG of PNG, hooguit 10 MB."))
        return upload
