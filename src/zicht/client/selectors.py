"""What the client sees of her own file: only what concerns her and her children.

Never the address (she knows it; the screen may be seen), never the perpetrator (not as a
person, not as a goal, and his names are masked in free text written by professionals),
never professionals' notes (contact moments, signals, risk assessments).
"""

import re

from zicht.client.models import ClientAccess
from zicht.client.services import is_own_action
from zicht.households.models import InvolvementReason, PersonRole
from zicht.plans.models import ActionStatus, GoalStatus
from zicht.trajectories.selectors import current_coordinator, current_trajectory

SHOWN_ROLES = (PersonRole.CLIENT, PersonRole.CHILD)


def masker(access: ClientAccess):
    """A function that blanks the perpetrator's names in a text shown to her."""
    names = set()
    for person in access.household.persons.filter(role=PersonRole.PERPETRATOR):
        names.update(n for n in (person.given_name, person.family_name) if len(n) > 1)
    if not names:
        return lambda text: text
    pattern = re.compile(r"\b(" + "|".join(re.escape(n) for n in sorted(names, key=len,
                                                                            reverse=True))
                         + r")\b", re.IGNORECASE)
    return lambda text: pattern.sub("…", text)


def _phone(user, organisation) -> str:
    return (getattr(user, "phone", "") or getattr(organisation, "phone", "") or "")


def client_overview(access: ClientAccess) -> dict:
    household = access.household
    mask = masker(access)
    trajectory = current_trajectory(household)
    supporter = coordinator = None
    if trajectory is not None:
        supporter_counts = household.involvements.current().filter(
            organisation_id=trajectory.supporter_organisation_id,
            reason=InvolvementReason.SUPPORTER).exists()
        if trajectory.supporter and supporter_counts:
            supporter = {"name": trajectory.supporter.get_full_name(),
                         "organisation": trajectory.supporter_organisation.name,
                         "phone": _phone(trajectory.supporter,
                                         trajectory.supporter_organisation)}
        assignment = current_coordinator(trajectory)
        if assignment:
            coordinator = {"name": assignment.professional.get_full_name()
                           if assignment.professional else "",
                           "organisation": assignment.organisation.name,
                           "phone": _phone(assignment.professional, assignment.organisation)}
    status = getattr(trajectory, "sight_status", None) if trajectory else None
    goals, loose_actions = [], []
    plan = getattr(household, "plan", None)
    if plan is not None:
        actions = list(plan.actions.select_related("goal", "goal__person",
                                                   "responsible_organisation")
                       .exclude(status=ActionStatus.CANCELLED))
        for goal in (plan.goals.select_related("person").filter(person__role__in=SHOWN_ROLES)
                     .exclude(status=GoalStatus.DROPPED)):
            goals.append({"goal": goal, "text": mask(goal.description),
                          "person": goal.person.given_name,
                          "actions": [_action(access, a, mask) for a in actions
                                      if a.goal_id == goal.pk]})
        loose_actions = [_action(access, a, mask) for a in actions if a.goal_id is None]
    safety = None
    safety_plan = getattr(household, "safety_plan", None)
    if safety_plan is not None and (version := safety_plan.current()) is not None:
        safety = {"agreements": mask(version.agreements),
                  "emergency_contacts": mask(version.emergency_contacts),
                  "next_review_on": version.next_review_on, "changed_at": version.changed_at}
    return {"supporter": supporter, "coordinator": coordinator,
            "next_contact": status.next_contact_due if status else None,
            "goals": goals, "loose_actions": loose_actions, "safety": safety}


def _action(access: ClientAccess, action, mask) -> dict:
    return {"action": action, "text": mask(action.description),
            "who": mask(action.responsible_person) or action.responsible_organisation.name,
            "own": is_own_action(access, action), "done": action.status == ActionStatus.DONE}
