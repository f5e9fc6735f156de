"""The handover summary: what the receiving supporter may read before accepting.

DOMAIN.md, consent: "Sharing is per partner and purpose". A category goes into the summary
only when the client has an active consent for a purpose that covers it; otherwise the
summary says the category was left out, never what is in it.
"""

from django.apps import apps
from django.utils import timezone
from django.utils.translation import gettext as _

from zicht.consent.models import Consent, ConsentPurpose
from zicht.households.models import PersonRole
from zicht.trajectories.models import Trajectory

# Which consent purposes allow which category to be handed over.
CATEGORY_PURPOSES: dict[str, set[str]] = {
    "household": {ConsentPurpose.HANDOVER},
    "plan": {ConsentPurpose.HANDOVER},
    "safety_plan": {ConsentPurpose.HANDOVER},
    "stagnations": {ConsentPurpose.HANDOVER},
    "contacts": {ConsentPurpose.HANDOVER},
}


def consented_categories(trajectory: Trajectory) -> set[str]:
    purposes = set(Consent.objects.active().filter(
        household=trajectory.household, person__role=PersonRole.CLIENT,
    ).values_list("purpose", flat=True))
    return {c for c, allowed in CATEGORY_PURPOSES.items() if purposes & allowed}


def _safety_plan(household) -> dict | None:
    """The current version of the safety plan (``zicht.safety``), as label → value.

    Seed 001, 2.2-2.6: the plan made in the shelter is often not handed over; here it is.
    """
    if not apps.is_installed("zicht.safety"):
        return None
    from zicht.safety.models import SafetyPlan, SafetyPlanVersion

    plan = SafetyPlan.objects.filter(household=household).first()
    version = plan.current() if plan else None
    if version is None:
        return None
    fields = SafetyPlanVersion._meta
    content = {str(fields.get_field(f).verbose_name): getattr(version, f)
               for f in SafetyPlanVersion.TEXT_FIELDS if getattr(version, f)}
    measures = [str(fields.get_field(f).verbose_name)
                for f in SafetyPlanVersion.MEASURE_FIELDS if getattr(version, f)]
    if measures:
        content[str(_("Maatregelen"))] = ", ".join(measures)
    content[str(_("Versie"))] = f"{version.number} ({version.changed_at:%Y-%m-%d})"
    return content


def handover_summary(trajectory: Trajectory) -> dict:
    household = trajectory.household
    allowed = consented_categories(trajectory)
    summary: dict = {
        "reference": household.reference,
        "taken_on": timezone.localdate().isoformat(),
        "departure_date": trajectory.departure_date.isoformat()
        if trajectory.departure_date else None,
        "planned_end": trajectory.planned_end.isoformat() if trajectory.planned_end else None,
        "excluded": sorted(set(CATEGORY_PURPOSES) - allowed),
    }
    if "household" in allowed:
        summary["persons"] = [
            {"role": p.get_role_display(), "name": str(p),
             "date_of_birth": p.date_of_birth.isoformat() if p.date_of_birth else None}
            for p in household.persons.filter(role__in=[PersonRole.CLIENT, PersonRole.CHILD])]
    if "plan" in allowed:
        from zicht.plans.models import Action, Goal, GoalStatus

        summary["goals"] = [
            {"domain": g.get_domain_display(), "for": g.person.given_name,
             "description": g.description}
            for g in Goal.objects.filter(plan__household=household,
                                         status=GoalStatus.OPEN).select_related("person")]
        summary["actions"] = [
            {"domain": a.get_domain_display(), "description": a.description,
             "organisation": a.responsible_organisation.name, "status": a.get_status_display(),
             "due_on": a.due_on.isoformat() if a.due_on else None}
            for a in Action.objects.filter(plan__household=household).select_related(
                "responsible_organisation")]
    if "safety_plan" in allowed:
        summary["safety_plan"] = _safety_plan(household)
    if "stagnations" in allowed:
        summary["stagnations"] = [
            {"domain": s.get_domain_display(), "what": s.what, "since": s.since.isoformat(),
             "must_act": s.must_act}
            for s in household.stagnations.filter(resolved_on__isnull=True)]
    if "contacts" in allowed:
        summary["contacts"] = [
            {"held_on": c.held_on.isoformat(), "kind": c.get_kind_display(),
             "channel": c.get_channel_display(), "reached": c.reached,
             "feels_safe": c.get_feels_safe_display(), "notes": c.notes,
             "organisation": c.organisation.name}
            for c in trajectory.contacts.select_related("organisation")]
    return summary
