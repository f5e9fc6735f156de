"""Links between the pages of a list (``core/_pagination.html``)."""

from django import template

register = template.Library()


@register.simple_tag(takes_context=True)
def page_url(context, param: str, number: int) -> str:
    """This page's query string with ``param`` set to ``number``; the other parameters
    stay, so that paging one list of a page keeps the page the other list is on."""
    query = context["request"].GET.copy()
    query[param] = number
    return f"?{query.urlencode()}"
