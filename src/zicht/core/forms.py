from django import forms
from django.forms.renderers import TemplatesSetting

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


class StyledFormMixin:
    """Gives every widget the NL Design System (Utrecht) class for its kind."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            css = next((c for w, c in WIDGET_CLASSES.items() if isinstance(widget, w)),
                       "utrecht-textbox utrecht-textbox--html-input")
            widget.attrs.setdefault("class", css)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")
