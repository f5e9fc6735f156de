"""Issue 5's pages on a seeded region: queries and time per page, whatever the size.

    python bench/bench_issue5.py --households 2000
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/zicht_bench \\
        python bench/bench_issue5.py --households 5000

Seeds a fresh database (SQLite in a temporary directory unless DATABASE_URL is set: never
point it at real data), gives every fifth household in follow-up an open stagnation and
every tenth a pending move, then requests each page as the demo personas.
"""

import argparse
import os
import tempfile
import time


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--households", type=int, default=2000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zicht.settings")
    os.environ.setdefault("ZICHT_HTTPS", "false")
    os.environ.setdefault("ZICHT_DATA_DIR", tempfile.mkdtemp(prefix="zicht-bench-"))
    os.environ["ALLOWED_HOSTS"] = "testserver"
    import django

    django.setup()
    from datetime import timedelta

    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection, reset_queries
    from django.test import Client
    from django.utils import timezone
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from zicht.accounts.models import User
    from zicht.demo.personas import table
    from zicht.demo.seeding import seed
    from zicht.directory.actor import actor_for
    from zicht.directory.models import Organisation
    from zicht.moves.services import move_request
    from zicht.stagnations.services import stagnation_record
    from zicht.trajectories.models import Trajectory

    call_command("migrate", verbosity=0)
    seed(households=args.households, seed=1, demo_accounts=True)
    supporter = User.objects.get(username="ondersteuner")
    actor = actor_for(supporter)
    hoorn = Organisation.objects.get(municipality__name="Hoorn", kind="municipality_team")
    following = list(Trajectory.objects.filter(
        phase="follow_up", supporter_organisation=actor.organisation).select_related(
        "household"))
    for i, trajectory in enumerate(following):
        if i % 5 == 0:
            stagnation_record(actor=actor, household=trajectory.household, domain="debts",
                              what="Wachtlijst schuldhulp", must_act="Schuldhulp",
                              since=timezone.localdate() - timedelta(days=i % 90))
        if i % 10 == 0:
            move_request(actor=actor, trajectory=trajectory, to_organisation=hoorn,
                         to_supporter=None, meeting_at=timezone.now())
    household = following[0].household

    def client_for(username: str) -> Client:
        user = User.objects.get(username=username)
        client = Client()
        client.force_login(user)
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = TOTPDevice.objects.filter(
            user=user).first().persistent_id
        session.save()
        return client

    pages = [
        ("ondersteuner", "caseload (werkvoorraad)", "/"),
        ("ondersteuner", "household page", f"/households/{household.uuid}/"),
        ("ondersteuner", "plan", f"/households/{household.uuid}/plan/"),
        ("ondersteuner", "stagnations of a household",
         f"/households/{household.uuid}/stagnations/"),
        ("beleid", "municipality stagnation overview", "/stagnations/"),
        ("ondersteuner.hoorn", "caseload with incoming moves", "/"),
        ("ondersteuner", "sociale kaart (all)", "/directory/"),
    ]
    rows = []
    for username, name, url in pages:
        client = client_for(username)
        client.get(url)  # warm the session and caches
        settings.DEBUG = True
        reset_queries()
        response = client.get(url)
        count = len(connection.queries)
        settings.DEBUG = False
        assert response.status_code == 200, (url, response.status_code)
        start = time.perf_counter()
        for _ in range(args.repeat):
            client.get(url)
        ms = (time.perf_counter() - start) / args.repeat * 1000
        rows.append((name, count, f"{ms:.0f}"))
    print(f"{connection.vendor}, {args.households} households, {len(following)} in the "
          f"Alkmaar team's follow-up")
    print(table(("page", "queries", "ms"), rows))


if __name__ == "__main__":
    main()
