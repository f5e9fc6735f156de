"""The household page's link to its case conferences (composed from above: households
does not import conferences)."""

from django import template

from zicht.access.models import Category
from zicht.conferences.models import ConferenceState
from zicht.conferences.selectors import conferences_for

register = template.Library()


@register.inclusion_tag("conferences/_household_section.html", takes_context=True)
def conference_section(context, household):
    access = context.get("access")
    if access is None or not access.allows(Category.PLAN):
        return {"show": False}
    planned = conferences_for(context["actor"], household, access).filter(
        state=ConferenceState.PLANNED).order_by("planned_at").first()
    return {"show": True, "household": household, "planned": planned}
