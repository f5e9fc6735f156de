"""The signals' part of the household's safety page (``safety/overview.html``).

The safety app sits below this one and does not import it; its page loads these tags
(``{% load signal_sections %}``) for the links, the signals and the reports to Veilig Thuis.
"""

from django import template

from zicht.households.models import Household, InvolvementReason

register = template.Library()


@register.inclusion_tag("signals/_signal_new_link.html")
def signal_new_link(household: Household) -> dict:
    """The button to record a signal on the household."""
    return {"household": household}


@register.inclusion_tag("signals/_partner_connect_link.html")
def partner_connect_link(household: Household, is_coordinator: bool) -> dict:
    """For the coordinating team: the link to connect a partner."""
    return {"household": household, "is_coordinator": is_coordinator}


@register.inclusion_tag("signals/_household_signals.html")
def household_signals(household: Household, is_coordinator: bool) -> dict:
    """The household's signals, with the meldcode for the coordinating team, and its partners."""
    return {
        "household": household,
        "is_coordinator": is_coordinator,
        "signals": household.signals.select_related("reporter_organisation"),
        "partners": household.involvements.current().filter(reason=InvolvementReason.PARTNER)
        .select_related("organisation"),
    }


@register.simple_tag
def household_reports(household: Household) -> list:
    """The household's reports to Veilig Thuis: ``{% household_reports household as reports %}``."""
    return list(household.veilig_thuis_reports.select_related("veilig_thuis"))


@register.inclusion_tag("signals/_household_reports.html")
def report_list(reports: list) -> dict:
    """The reports as links, with their status."""
    return {"reports": reports}
