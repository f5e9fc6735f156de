"""Time the regional evaluation dashboard on 50,000 seeded households (issue 7).

Goal: the regional dashboard answers within 1 s on a 2-core machine, computed in the
database without loading the rows into Python.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/zicht_bench7 python bench/bench_dashboard.py

Creates the database if needed, migrates it, seeds N households (``--households``,
default 50,000) with ``zicht seed`` (``core.seeding``: two regions, five municipalities) when it is
empty, then prints a table of timings and query counts for the region Noord-Holland
Noord (Alkmaar, Den Helder, Hoorn: about half of the households) and for Alkmaar.
"""

import argparse
import os
import statistics
import sys
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zicht.settings")
os.environ.setdefault("ZICHT_HTTPS", "false")
os.environ.setdefault("ALLOWED_HOSTS", "testserver,127.0.0.1")
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/zicht_bench7")
POLICY = "bench.beleid"


def ensure_database(url: str) -> None:
    if not url.startswith("postgres"):
        return
    import psycopg

    base, name = url.rsplit("/", 1)
    with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname=%s", [name]).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')


def seed(n: int) -> None:
    """``zicht seed`` (``core.seeding``) plus one policy officer in Alkmaar to look."""
    from zicht.accounts.models import User
    from zicht.demo.personas import ensure_directory
    from zicht.demo.seeding import seed as zicht_seed
    from zicht.directory.models import Membership

    start = time.perf_counter()
    summary = zicht_seed(households=n, seed=1)
    print(f"seeded {summary.households} households in {time.perf_counter() - start:.0f} s")
    directory = ensure_directory()
    alkmaar = next(m for m in directory.municipalities if m.cbs_code == "GM0361")
    user = User.objects.create(username=POLICY)
    Membership.objects.create(user=user, organisation=directory.teams[alkmaar.pk], role="policy")
    from django.db import connection

    if connection.vendor == "postgresql":
        # What autovacuum does after a bulk load: statistics and the visibility map (which
        # the index-only scans of the evaluation need).
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")


def timed(fn, repeat: int) -> tuple[float, float, int]:
    from django.db import connection, reset_queries

    times, queries = [], 0
    for _ in range(repeat):
        reset_queries()
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
        queries = len(connection.queries)
    return statistics.median(times), max(times), queries


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--households", type=int, default=50_000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    ensure_database(os.environ["DATABASE_URL"])

    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.test import Client
    from django.test.utils import setup_test_environment
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from zicht.accounts.models import User
    from zicht.directory.models import Municipality
    from zicht.evaluation.indicators import indicators_for
    from zicht.evaluation.scope import Scope, default_period
    from zicht.households.models import Household

    call_command("migrate", verbosity=0)
    if not User.objects.filter(username=POLICY).exists():
        seed(args.households)
    settings.DEBUG = True  # count queries
    setup_test_environment()
    municipality = Municipality.objects.get(cbs_code="GM0361")
    region = municipality.region
    start, end = default_period()
    region_scope = Scope(municipality=None, region=region, start=start, end=end)
    municipality_scope = Scope(municipality=municipality, region=region, start=start, end=end)
    past = Scope(municipality=None, region=region, start=start - timedelta(days=365),
                 end=start - timedelta(days=1))

    user = User.objects.get(username=POLICY)
    device = TOTPDevice.objects.get_or_create(user=user, name="bench",
                                              defaults={"confirmed": True})[0]
    client = Client()
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()

    def page(query: str):
        def get():
            response = client.get(f"/evaluatie/{query}")
            assert response.status_code == 200, response.status_code
        return get

    rows = [
        ("indicators, region, last 12 months", lambda: indicators_for(region_scope)),
        ("indicators, region, the year before (phase from history)",
         lambda: indicators_for(past)),
        ("indicators, one municipality", lambda: indicators_for(municipality_scope)),
        ("dashboard page, region (HTTP, rendered)", page("?area=regio")),
        ("dashboard page, municipality (HTTP, rendered)", page("")),
        ("CSV export, region", lambda: client.get("/evaluatie/export.csv?area=regio")),
    ]
    in_region = Household.objects.filter(
        trajectories__destination_municipality__region=region).distinct().count()
    print(f"\n{Household.objects.count():,} households ({in_region:,} in {region.name}) on "
          f"{settings.DATABASES['default']['ENGINE'].rsplit('.', 1)[-1]}, "
          f"{os.cpu_count()} cores (load average {os.getloadavg()[0]:.1f}), "
          f"median of {args.repeat}\n")
    print(f"| {'what':<58} | median s | max s | queries |")
    print(f"|{'-' * 60}|----------|-------|---------|")
    for name, fn in rows:
        median, worst, queries = timed(fn, args.repeat)
        print(f"| {name:<58} | {median:8.3f} | {worst:5.3f} | {queries:7d} |")


if __name__ == "__main__":
    main()
