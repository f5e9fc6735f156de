"""What the safety plan adds to the household page (composed from above: households
does not import safety)."""

from django import template

from zicht.safety.models import SafetyPlanVersion

register = template.Library()


@register.inclusion_tag("safety/_secret_address_warning.html")
def secret_address_warning(household, may_change_address, address_is_secret):
    """The safety plan says the address must stay secret, the address says it is not: then
    "toon adres" shows it without the password again, and lists may treat it as open."""
    plan_says_secret = bool(SafetyPlanVersion.objects.filter(plan__household=household)
                            .order_by("-number").values_list("secret_address", flat=True)
                            .first())
    return {"household": household, "may_change_address": may_change_address,
            "secret_per_plan_only": plan_says_secret and not address_is_secret}
