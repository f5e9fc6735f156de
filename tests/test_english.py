"""Every screen fully translated in English (issue 13, item 7).

The check: request every page the personas can reach, in English, and look in the text
on screen for the Dutch of Zicht's own catalogue (``locale/en/LC_MESSAGES/django.po``): a
Dutch string that has an English translation but still shows in Dutch was not marked for
translation where it is shown (a string translated at import time, a template without
``{% translate %}``, data shipped in Dutch). The pages are found from the URL patterns, so a
new page is checked without anyone adding it here.

Why the catalogue and not a list of Dutch words: the pages show what professionals typed
(in Dutch, as they should), names and places; a word list would fail on them. The
catalogue's msgids are exactly the strings the product itself puts on screen.
"""

import gettext
import html
import re
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.conftest import _member, as_actor, login
from tests.factories import OrganisationFactory
from tests.signals.conftest import a_signal
from tests.test_permission_matrix import all_routes, fill
from zicht.stagnations.services import stagnation_escalate, stagnation_record

pytestmark = pytest.mark.django_db

LOCALE = Path(__file__).resolve().parents[1] / "src" / "zicht" / "locale"
# Routes that are no screen of their own: downloads, feeds, redirects, the API.
NOT_PAGES = ("api/", "admin/", "health", "metrics", "i18n/", ".ics", "<str:fmt>", "export",
             "pdf", "account/logout")


def catalogue() -> dict[str, str]:
    """Dutch msgid -> English, of strings distinctive enough to look for in a page."""
    mo = gettext.translation("django", localedir=LOCALE, languages=["en"])
    english = {k: v for k, v in mo._catalog.items() if isinstance(k, str) and k and v}
    wanted = {}
    all_english = " ".join(english.values())
    for dutch, translation in english.items():
        # The longest literal stretch between placeholders of a blocktranslate.
        piece = max(re.split(r"%\(\w+\)[sd]|%[sd]|\{\w+\}", dutch), key=len).strip()
        if (len(piece) >= 14 and " " in piece and piece != translation.strip()
                and piece not in all_english):  # English that keeps a Dutch term on purpose
            wanted[piece] = translation
    return wanted


def screen_text(content: str) -> str:
    content = re.sub(r"(?is)<(script|style)\b.*?</\1>", " ", content)
    content = re.sub(r"(?s)<[^>]+>", " ", content)
    return re.sub(r"\s+", " ", html.unescape(content))


def pages_without_parameters_but_the_household():
    for route in all_routes():
        if any(marker in route for marker in NOT_PAGES):
            continue
        if re.sub(r"<uuid:household_uuid>", "", route).count("<"):
            continue
        yield route


@pytest.fixture
def story(household, supporter, school, school_partner, alkmaar_team, region):
    """The household with a signal, a report to Veilig Thuis and an escalated stagnation, so
    that the pages show their sections and not only their empty states."""
    from zicht.signals import reports, services

    policy = _member("bea.beleid", alkmaar_team, "policy")
    veilig_thuis = OrganisationFactory(name="Veilig Thuis Noord-Holland Noord",
                                       kind="veilig_thuis", region=region)
    vt_worker = _member("victor.veiligthuis", veilig_thuis, "veilig_thuis")
    actor = as_actor(supporter)
    services.partner_connect(actor=actor, household=household, organisation=school)
    signal = a_signal(household, school_partner)
    report = reports.report_draft(actor=actor, household=household, veilig_thuis=veilig_thuis,
                                  signal=signal)
    reports.report_send(actor=actor, report=report)
    stagnation = stagnation_escalate(actor=actor, stagnation=stagnation_record(
        actor=actor, household=household, domain="debts", what="Wachtlijst",
        since=timezone.localdate(), must_act="Schuldhulp"), provision="other",
        tried=["contacted"], note="Wachtlijst van een half jaar.")
    return {"signal": signal, "report": report, "stagnation": stagnation, "policy": policy,
            "vt_worker": vt_worker}


def test_every_page_the_personas_reach_is_english_in_english(
        client, household, supporter, shelter_worker, school_partner, story):
    dutch = catalogue()
    assert len(dutch) > 300  # the catalogue was read
    visits = [(supporter, fill(route, household.uuid))
              for route in pages_without_parameters_but_the_household()]
    visits += [
        (supporter, reverse("signals:signal", args=[story["signal"].uuid])),
        (supporter, reverse("stagnations:detail", args=[story["stagnation"].uuid])),
        (shelter_worker, reverse("households:new")),
        (shelter_worker, reverse("home")),
        (story["vt_worker"], reverse("signals:veilig_thuis")),
        (story["vt_worker"], reverse("signals:report", args=[story["report"].uuid])),
        (story["policy"], reverse("evaluation:dashboard")),
        (story["policy"], reverse("stagnations:overview")),
        (school_partner, reverse("signals:signals")),
        (school_partner, reverse("signals:zorg_melden")),
    ]
    untranslated, seen = {}, 0
    for user, url in visits:
        login(client, user)
        client.cookies["django_language"] = "en"
        response = client.get(url)
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        seen += 1
        text = screen_text(response.content.decode())
        assert 'lang="en"' in response.content.decode(), url
        found = [d for d in dutch if d in text]
        if found:
            untranslated[url] = found[:5]
    assert seen > 30, "the pages were not reached"
    assert not untranslated, f"Dutch on English pages: {untranslated}"


def test_every_text_zicht_ships_as_data_has_its_english():
    """The default checklist, the ZRM and the questionnaires are rows written in Dutch by
    migrations; their pages show them through ``core.i18n.shipped``, which needs each of
    them in the catalogue (the apps' ``shipped_texts`` modules)."""
    from zicht.evaluation.models import Question, Questionnaire
    from zicht.plans.models import Instrument, InstrumentDomain, InstrumentLevel
    from zicht.safety.models import RiskInstrument, RiskItem, RiskLevel

    shipped = [i.name for i in RiskInstrument.objects.filter(is_default=True)]
    shipped += [i.description for i in RiskInstrument.objects.filter(is_default=True)]
    shipped += [t for item in RiskItem.objects.filter(instrument__is_default=True)
                for t in (item.text, item.source)]
    shipped += [t for lv in RiskLevel.objects.filter(instrument__is_default=True)
                for t in (lv.label, lv.advice)]
    shipped += [i.name for i in Instrument.objects.all()]
    shipped += [d.name for d in InstrumentDomain.objects.all()]
    shipped += [lv.name for lv in InstrumentLevel.objects.all()]
    shipped += [t for q in Questionnaire.objects.all()
                for t in (q.title, q.introduction, q.scale_min_label, q.scale_max_label)]
    shipped += [t for q in Question.objects.all() for t in (q.text, q.short_label)]
    english = catalogue_all()
    missing = [t for t in shipped if t and t not in english]
    assert len(shipped) > 60
    assert not missing, f"shipped in Dutch without English: {missing}"


def catalogue_all() -> dict[str, str]:
    mo = gettext.translation("django", localedir=LOCALE, languages=["en"])
    return {k: v for k, v in mo._catalog.items() if isinstance(k, str) and v}
