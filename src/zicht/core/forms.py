from django import forms
from django.core.validators import MaxLengthValidator
from django.forms.renderers import TemplatesSetting

from zicht.core.dates import plausible_date

WIDGET_CLASSES = {
    forms.Select: "utrecht-select utrecht-select--html-select",
    forms.Textarea: "utrecht-textarea utrecht-textarea--html-textarea",
    forms.CheckboxInput: "utrecht-checkbox utrecht-checkbox--html-input",
    # Before RadioSelect: Django's CheckboxSelectMultiple is a subclass of it, and took the
    # radio button's class (round boxes that overlapped the next fields, issue 13).
    forms.CheckboxSelectMultiple: "utrecht-checkbox utrecht-checkbox--html-input",
    forms.RadioSelect: "utrecht-radio-button",
}


class ZichtFormRenderer(TemplatesSetting):
    form_template_name = "core/forms/form.html"
    field_template_name = "core/forms/field.html"


#: The longest free text a form takes where its field sets no maximum of its own: a long
#: note fits, a pasted document does not (the browser stops typing at it too).
TEXT_MAX_LENGTH = {forms.Textarea: 5000, forms.TextInput: 200}


class StyledFormMixin:
    """Gives every widget the NL Design System (Utrecht) class for its kind, every date
    the plausible-date rule and every free text a maximum length."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if isinstance(field, forms.DateField | forms.DateTimeField):
                field.validators.append(plausible_date)
            elif isinstance(field, forms.CharField) and field.max_length is None:
                limit = next((n for w, n in TEXT_MAX_LENGTH.items()
                              if type(field.widget) is w), None)
                if limit:
                    field.max_length = limit
                    field.validators.append(MaxLengthValidator(limit))
                    field.widget.attrs.update(field.widget_attrs(field.widget))
            widget = field.widget
            css = next((c for w, c in WIDGET_CLASSES.items() if isinstance(widget, w)),
                       "utrecht-textbox utrecht-textbox--html-input")
            widget.attrs.setdefault("class", css)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")
