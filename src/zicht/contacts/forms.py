from django import forms
from django.utils import timezone

from zicht.contacts.models import ContactMoment
from zicht.core.forms import DateInput, StyledFormMixin


class ContactForm(StyledFormMixin, forms.ModelForm):
    class Meta:
        model = ContactMoment
        fields = ["held_on", "channel", "reached", "with_whom",
                  *ContactMoment.QUESTION_FIELDS, "notes"]
        widgets = {"held_on": DateInput, "notes": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["held_on"].initial = timezone.localdate()

    def answers(self) -> dict[str, str]:
        return {f: self.cleaned_data[f] for f in ContactMoment.QUESTION_FIELDS}
