"""The household page's section for the client's own access (composed from above)."""

from django import template

from zicht.client.models import ClientAccess
from zicht.client.services import may_activate

register = template.Library()


@register.inclusion_tag("client/_household_section.html", takes_context=True)
def client_access_section(context, household):
    actor = context["actor"]
    if not may_activate(actor, household, context.get("access")):
        return {"show": False}
    return {"show": True, "household": household,
            "current": ClientAccess.objects.filter(household=household,
                                                   ended_at__isnull=True).first()}
