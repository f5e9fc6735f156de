"""Writes of the self-scan (issue 16, point 4): loading a framework, a municipality's scan,
its answers, completion, sharing with the region and the improvement actions.

Every write of a scan is logged in the access log (``zicht.audit``; nothing here is about a
household). A completed scan is read-only: its answers and partners no longer change. Its
improvement actions do: they are what follows from the result.
"""

from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from zicht.audit.models import AccessAction
from zicht.audit.services import access_log
from zicht.directory.actor import Actor
from zicht.directory.models import Organisation
from zicht.network.models import (
    FrameworkSource,
    ImprovementAction,
    SelfScan,
    SelfScanAnswer,
    SelfScanChange,
    SelfScanFramework,
    SelfScanQuestion,
    SelfScanState,
    SelfScanTheme,
)
from zicht.network.rules import may_fill_in, selfscan_municipality_id
from zicht.network.selfscan_selectors import active_framework

# --- The framework as data ----------------------------------------------------------------


def _text(value: Any, where: str, errors: list[str], *, limit: int) -> str:
    if not isinstance(value, str) or not value.strip():
        errors.append(_("%(where)s: tekst ontbreekt.") % {"where": where})
        return ""
    if len(value) > limit:
        errors.append(_("%(where)s: langer dan %(n)s tekens.") % {"where": where, "n": limit})
    return value.strip()


def _key(value: Any, where: str, errors: list[str], seen: set[str]) -> str:
    from django.core.validators import validate_slug

    try:
        if not isinstance(value, str):
            raise TypeError
        validate_slug(value)
    except (ValidationError, TypeError):
        errors.append(_("%(where)s: de sleutel (key) bestaat uit letters, cijfers, - en _.")
                      % {"where": where})
        return ""
    if len(value) > 50:
        errors.append(_("%(where)s: de sleutel is langer dan 50 tekens.") % {"where": where})
    if value in seen:
        errors.append(_("%(where)s: sleutel %(key)s komt twee keer voor.")
                      % {"where": where, "key": value})
    seen.add(value)
    return value


def framework_validate(data: Any) -> list[str]:
    """What is wrong with a framework's JSON description; empty when it can be loaded."""
    errors: list[str] = []
    if not isinstance(data, dict):
        return [_("Het bestand beschrijft geen kader (verwacht een JSON-object).")]
    _key(data.get("key"), "key", errors, set())
    _text(data.get("version"), "version", errors, limit=20)
    _text(data.get("name"), "name", errors, limit=200)
    if not isinstance(data.get("introduction", ""), str):
        errors.append(_("introduction: tekst verwacht."))
    scale = data.get("scale")
    if not isinstance(scale, list) or len(scale) < 2:
        errors.append(_("scale: minstens twee antwoorden, elk met value en label."))
    else:
        values = []
        for i, level in enumerate(scale, 1):
            where = f"scale[{i}]"
            value = level.get("value") if isinstance(level, dict) else None
            if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value <= 100:
                errors.append(_("%(where)s: value is een heel getal van 0 tot 100.")
                              % {"where": where})
            else:
                values.append(value)
            _text(level.get("label") if isinstance(level, dict) else None, where, errors,
                  limit=60)
        if values != sorted(set(values)):
            errors.append(_("scale: de waarden lopen op en komen elk één keer voor."))
    themes = data.get("themes")
    if not isinstance(themes, list) or not themes:
        errors.append(_("themes: minstens één thema."))
        return errors
    theme_keys: set[str] = set()
    # A question's key is unique in the whole framework: answers are given by key.
    question_keys: set[str] = set()
    for i, theme in enumerate(themes, 1):
        where = f"themes[{i}]"
        if not isinstance(theme, dict):
            errors.append(_("%(where)s: verwacht een object.") % {"where": where})
            continue
        _key(theme.get("key"), where, errors, theme_keys)
        _text(theme.get("title"), where, errors, limit=200)
        questions = theme.get("questions")
        if not isinstance(questions, list) or not questions:
            errors.append(_("%(where)s: minstens één vraag.") % {"where": where})
            continue
        for j, question in enumerate(questions, 1):
            qwhere = f"{where}.questions[{j}]"
            if not isinstance(question, dict):
                errors.append(_("%(where)s: verwacht een object.") % {"where": qwhere})
                continue
            _key(question.get("key"), qwhere, errors, question_keys)
            _text(question.get("text"), qwhere, errors, limit=500)
    return errors


def selfscan_framework_load(data: Any, *, source: str = FrameworkSource.OFFICIAL
                            ) -> SelfScanFramework:
    """Load a framework (validated first: nothing is saved when anything is wrong) and make
    it the one new scans use. A version is loaded once; scans keep theirs."""
    errors = framework_validate(data)
    if errors:
        raise ValidationError(errors)
    version = data["version"].strip()
    if SelfScanFramework.objects.filter(key=data["key"], version=version).exists():
        raise ValidationError(_("Versie %(version)s van %(key)s is al geladen; geef het "
                                "bestand een nieuwe version.")
                              % {"version": version, "key": data["key"]})
    with transaction.atomic():
        SelfScanFramework.objects.filter(active=True).update(active=False)
        framework = SelfScanFramework.objects.create(
            key=data["key"], version=version, name=data["name"].strip(),
            introduction=data.get("introduction", "").strip(), source=source,
            scale=[{"value": s["value"], "label": s["label"].strip()} for s in data["scale"]],
            active=True)
        for order, theme in enumerate(data["themes"]):
            row = SelfScanTheme.objects.create(framework=framework, key=theme["key"],
                                               order=order, title=theme["title"].strip(),
                                               description=str(theme.get("description", "")))
            SelfScanQuestion.objects.bulk_create(
                SelfScanQuestion(theme=row, key=q["key"], order=n, text=q["text"].strip())
                for n, q in enumerate(theme["questions"]))
    return framework


# --- A municipality's scan ----------------------------------------------------------------


def _require_filler(actor: Actor, scan: SelfScan) -> None:
    if not may_fill_in(actor, scan.municipality_id):
        raise PermissionDenied


def _require_draft(scan: SelfScan) -> None:
    if scan.completed:
        raise ValidationError(_("Deze zelfscan is afgerond en verandert niet meer."))


def _check_partners(partners: list[Organisation], region_id: int) -> None:
    if any(p.region_id != region_id for p in partners):
        raise ValidationError({"partners": _("Kies organisaties van uw regio.")})


def selfscan_start(*, actor: Actor, held_on: date,
                   partners: list[Organisation] | None = None) -> SelfScan:
    """A new scan of the actor's municipality, on the framework in use."""
    municipality_id = selfscan_municipality_id(actor)
    if municipality_id is None:
        raise PermissionDenied
    framework = active_framework()
    if framework is None:
        raise ValidationError(_("Er is geen kader geladen."))
    if held_on > timezone.localdate():
        raise ValidationError({"held_on": _("Een zelfscan ligt niet in de toekomst.")})
    municipality = actor.organisation.municipality
    partners = partners or []
    _check_partners(partners, municipality.region_id)
    with transaction.atomic():
        scan = SelfScan.objects.create(municipality=municipality, framework=framework,
                                       held_on=held_on, created_by=actor.user)
        scan.partners.set(partners)
        SelfScanChange.objects.create(scan=scan, to_state=SelfScanState.DRAFT, by=actor.user)
        access_log(actor=actor, action=AccessAction.CREATE, record_type="selfscan",
                   record_uuid=scan.uuid)
    return scan


def selfscan_partners_set(*, actor: Actor, scan: SelfScan,
                          partners: list[Organisation]) -> SelfScan:
    _require_filler(actor, scan)
    _require_draft(scan)
    _check_partners(partners, scan.municipality.region_id)
    with transaction.atomic():
        scan.partners.set(partners)
        access_log(actor=actor, action=AccessAction.UPDATE, record_type="selfscan",
                   record_uuid=scan.uuid, ground="partners")
    return scan


def selfscan_answer(*, actor: Actor, scan: SelfScan,
                    answers: dict[str, tuple[int | None, str]]) -> SelfScan:
    """Record answers by question key (``{key: (value or None, note)}``); None clears one.
    Questions not named keep their answer."""
    _require_filler(actor, scan)
    _require_draft(scan)
    questions = {q.key: q for q in SelfScanQuestion.objects.filter(
        theme__framework_id=scan.framework_id)}
    values = {level["value"] for level in scan.framework.scale}
    errors = {}
    for key, (value, note) in answers.items():
        if key not in questions:
            errors[key] = _("Deze vraag hoort niet bij de zelfscan.")
        elif value is not None and value not in values:
            errors[key] = _("Kies een antwoord van de schaal.")
        elif value is None and note.strip():
            errors[key] = _("Kies eerst een antwoord; de toelichting hoort bij een antwoord.")
        elif len(note) > 1000:
            errors[key] = _("Hooguit 1000 tekens.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        for key, (value, note) in answers.items():
            question = questions[key]
            if value is None:
                SelfScanAnswer.objects.filter(scan=scan, question=question).delete()
            else:
                SelfScanAnswer.objects.update_or_create(
                    scan=scan, question=question,
                    defaults={"value": value, "note": note.strip()})
        access_log(actor=actor, action=AccessAction.UPDATE, record_type="selfscan",
                   record_uuid=scan.uuid, ground="answers")
    return scan


def selfscan_complete(*, actor: Actor, scan: SelfScan) -> SelfScan:
    """Draft to completed, once every question has its answer; read-only from then on."""
    _require_filler(actor, scan)
    if not scan.can_move_to(SelfScanState.COMPLETED):
        raise ValidationError(_("Deze zelfscan is al afgerond."))
    open_questions = (SelfScanQuestion.objects.filter(theme__framework_id=scan.framework_id)
                      .exclude(pk__in=scan.answers.values("question_id")).count())
    if open_questions:
        raise ValidationError(_("Nog %(n)s vragen zonder antwoord: beantwoord alle vragen "
                                "voordat u afrondt.") % {"n": open_questions})
    with transaction.atomic():
        # Locked and checked again: two people pressing "afronden" at once complete it once.
        locked = SelfScan.objects.select_for_update().get(pk=scan.pk)
        if locked.state != SelfScanState.DRAFT:
            raise ValidationError(_("Deze zelfscan is al afgerond."))
        scan.state = SelfScanState.COMPLETED
        scan.completed_at = timezone.now()
        scan.save(update_fields=["state", "completed_at"])
        SelfScanChange.objects.create(scan=scan, from_state=SelfScanState.DRAFT,
                                      to_state=SelfScanState.COMPLETED, by=actor.user)
        access_log(actor=actor, action=AccessAction.UPDATE, record_type="selfscan",
                   record_uuid=scan.uuid, ground="completed")
    return scan


def selfscan_share(*, actor: Actor, scan: SelfScan, shared: bool) -> SelfScan:
    """Show the scan by name to the region's policy staff (or stop doing so). Sharing is a
    choice of the municipality, also after completion; a draft is never shown."""
    _require_filler(actor, scan)
    with transaction.atomic():
        scan.shared_with_region = shared
        scan.save(update_fields=["shared_with_region"])
        access_log(actor=actor, action=AccessAction.UPDATE, record_type="selfscan",
                   record_uuid=scan.uuid, ground="shared" if shared else "not_shared")
    return scan


def improvement_action_add(*, actor: Actor, scan: SelfScan, theme: SelfScanTheme, what: str,
                           owner_organisation: Organisation, due_on: date,
                           owner_name: str = "") -> ImprovementAction:
    """An improvement action on a theme of the scan, owned by an organisation of the
    region (and a person in it, by name)."""
    _require_filler(actor, scan)
    errors = {}
    if theme.framework_id != scan.framework_id:
        errors["theme"] = _("Kies een thema van deze zelfscan.")
    if owner_organisation.region_id != scan.municipality.region_id:
        errors["owner_organisation"] = _("Kies een organisatie van uw regio.")
    if not what.strip():
        errors["what"] = _("Wat gaat er gebeuren?")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        action = ImprovementAction.objects.create(
            scan=scan, theme=theme, what=what.strip(), owner_organisation=owner_organisation,
            owner_name=owner_name.strip(), due_on=due_on, created_by=actor.user)
        access_log(actor=actor, action=AccessAction.CREATE, record_type="selfscan_action",
                   record_uuid=action.uuid)
    return action


def improvement_action_done(*, actor: Actor, action: ImprovementAction) -> ImprovementAction:
    _require_filler(actor, action.scan)
    if action.done_at is not None:
        return action
    with transaction.atomic():
        action.done_at = timezone.now()
        action.save(update_fields=["done_at"])
        access_log(actor=actor, action=AccessAction.UPDATE, record_type="selfscan_action",
                   record_uuid=action.uuid, ground="done")
    return action

