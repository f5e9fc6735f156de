"""Filters of the self-scan pages: shipped text in the reader's language, and a score."""

from django import template
from django.utils.formats import number_format

from zicht.core.i18n import shipped as shipped_text

register = template.Library()


@register.filter
def shipped(text: str) -> str:
    """Zicht's own wording in the reader's language; a loaded official text as written."""
    return shipped_text(text)


@register.filter
def score(value: float | None) -> str:
    """A theme's mean with one decimal, or a dash when the theme was not answered."""
    return "–" if value is None else number_format(value, 1)
