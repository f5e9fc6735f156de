"""Vandaag and search at scale (issue 13).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/zicht_bench \\
        python bench/bench_today.py --households 50000

Seeds the households with ``zicht.demo.seeding`` (the code behind ``zicht seed``) unless
the database already holds that many, scans them once (the out-of-sight statuses Vandaag
sorts on), then makes a bench team involved with 60 households in follow-up, 30 of them
supported by its bench supporter, and prints a table:

- Vandaag (``/``) for that supporter: p50 and p95 server time through Django's test
  client, started up through ``zicht.wsgi`` as a server would be;
- search (``/households/search/?q=``) by name, by reference and by date of birth;
- the SQL query count of both for a team with 10 and with 60 households.

Goal (issue 13): p95 under 100 ms on a 2-core machine, the same query count for 10 and
60. Never point this at a database with real data.
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
    from zicht.households.models import Household, Involvement, InvolvementReason, Person
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
    if not SightStatus.objects.exists():
        sight_scan()

    def team_with(size: int) -> tuple[User, list[int]]:
        """A bench team involved with ``size`` households in follow-up; its supporter
        supports half of them."""
        some = Organisation.objects.filter(kind=OrganisationKind.MUNICIPALITY_TEAM).first()
        team, _ = Organisation.objects.get_or_create(
            name=f"Vandaagteam {size}", kind=OrganisationKind.MUNICIPALITY_TEAM,
            defaults={"region": some.region, "municipality": some.municipality})
        user, _ = User.objects.get_or_create(username=f"vandaag.{size}")
        Membership.objects.get_or_create(user=user, organisation=team, role=Role.SUPPORTER)
        TOTPDevice.objects.get_or_create(user=user, name="bench", confirmed=True)
        team.involvements.all().delete()
        Trajectory.objects.filter(supporter=user).update(supporter=None)
        households = list(Trajectory.objects.filter(phase=Phase.FOLLOW_UP).order_by("?")
                          .values_list("household_id", flat=True)[:size])
        Involvement.objects.bulk_create(
            Involvement(household_id=h, organisation=team, reason=InvolvementReason.SUPPORTER,
                        started_on=timezone.localdate()) for h in households)
        Trajectory.objects.filter(household_id__in=households[: size // 2],
                                  phase=Phase.FOLLOW_UP).update(supporter=user)
        return user, households

    def client_for(user: User) -> Client:
        client = Client()
        client.force_login(user)
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = TOTPDevice.objects.get(user=user).persistent_id
        session.save()
        return client

    def queries(user: User, url: str) -> int:
        client = client_for(user)
        client.get(url)  # warm up (session, templates)
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx.captured_queries)

    def timed(client: Client, url: str) -> tuple[float, float]:
        for _ in range(10):
            client.get(url)  # warm up
        times = []
        for _ in range(args.requests):
            started = time.perf_counter()
            response = client.get(url)
            times.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200
        return statistics.median(times), statistics.quantiles(times, n=20)[-1]

    (ten, ten_households), (sixty, households) = team_with(10), team_with(60)
    client = client_for(sixty)
    client_person = Person.objects.filter(household_id=households[0], role="client").first()
    born = Person.objects.filter(household_id__in=households,
                                 date_of_birth__isnull=False).first()
    reference = Household.objects.get(pk=households[1]).reference
    searches = {
        "name": f"/households/search/?q={client_person.family_name}",
        "reference": f"/households/search/?q={reference}",
        "date of birth": f"/households/search/?q={born.date_of_birth:%d-%m-%Y}",
    }
    rows = [("database", connection.vendor, ""),
            ("households / in follow-up",
             f"{Household.objects.count()} / "
             f"{Trajectory.objects.filter(phase=Phase.FOLLOW_UP).count()}", "")]
    p50, p95 = timed(client, "/")
    rows += [(f"Vandaag, 60 households (30 own), p50 ({args.requests} requests)",
              f"{p50:.1f} ms", ""),
             ("Vandaag, p95", f"{p95:.1f} ms", "< 100 ms")]
    for kind, url in searches.items():
        p50, p95 = timed(client, url)
        rows += [(f"search by {kind}, p50", f"{p50:.1f} ms", ""),
                 (f"search by {kind}, p95", f"{p95:.1f} ms", "< 100 ms")]
    ten_name = Person.objects.filter(household_id=ten_households[0], role="client").first()
    rows += [("Vandaag SQL queries, 10 / 60 households",
              f"{queries(ten, '/')} / {queries(sixty, '/')}", "the same"),
             ("search SQL queries, 10 / 60 households",
              f"{queries(ten, f'/households/search/?q={ten_name.family_name}')} / "
              f"{queries(sixty, searches['name'])}", "the same")]
    print(table(("measure", "value", "goal"), rows))


if __name__ == "__main__":
    main()
