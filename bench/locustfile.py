"""The mixed load of issue 14 for locust, against ``zicht serve`` on loopback.

Run through ``bench/bench_load.py``, which seeds, makes the bench accounts (written to
``ZICHT_BENCH_ACCOUNTS``), starts the server and runs locust headless for a bounded time.
Every virtual user signs in with its own account and two-factor (TOTP from the account's
secret, pyotp), as a professional would; two users never share an account, because a
TOTP code is accepted once.

The mix: supporters (14 of 20) open Vandaag, a household of theirs and record a contact;
a partner (3 of 20) reports a worry through "zorg melden"; policy staff (3 of 20) open the
dashboard.
"""

import itertools
import json
import os
import random
import re
import time
from datetime import date
from pathlib import Path

import pyotp
from locust import HttpUser, between, events, task

ACCOUNTS = json.loads(Path(os.environ["ZICHT_BENCH_ACCOUNTS"]).read_text())
_pools = {kind: itertools.cycle(rows) for kind, rows in ACCOUNTS.items()}
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


@events.test_start.add_listener
def _loopback_only(environment, **kwargs):
    host = environment.host or ""
    if not host.startswith(("http://127.0.0.1", "http://localhost")):
        raise SystemExit("bench/locustfile.py runs against loopback only")


# Seconds between two tasks of a user, "min,max" (bench_load.py --wait): 0.5-1.5 s for a
# professional at work; "0,0" for the most the server can take.
_WAIT = [float(v) for v in os.environ.get("ZICHT_BENCH_WAIT", "0.5,1.5").split(",")]


class Professional(HttpUser):
    abstract = True
    kind = ""
    wait_time = between(*_WAIT)

    def page(self, method: str, path: str, name: str, **kwargs):
        """A page, counted as an error when it is not the page asked for (a login page
        answers 200 too)."""
        with self.client.request(method, path, name=name, catch_response=True,
                                 **kwargs) as response:
            if response.status_code >= 400:
                response.failure(f"status {response.status_code}")
            elif "/account/login/" in response.url and not path.startswith("/account/"):
                response.failure("sent to the login page")
            return response

    def _csrf(self, path: str, name: str) -> str:
        match = CSRF.search(self.page("GET", path, name).text)
        return match.group(1) if match else ""

    def on_start(self) -> None:
        self.account = next(_pools[self.kind])
        token = self._csrf("/account/login/", "login")
        # The token step's form comes back in the answer: a new GET would restart the wizard.
        response = self.client.post("/account/login/", name="login", data={
            "csrfmiddlewaretoken": token, "login_view-current_step": "auth",
            "auth-username": self.account["username"],
            "auth-password": self.account["password"]})
        totp = pyotp.TOTP(self.account["totp_secret"])
        for _attempt in range(2):
            match = CSRF.search(response.text)
            answer = self.client.post("/account/login/", name="login (two-factor)", data={
                "csrfmiddlewaretoken": match.group(1) if match else "",
                "login_view-current_step": "token", "token-otp_token": totp.now()})
            if "/account/login/" not in answer.url:
                return
            # A code is accepted once: wait for the next 30-second window.
            time.sleep(31 - time.time() % 30)
            response = answer


class Supporter(Professional):
    kind = "supporter"
    weight = 14

    @task(4)
    def vandaag(self) -> None:
        self.page("GET", "/", "Vandaag")

    @task(3)
    def household(self) -> None:
        uuid = random.choice(self.account["households"])
        self.page("GET", f"/households/{uuid}/", "household page")

    @task(1)
    def contact(self) -> None:
        uuid = random.choice(self.account["households"])
        path = f"/households/{uuid}/contacts/new/"
        token = self._csrf(path, "contact form")
        self.page("POST", path, "record a contact", data={
            "csrfmiddlewaretoken": token, "channel": "phone", "reached": "yes",
            "no_particulars": "on", "held_on": date.today().isoformat(),
            "notes": "Belronde (bench)."})


class Partner(Professional):
    kind = "partner"
    weight = 3

    @task
    def zorg_melden(self) -> None:
        token = self._csrf("/safety/zorg-melden/", "zorg melden (form)")
        person = random.choice(self.account["people"])
        self.page("POST", "/safety/zorg-melden/", "zorg melden", data={
            "csrfmiddlewaretoken": token, **person, "urgency": "not_acute",
            "observed": "Kind kwam zonder jas naar school (bench).",
            "observed_on": date.today().isoformat()})


class Policy(Professional):
    kind = "policy"
    weight = 3

    @task
    def dashboard(self) -> None:
        self.page("GET", "/evaluatie/", "dashboard")
