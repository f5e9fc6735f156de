"""The API keeps its own contract (issue 18, point 7).

schemathesis generates requests for every operation of the committed ``docs/openapi.yaml``
and sends them to the Django app in process (WSGI), as the household's supporter and as
the connected school, each with an API token. Every answer must be no server error, with a
status code, content type, headers (``API-Version``) and body that the schema documents
for that operation. The supporter also gets invalid requests (schemathesis' negative
mode): they must be refused as documented, never with a 500.

Bounded and deterministic: a fixed number of examples per operation, derandomised (the
same requests every run), no shrinking; all failures of a run are reported together.
"""

import contextlib
import traceback
from pathlib import Path

import hypothesis
import pytest
import schemathesis
from django.core.signals import got_request_exception, request_finished, request_started
from django.db import close_old_connections
from django.utils import timezone
from hypothesis import HealthCheck, Phase
from rest_framework.throttling import SimpleRateThrottle
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.core.failures import FailureGroup
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from tests.conftest import api_key_for, as_actor
from zicht.consent.models import ConsentMethod, ConsentPurpose
from zicht.consent.services import consent_record
from zicht.plans.services import action_add, goal_add
from zicht.signals import reports
from zicht.signals import services as signals
from zicht.wsgi import application

OPENAPI = Path(__file__).resolve().parents[1] / "docs" / "openapi.yaml"
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance,
          response_headers_conformance, response_schema_conformance]

#: (persona, generation mode, examples per operation): some 10 to 20 s each on an idle
#: machine.
RUNS = [
    ("supporter", GenerationMode.POSITIVE, 5),
    ("supporter", GenerationMode.NEGATIVE, 3),
    ("school_partner", GenerationMode.POSITIVE, 3),  # most of it is 404 for a school
]


@pytest.fixture(scope="module")
def schema():
    loaded = schemathesis.openapi.from_path(OPENAPI)
    loaded.app = application
    return loaded


@pytest.fixture
def world(household, supporter, school, school_partner, veilig_thuis):
    """The household with a plan goal and action, the school connected and seeing the plan
    and signals by consent, a worry it reported and a report to Veilig Thuis drafted from
    it: the path parameters the requests use, so that they reach real records."""
    actor = as_actor(supporter)
    signals.partner_connect(actor=actor, household=household, organisation=school)
    consent_record(actor=actor, household=household, person=household.client,
                   purpose=ConsentPurpose.PARTNER, method=ConsentMethod.WRITTEN,
                   given_on=timezone.localdate(), organisation=school,
                   categories=["plan", "signals"])
    goal = goal_add(actor=actor, household=household, person=household.client,
                    domain="debts", description="Schulden op een rij.")
    action = action_add(actor=actor, household=household, domain="debts",
                        description="Aanmelden bij schuldhulp.",
                        responsible_organisation=supporter.memberships.get().organisation,
                        goal=goal)
    signal = signals.signal_report(actor=as_actor(school_partner), household=household,
                                   urgency="not_acute", about="child",
                                   observed="Noor was erg bang.",
                                   observed_on=timezone.localdate())
    report = reports.report_draft(actor=actor, household=household,
                                  veilig_thuis=veilig_thuis, signal=signal)
    return {"household_uuid": str(household.uuid), "signal_uuid": str(signal.uuid),
            "action_uuid": str(action.uuid), "report_uuid": str(report.uuid)}


@pytest.fixture
def unthrottled(monkeypatch):
    """The limits have their own tests; here they would only cut the run short."""
    monkeypatch.setattr(SimpleRateThrottle, "THROTTLE_RATES",
                        {"anon": "100000/minute", "user": "100000/minute"})


@pytest.fixture
def connection_kept():
    """Django's handler closes the database connection after each request, which on
    PostgreSQL ends the test's transaction; Django's own test client keeps it open the
    same way."""
    for signal in (request_started, request_finished):
        signal.disconnect(close_old_connections)
    yield
    for signal in (request_started, request_finished):
        signal.connect(close_old_connections)


@pytest.fixture
def server_errors():
    """The exception behind each 500, for the failure report."""
    seen: list[str] = []

    def record(sender, request=None, **kwargs):
        seen.append(traceback.format_exc())

    got_request_exception.connect(record)
    yield seen
    got_request_exception.disconnect(record)


def failures_of(schema, *, token: str, mode: GenerationMode, examples: int,
                path_parameters: dict, server_errors: list) -> dict[str, str]:
    """``{"METHOD /path: failure": details}`` over every operation of the schema."""
    failures: dict[str, str] = {}
    headers = {"Authorization": f"Token {token}"}
    for result in schema.get_all_operations():
        operation = result.ok()
        where = f"{operation.method.upper()} {operation.path}"
        fixed = {name: value for name, value in path_parameters.items()
                 if f"{{{name}}}" in operation.path}
        if mode == GenerationMode.NEGATIVE and not (
                len(operation.body) or len(operation.query)
                or len(operation.path_parameters) > len(fixed)):
            continue  # nothing in this request can be made invalid

        @hypothesis.given(case=operation.as_strategy(generation_mode=mode,
                                                     path_parameters=fixed))
        @hypothesis.settings(max_examples=examples, derandomize=True, database=None,
                             deadline=None, phases=[Phase.explicit, Phase.generate],
                             suppress_health_check=list(HealthCheck))
        def call(case):
            try:
                case.call_and_validate(headers=headers, checks=CHECKS)
            except FailureGroup as group:
                for failure in group.exceptions:  # ``call`` runs within this iteration
                    failures.setdefault(f"{where}: {failure.title}",  # noqa: B023
                                        f"{failure.message}\n{''.join(server_errors)}")
            server_errors.clear()

        # Negative mode: Unsatisfiable when what could be made invalid here is fixed.
        with contextlib.suppress(hypothesis.errors.Unsatisfiable):
            call()
    return failures


@pytest.mark.parametrize(("persona", "mode", "examples"), RUNS,
                         ids=[f"{persona}-{mode.value}" for persona, mode, _ in RUNS])
def test_every_answer_is_what_the_schema_documents(request, schema, world, unthrottled,
                                                   connection_kept, server_errors, persona,
                                                   mode, examples):
    token = api_key_for(request.getfixturevalue(persona))
    failures = failures_of(schema, token=token, mode=mode, examples=examples,
                           path_parameters=world, server_errors=server_errors)
    assert not failures, "\n".join(failures) + "\n\n" + "\n\n".join(
        f"{title}\n{details}" for title, details in list(failures.items())[:5])


def test_every_api_answer_carries_the_api_version(client, settings):
    """Also the ones no view gives: an unknown path, a refusal before any view."""
    for path in ("/api/v1/households/", "/api/v1/no-such-thing/", "/api/schema/"):
        response = client.get(path)
        assert response["API-Version"] == settings.ZICHT_API_VERSION == "1.0.0", path
    assert "API-Version" not in client.get("/accounts/login/")
