"""JSON log lines: one per request with ids only, never a name, an address, a note, a
query string or form data; the worker's lines in the same format with the task's id."""

import json
import logging

import pytest
from django.test import Client
from django.urls import reverse
from django_tasks import task

from tests.conftest import SECRET_STREET, login
from zicht.operations.logs import JsonFormatter, TextFormatter, logging_config
from zicht.rhythm.worker import make_worker

CANARIES = ("Fatima", "Yilmaz", "Noor", "Emre", "Kees", "Bakker", SECRET_STREET, "1811 AB",
            "Canarystraat", "Zangvogel")


def json_lines(caplog) -> list[dict]:
    formatter = JsonFormatter()
    lines = [formatter.format(record) for record in caplog.records]
    return [json.loads(line) for line in lines]


def request_lines(caplog) -> list[dict]:
    return [line for line in json_lines(caplog) if line["logger"] == "zicht.request"]


def test_a_flow_through_a_household_logs_no_canary(client, household, supporter, outsider,
                                                   caplog, monkeypatch):
    caplog.set_level(logging.DEBUG)
    login(client, supporter)
    detail = reverse("households:detail", args=[household.uuid])
    client.get(detail + "?q=Fatima+Yilmaz&street=" + SECRET_STREET)
    client.post(reverse("households:address", args=[household.uuid]) + "?naam=Zangvogel")
    client.post(reverse("contacts:new", args=[household.uuid]),
                {"held_on": "2099-01-01", "channel": "phone", "reached": "yes",
                 "notes": "Fatima Yilmaz woont nu op de Canarystraat 7"})
    client.get("/bestaat-niet/Zangvogel/?naam=Fatima")
    import zicht.households.views as views

    def broken(**kwargs):  # a 500 whose exception message quotes personal data
        raise RuntimeError(f"duplicate key (street)=({SECRET_STREET}) for Fatima Yilmaz")

    with monkeypatch.context() as patch:
        patch.setattr(views, "household_read", broken)
        client.raise_request_exception = False
        assert client.get(detail + "?naam=Kees+Bakker").status_code == 500
    login(client, outsider)
    client.get(detail + "?naam=Noor")

    text = "\n".join(JsonFormatter().format(r) for r in caplog.records)
    assert "RuntimeError" in text, "the 500 was not logged: the scan would prove little"
    for canary in CANARIES:
        assert canary not in text, f"{canary!r} appears in a log line"
    assert "?" not in "".join(line["path"] for line in request_lines(caplog))

    lines = request_lines(caplog)
    assert len(lines) == 6  # one per request
    shown = next(line for line in lines if line["route"] == "households:detail"
                 and line["status"] == 200)
    assert shown["path"] == detail and shown["method"] == "GET"
    assert shown["user_id"] == supporter.pk and shown["duration_ms"] >= 0
    assert len(shown["request_id"]) == 32
    failed = next(line for line in json_lines(caplog) if line.get("exc_type"))
    assert failed["exc_type"] == "builtins.RuntimeError"
    assert any("households/views.py" in frame for frame in failed["stack"])
    assert [line["status"] for line in lines if line["user_id"] == outsider.pk] == [404]
    unknown = next(line for line in lines if line["status"] == 404 and line["route"] is None)
    assert unknown["path"] == "[unresolved]"


def test_the_request_id_is_taken_from_the_proxy_only_when_well_formed(db, caplog):
    caplog.set_level(logging.INFO)
    client = Client()
    given = client.get("/health/live", HTTP_X_REQUEST_ID="proxy-1234-abcd")
    assert given["X-Request-ID"] == "proxy-1234-abcd"
    forged = client.get("/health/live", HTTP_X_REQUEST_ID='x" Fatima\n{"level": "ERROR"}')
    assert forged["X-Request-ID"] != "proxy-1234-abcd" and len(forged["X-Request-ID"]) == 32
    assert [line["request_id"] for line in request_lines(caplog)] == [
        "proxy-1234-abcd", forged["X-Request-ID"]]
    assert "Fatima" not in caplog.text


def test_private_link_tokens_are_left_out_of_the_path(db, caplog):
    caplog.set_level(logging.INFO)
    Client().get("/notifications/agenda/s3cr3t-feed-token.ics?x=1")
    Client().get("/vragenlijst/another-secret-token/")
    paths = [line["path"] for line in request_lines(caplog)]
    assert paths == ["/notifications/agenda/[token].ics", "/vragenlijst/[token]/"]


def test_extra_fields_other_than_the_known_ones_are_not_written(caplog):
    caplog.set_level(logging.INFO)
    logging.getLogger("zicht.test").info("saved", extra={"user_id": 7, "client_name": "Fatima",
                                                         "request": object()})
    (line,) = json_lines(caplog)
    assert line["user_id"] == 7 and "client_name" not in line and "request" not in line


def test_the_text_format_writes_the_same_fields_and_no_exception_message(caplog):
    caplog.set_level(logging.INFO)
    logger = logging.getLogger("zicht.test")
    logger.info("request", extra={"status": 404, "route": "households:detail"})
    try:
        raise ValueError("Fatima Yilmaz, " + SECRET_STREET)
    except ValueError:
        logger.exception("failed")
    lines = [TextFormatter().format(record) for record in caplog.records]
    assert lines[0].endswith("zicht.test request route=households:detail status=404")
    assert "builtins.ValueError" in lines[1] and "test_logs.py" in lines[1]
    assert "Fatima" not in lines[1] and SECRET_STREET not in lines[1]


def test_the_format_and_level_come_from_the_environment():
    text = logging_config(fmt="text", level="debug")
    assert text["handlers"]["console"]["formatter"] == "text"
    assert text["root"]["level"] == "DEBUG"
    assert logging_config(fmt="nonsense", level="info")["handlers"]["console"][
        "formatter"] == "json"


@task()
def logging_task(number: int) -> int:
    logging.getLogger("zicht.test.task").info("working on it")
    return number


@pytest.mark.django_db(transaction=True)
def test_the_worker_and_its_tasks_log_json_with_the_task_id(caplog):
    caplog.set_level(logging.INFO)
    result = logging_task.enqueue(3)
    make_worker(interval=0, batch=True).run()
    lines = json_lines(caplog)
    inside = next(line for line in lines if line["message"] == "working on it")
    assert inside["task_id"] == str(result.id)
    assert inside["task_path"].endswith("test_logs.logging_task")
    finished = [line for line in lines if line["logger"] == "django_tasks"
                and "SUCCESSFUL" in line["message"]]
    assert finished and finished[0]["task_id"] == str(result.id)
    after = [line for line in lines if "exiting gracefully" in line["message"]]
    assert after and "task_id" not in after[0]
