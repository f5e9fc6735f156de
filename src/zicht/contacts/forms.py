from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from zicht.contacts.models import Answer, Channel, ContactMoment
from zicht.core.forms import DateInput, StyledFormMixin
from zicht.plans.forms import add_review_fields, chosen_reviews, review_fields


class Tiles(forms.RadioSelect):
    """Radio buttons drawn as large tiles (``contacts/_tiles.html``): one tap a choice."""

    def __init__(self, attrs=None, choices=()):
        super().__init__({"class": "zicht-tile__input", **(attrs or {})}, choices)


class ContactForm(StyledFormMixin, forms.ModelForm):
    """A contact moment made for a thumb (issue 13): each answer one tap on a tile, today and
    the household's last channel already chosen, "geen bijzonderheden" answering the
    questions in one tap, and what an ordinary contact does not need folded away."""

    reached = forms.TypedChoiceField(
        label=_("Cliënt bereikt?"), required=False, empty_value=None, widget=Tiles,
        choices=[("yes", _("Bereikt")), ("no", _("Niet bereikt"))],
        coerce=lambda value: value == "yes",
        help_text=_("Niet bereikt telt als poging, niet als contact."))
    no_particulars = forms.BooleanField(
        label=_("Geen bijzonderheden"), required=False,
        widget=forms.CheckboxInput(attrs={"class": "zicht-tile__input"}),
        help_text=_("Hulp loopt goed, voelt zich veilig, veiligheidsplan actueel, niets "
                    "blijft liggen, geen extra ondersteuning nodig. Een antwoord dat u "
                    "zelf kiest, telt."))

    class Meta:
        model = ContactMoment
        fields = ["channel", "reached", *ContactMoment.QUESTION_FIELDS, "held_on", "with_whom",
                  "notes"]
        widgets = {"held_on": DateInput, "notes": forms.Textarea(attrs={"rows": 4}),
                   "channel": Tiles,
                   **{question: Tiles for question in ContactMoment.QUESTION_FIELDS}}

    #: Folded away under "Datum, met wie en notities": an ordinary contact needs none.
    FOLDED = ("held_on", "with_whom", "notes")

    def __init__(self, *args, last_channel: str = "", conditions=(), **kwargs):
        super().__init__(*args, **kwargs)
        # The veiligheidsvoorwaarden that still hold are reviewed at each contact moment.
        add_review_fields(self, conditions)
        # Tiles have no empty choice: leaving a question unanswered is leaving it blank.
        self.fields["channel"].choices = Channel.choices
        self.fields["channel"].initial = last_channel or None
        for question in ContactMoment.QUESTION_FIELDS:
            self.fields[question].choices = Answer.choices
        self.fields["held_on"].initial = timezone.localdate()
        self.order_fields(["channel", "reached", "no_particulars"])

    def clean(self):
        data = super().clean()
        if data.get("reached") is None:
            if data.get("no_particulars"):
                data["reached"] = True  # no particulars is a contact that took place
            elif "reached" not in self.errors:
                self.add_error("reached", _("Kies of de cliënt bereikt is."))
        return data

    def answers(self) -> dict[str, str]:
        return {f: self.cleaned_data[f] for f in ContactMoment.QUESTION_FIELDS}

    def condition_reviews(self) -> dict:
        return chosen_reviews(self)

    def review_fields(self) -> list:
        return review_fields(self)

    def questions(self) -> list[forms.BoundField]:
        return [self[f] for f in ContactMoment.QUESTION_FIELDS]

    def folded(self) -> list[forms.BoundField]:
        return [self[f] for f in self.FOLDED]

    def fields_with_errors(self) -> list[forms.BoundField]:
        return [field for field in self if field.errors]

    def folded_has_errors(self) -> bool:
        return any(self[f].errors for f in self.FOLDED)
