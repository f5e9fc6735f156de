"""What the client sees of her own file: only what concerns her and her children.

Never the address (she knows it; the screen may be seen), never the perpetrator (not as a
person, not as a goal, and his names are masked in free text written by professionals),
never professionals' notes (contact moments, signals, risk assessments).
"""

import re
from typing import Any

from django_otp_webauthn.models import WebAuthnCredential

from zicht.client.models import ClientAccess
from zicht.client.services import is_own_action
from zicht.households.models import Address, InvolvementReason, PersonRole
from zicht.plans.models import ActionStatus, GoalStatus
from zicht.trajectories.selectors import current_coordinator, current_trajectory

SHOWN_ROLES = (PersonRole.CLIENT, PersonRole.CHILD)


def _address_terms(household) -> set[str]:
    """The street (with and without its number) and the postcode of her address.

    Read only to blank them out of free text shown to her, never shown: not an address
    reveal, so not logged as one (``households.services.address_reveal`` is the door).
    """
    address = Address.objects.filter(household=household).only("street", "postcode").first()
    if address is None:
        return set()
    terms = {address.street.strip()}
    street_only = re.sub(r"\s*\d.*$", "", address.street).strip()
    if len(street_only) > 3:
        terms.add(street_only)
    postcode = address.postcode.replace(" ", "").upper()
    if len(postcode) == 6:
        terms.update({postcode, f"{postcode[:4]} {postcode[4:]}"})
    return {t for t in terms if len(t) > 1}


def masker(access: ClientAccess):
    """A function that blanks the perpetrator's names and her address in a text shown to her.

    Indirect mentions count as well (the canary rule): professionals write his first or
    family name (or both) in plan actions, safety agreements, emergency contacts and
    comments, or copy the (secret) street or postcode into a note. Each is replaced by "…".
    """
    names = set()
    for person in access.household.persons.filter(role=PersonRole.PERPETRATOR):
        names.update(n.strip() for n in (person.given_name, person.family_name)
                     if len(n.strip()) > 1)
    names |= _address_terms(access.household)
    if not names:
        return lambda text: text
    pattern = re.compile(r"(?<!\w)(" + "|".join(re.escape(n) for n in sorted(names, key=len,
                                                                               reverse=True))
                         + r")(?!\w)", re.IGNORECASE)
    return lambda text: pattern.sub("…", text) if text else text


def masked(value: Any, mask) -> Any:
    """``mask`` applied to every string in a nested structure (the inzage data)."""
    if isinstance(value, str):
        return mask(value)
    if isinstance(value, dict):
        return {mask(str(k)): masked(v, mask) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [masked(v, mask) for v in value]
    return value


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


def has_passkey(access: ClientAccess | None) -> bool:
    """Whether she activated with a passkey (else with the authenticator app), for the
    professional who manages her access: which way she logs in, nothing about the key."""
    return access is not None and WebAuthnCredential.objects.filter(user_id=access.user_id) \
        .exists()
