"""Zoeken (issue 13): find a household by name, reference or date of birth.

Only over the households the actor may open with every category (``visible_households``,
carers and break the glass): a search by name must not tell a partner with consent for
signals only that a person is known. Nothing else is searched, so "does not exist" and
"exists but is not yours" give the same answer, in the same number of queries.

Each search is an access-log event (NEN 7513 names "search" among the events): one entry
for the search itself, with the kind of query (``search:name``, ``search:reference``,
``search:date_of_birth``) and no household, and one per household found. The searched text
is never logged: a name (or a date of birth) typed into the log would be personal data of
its own, of someone who may not even be a client; the households found are what the log
must say, and they are there.

Names are not encrypted at rest (only the address, notes and the like are, see
``core.crypto``), so the database matches them: every word of the query must occur in the
given or family name of one client or child (case-insensitive), never a perpetrator's.
"""

import re
from dataclasses import dataclass
from datetime import date, datetime

from django.conf import settings
from django.db import transaction
from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet

from zicht.audit import services as audit
from zicht.audit.models import AccessAction
from zicht.core.ratelimit import attempts_count
from zicht.directory.actor import Actor
from zicht.households.models import Household, Person, PersonRole
from zicht.households.selectors import visible_households

MAX_RESULTS = 25
MIN_NAME_LENGTH = 2
MAX_QUERY_LENGTH = 100
SEARCHED_ROLES = (PersonRole.CLIENT, PersonRole.CHILD)
# Every reference is "ZH-" and six characters (``services.new_reference``); a beginning of
# one is enough to find it.
_REFERENCE = re.compile(r"ZH-[0-9A-Z]{0,6}")
_DATE_FORMATS = ("%d-%m-%Y", "%d/%m/%Y", "%d.%m.%Y", "%Y-%m-%d", "%d %m %Y")


@dataclass(frozen=True)
class SearchQuery:
    kind: str  # "name", "reference" or "date_of_birth"
    words: tuple[str, ...] = ()
    reference: str = ""
    day: date | None = None


@dataclass(frozen=True)
class SearchResult:
    query: SearchQuery | None
    households: list[Household]
    truncated: bool = False  # more than MAX_RESULTS matched


def _date(text: str) -> date | None:
    for fmt in _DATE_FORMATS:
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    return None


def search_query(text: str) -> SearchQuery | None:
    """What kind of query the text is; ``None`` when there is nothing to search for."""
    text = " ".join(text.split())[:MAX_QUERY_LENGTH]
    if _REFERENCE.fullmatch(text.upper()):
        return SearchQuery(kind="reference", reference=text.upper())
    day = _date(text)
    if day is not None:
        return SearchQuery(kind="date_of_birth", day=day)
    if len(text) < MIN_NAME_LENGTH:
        return None
    return SearchQuery(kind="name", words=tuple(text.split(" ")))


def households_matching(actor: Actor, query: SearchQuery) -> QuerySet[Household]:
    """The visible households the query finds, with their clients prefetched (``clients``)."""
    households = visible_households(actor)
    if query.kind == "reference":
        households = households.filter(reference__startswith=query.reference)
    else:
        persons = Person.objects.filter(household=OuterRef("pk"), role__in=SEARCHED_ROLES)
        if query.kind == "date_of_birth":
            persons = persons.filter(date_of_birth=query.day)
        for word in query.words:
            persons = persons.filter(Q(given_name__icontains=word)
                                     | Q(family_name__icontains=word))
        households = households.filter(Exists(persons))
    return (households.prefetch_related(
        Prefetch("persons", queryset=Person.objects.filter(role=PersonRole.CLIENT),
                 to_attr="clients"))
        .order_by("reference"))


SEARCH_WINDOW_SECONDS = 600


def search_allowed(actor: Actor) -> bool:
    """A counter per professional in the shared cache (issue 18: every place that can be
    used to probe is limited)."""
    return attempts_count(f"search:user:{actor.user.pk}",
                          window_seconds=SEARCH_WINDOW_SECONDS) <= settings.ZICHT_SEARCH_LIMIT


def household_search(*, actor: Actor, text: str) -> SearchResult:
    """Search, and log the search and what it found (never the text), in one transaction."""
    query = search_query(text)
    if query is None:
        return SearchResult(query=None, households=[])
    with transaction.atomic():
        found = list(households_matching(actor, query)[:MAX_RESULTS + 1])
        truncated = len(found) > MAX_RESULTS
        found = found[:MAX_RESULTS]
        # One entry, also for no match, naming what was found (issue 14).
        audit.access_log_list(actor=actor, action=AccessAction.SEARCH,
                              record_type=f"search:{query.kind}", households=found)
    return SearchResult(query=query, households=found, truncated=truncated)
