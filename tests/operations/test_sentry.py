"""The Sentry scrubber, on a real event made by sentry-sdk from a failing request."""

import json

import pytest
import sentry_sdk
from django.test import Client
from sentry_sdk.integrations.django import DjangoIntegration
from sentry_sdk.transport import Transport

from tests.conftest import SECRET_STREET, login
from tests.operations.urls_explode import CANARY_NAME, CANARY_STREET
from zicht.operations import sentry


class Captured(Transport):
    def __init__(self, options=None):
        super().__init__(options)
        self.events = []

    def capture_envelope(self, envelope):
        for item in envelope.items:
            if item.type == "event":
                self.events.append(item.payload.json)


@pytest.fixture
def sentry_events():
    """sentry-sdk with the most talkative options, so that the scrubber has work to do; the
    events as they would leave the machine, and as they were before scrubbing."""
    before = []
    transport = Captured()

    def keep_and_scrub(event, hint):
        before.append(json.loads(json.dumps(event, default=str)))
        return sentry.scrub(event, hint)

    sentry_sdk.init(dsn="https://key@sentry.invalid/1", transport=transport,
                    send_default_pii=True, include_local_variables=True,
                    max_request_body_size="always", before_send=keep_and_scrub,
                    integrations=[DjangoIntegration()], default_integrations=False)
    yield transport.events, before
    sentry_sdk.get_client().close()
    sentry_sdk.init(dsn=None)


@pytest.mark.urls("tests.operations.urls_explode")
@pytest.mark.filterwarnings("ignore:The send_default_pii option is deprecated")
def test_a_real_event_keeps_only_the_type_the_template_and_the_frames(db, sentry_events,
                                                                      supporter):
    client = Client(raise_request_exception=False)
    login(client, supporter)  # a verified session: the user is known to the integration
    client.cookies["canary"] = CANARY_NAME
    response = client.post(f"/explode/?name={CANARY_NAME}", {"street": CANARY_STREET},
                           HTTP_USER_AGENT=CANARY_NAME)
    sentry_sdk.flush()
    assert response.status_code == 500
    events, before = sentry_events
    assert len(events) == 1
    raw = json.dumps(before[0])
    assert CANARY_NAME in raw and CANARY_STREET in raw  # the unscrubbed event had them

    event = events[0]
    sent = json.dumps(event)
    for canary in (CANARY_NAME, CANARY_STREET, "Zangvogel", "Canarystraat", SECRET_STREET,
                   supporter.username, supporter.email or "@"):
        assert canary not in sent, f"{canary!r} leaves the machine"
    for key in ("request", "user", "extra", "breadcrumbs", "contexts", "tags", "message"):
        assert key not in event
    (exception,) = event["exception"]["values"]
    assert exception["type"] == "ValueError" and "value" not in exception
    frames = exception["stacktrace"]["frames"]
    assert any(f["function"] == "explode" and f["lineno"] for f in frames)
    assert all(set(f) <= {"filename", "module", "function", "lineno", "in_app"}
               for f in frames)


def test_a_log_message_keeps_its_template_but_not_its_arguments():
    event = {"event_id": "e1", "level": "error", "logger": "zicht.test",
             "logentry": {"message": "could not reach %s", "params": [CANARY_NAME],
                          "formatted": f"could not reach {CANARY_NAME}"},
             "extra": {"name": CANARY_NAME}, "server_name": "web-1"}
    assert sentry.scrub(event, {}) == {"event_id": "e1", "level": "error",
                                       "logger": "zicht.test",
                                       "logentry": {"message": "could not reach %s"}}


def test_sentry_is_configured_without_personal_data(monkeypatch):
    calls = {}
    monkeypatch.setattr(sentry_sdk, "init", lambda **kw: calls.update(kw))
    sentry.init("https://key@sentry.invalid/1")
    assert calls["send_default_pii"] is False and calls["include_local_variables"] is False
    assert calls["before_send"] is sentry.scrub
    assert calls["before_breadcrumb"]({"message": CANARY_NAME}, {}) is None
