"""Out of sight at scale: the periodic scan and the caseload page (issue 3).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/zicht_bench \\
        python bench/bench_sight.py --households 50000

Seeds the households with ``zicht.demo.seeding`` (the code behind ``zicht seed``: a year
of contacts each) unless the database already holds that many, then prints a table:

- the full periodic scan over all active trajectories: the first one (every status is
  new and written) and the steady one (a scan 15 minutes later, only changes written);
- the caseload page (``/``) of a supporter whose team has 60 households: p50 and p95
  server time over many requests through Django's test client, in this process, started
  up through ``zicht.wsgi`` as a server would be;
- the page's SQL query count for a team with 10 and with 60 households.

Goals (issue 3): scan under 5 s on a 2-core machine, page p95 under 100 ms, the same
query count for 10 and 60. Never point this at a database with real data.
"""

import argparse
import os
import statistics
import time


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--households", type=int, default=50_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--requests", type=int, default=200)
    args = parser.parse_args()

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zicht.settings")
    os.environ.setdefault("ZICHT_HTTPS", "false")
    os.environ.setdefault("ALLOWED_HOSTS", "testserver,127.0.0.1,localhost")
    # Start up the way a production server does, through the WSGI entry point (which
    # also freezes start-up objects for the garbage collector), so the page times below
    # are the server's.
    from importlib import import_module

    import_module("zicht.wsgi")
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from zicht.accounts.models import User
    from zicht.demo.personas import table
    from zicht.demo.seeding import seed
    from zicht.directory.models import Membership, Organisation, OrganisationKind, Role
    from zicht.households.models import Household, Involvement, InvolvementReason
    from zicht.rhythm.models import SightStatus
    from zicht.rhythm.services import sight_scan
    from zicht.trajectories.models import Phase, Trajectory

    call_command("migrate", verbosity=0)
    missing = args.households - Household.objects.count()
    if missing > 0:
        started = time.perf_counter()
        seed(households=missing, seed=args.seed,
             progress=lambda done, total: print(f"seeding {done}/{total}", end="\r", flush=True))
        print(f"\nseeded {missing} households in {time.perf_counter() - started:.0f} s")

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")  # fresh statistics after seeding, as autovacuum would have
    active = Trajectory.objects.filter(phase=Phase.FOLLOW_UP).count()
    SightStatus.objects.all().delete()
    first = sight_scan()
    steady = sight_scan(today=timezone.localdate())

    def team_with(size: int) -> User:
        """A bench team involved with ``size`` households in follow-up, and its supporter."""
        some = Organisation.objects.filter(kind=OrganisationKind.MUNICIPALITY_TEAM).first()
        team, _ = Organisation.objects.get_or_create(
            name=f"Benchteam {size}", kind=OrganisationKind.MUNICIPALITY_TEAM,
            defaults={"region": some.region, "municipality": some.municipality})
        user, _ = User.objects.get_or_create(username=f"bench.{size}")
        Membership.objects.get_or_create(user=user, organisation=team, role=Role.SUPPORTER)
        TOTPDevice.objects.get_or_create(user=user, name="bench", confirmed=True)
        team.involvements.all().delete()
        households = (Trajectory.objects.filter(phase=Phase.FOLLOW_UP)
                      .order_by("?").values_list("household_id", flat=True)[:size])
        Involvement.objects.bulk_create(
            Involvement(household_id=h, organisation=team, reason=InvolvementReason.SUPPORTER,
                        started_on=timezone.localdate()) for h in households)
        return user

    def client_for(user: User) -> Client:
        client = Client()
        client.force_login(user)
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = TOTPDevice.objects.get(user=user).persistent_id
        session.save()
        return client

    def queries(user: User) -> int:
        client = client_for(user)
        client.get("/")  # warm up (session, templates)
        with CaptureQueriesContext(connection) as ctx:
            assert client.get("/").status_code == 200
        return len(ctx.captured_queries)

    ten, sixty = team_with(10), team_with(60)
    client = client_for(sixty)
    for _ in range(10):
        client.get("/")  # warm up
    times = []
    for _ in range(args.requests):
        started = time.perf_counter()
        response = client.get("/")
        times.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200
    p95 = statistics.quantiles(times, n=20)[-1]

    print(table(("measure", "value", "goal"), [
        ("database", connection.vendor, ""),
        ("households / trajectories in follow-up", f"{Household.objects.count()} / {active}",
         ""),
        ("first scan (all statuses written)", f"{first.seconds:.2f} s ({first.changed} written)",
         "< 5 s"),
        ("periodic scan (steady state)", f"{steady.seconds:.2f} s ({steady.changed} written)",
         "< 5 s"),
        (f"caseload page, 60 households, p50 ({args.requests} requests)",
         f"{statistics.median(times):.1f} ms", ""),
        (f"caseload page, 60 households, p95 ({args.requests} requests)", f"{p95:.1f} ms",
         "< 100 ms"),
        ("caseload page SQL queries, 10 households", str(queries(ten)), "same"),
        ("caseload page SQL queries, 60 households", str(queries(sixty)), "same"),
    ]))


if __name__ == "__main__":
    main()
