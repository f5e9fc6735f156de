"""A mixed load on ``zicht serve`` with locust (issue 14), on loopback, bounded in time.

    pip install -e '.[bench]'
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/zicht_bench \\
        python bench/bench_load.py --households 3000 --users 20 --time 60

Seeds the households with ``zicht.demo.seeding`` (the code behind ``zicht seed``) unless
the database already holds that many, scans them once, gives 14 seeded supporters, 3
partners of the demo school and 3 policy staff a bench password and a TOTP secret
(written to a file for ``bench/locustfile.py``), starts ``zicht serve`` on a loopback port,
runs locust headless for ``--time`` seconds and prints per page the requests/s, p50, p95,
p99 and errors, the processor time of the web processes and of PostgreSQL during the run,
and Vandaag's server time against its own SQL time (Django's test client, in process).

Never point this at a database with real data: it resets the passwords and devices of
the accounts it uses.
"""

import argparse
import base64
import csv
import json
import os
import secrets
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PASSWORD = "bench-" + secrets.token_hex(8)


def cpu_of(pids: list[int]) -> dict[int, float]:
    """utime + stime of each process (and its reaped children), from /proc, in seconds."""
    seconds = {}
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except (FileNotFoundError, ProcessLookupError):
            continue
        seconds[pid] = sum(int(v) for v in fields[11:15]) / os.sysconf("SC_CLK_TCK")
    return seconds


def cpu_used(before: dict[int, float], after: dict[int, float]) -> float:
    """Processor time between two readings; a process started in between counts whole
    (PostgreSQL starts a backend per new connection)."""
    return sum(after[pid] - before.get(pid, 0) for pid in after)


def pids_named(name: str) -> list[int]:
    pids = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if (entry / "comm").read_text().strip() == name:
                    pids.append(int(entry.name))
            except OSError:
                continue
    return pids


def children(pid: int) -> list[int]:
    try:
        return [int(p) for p in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        return []


def descendants(pid: int) -> list[int]:
    found, todo = [], [pid]
    while todo:
        for child in children(todo.pop()):
            found.append(child)
            todo.append(child)
    return found


def prepare(args) -> dict:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zicht.settings")
    import django

    django.setup()
    from django.contrib.auth.hashers import make_password
    from django.core.management import call_command
    from django.db import connection
    from django.db.models import Count
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from zicht.accounts.models import User
    from zicht.demo.personas import ensure_directory
    from zicht.demo.seeding import seed
    from zicht.directory.models import Membership, Organisation, OrganisationKind, Role
    from zicht.households.models import Household, Person, PersonRole
    from zicht.rhythm.models import SightStatus
    from zicht.rhythm.services import sight_scan
    from zicht.trajectories.models import Phase, Trajectory

    call_command("migrate", verbosity=0)
    missing = args.households - Household.objects.count()
    if missing > 0:
        started = time.perf_counter()
        seed(households=missing, seed=1, progress=lambda done, total: print(
            f"seeding {done}/{total}", end="\r", flush=True))
        print(f"\nseeded {missing} households in {time.perf_counter() - started:.0f} s")
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    if not SightStatus.objects.exists():
        sight_scan()

    password = make_password(PASSWORD)

    def bench_account(user: User) -> dict:
        user.password = password
        user.save(update_fields=["password"])
        TOTPDevice.objects.filter(user=user).delete()
        # Named "default": the one two_factor asks the code of at login.
        device = TOTPDevice.objects.create(user=user, name="default", confirmed=True)
        return {"username": user.username, "password": PASSWORD,
                "totp_secret": base64.b32encode(bytes.fromhex(device.key)).decode()}

    busiest = (Trajectory.objects.filter(phase=Phase.FOLLOW_UP, supporter__isnull=False)
               .values("supporter").annotate(n=Count("id")).order_by("-n")
               .values_list("supporter", flat=True)[:14])
    supporters = list(User.objects.filter(pk__in=list(busiest)))
    accounts = {"supporter": [], "partner": [], "policy": []}
    for user in supporters:
        households = [str(u) for u in Household.objects.filter(
            trajectories__supporter=user, trajectories__phase=Phase.FOLLOW_UP)
            .values_list("uuid", flat=True)[:40]]
        accounts["supporter"].append({**bench_account(user), "households": households})
    directory = ensure_directory()
    people = [{"given_name": p.given_name, "family_name": p.family_name,
               "date_of_birth": p.date_of_birth.isoformat()}
              for p in Person.objects.filter(role=PersonRole.CLIENT,
                                             date_of_birth__isnull=False)[:200]]
    team = Organisation.objects.filter(kind=OrganisationKind.MUNICIPALITY_TEAM).first()
    for kind, organisation, role in (("partner", directory.school, Role.PARTNER),
                                     ("policy", team, Role.POLICY)):
        for i in range(3):
            user, _ = User.objects.get_or_create(username=f"bench.{kind}.{i}", defaults={
                "first_name": "Bench", "last_name": f"{kind} {i}"})
            Membership.objects.get_or_create(user=user, organisation=organisation, role=role)
            accounts[kind].append({**bench_account(user), "people": people})
    summary = {"households": Household.objects.count(),
               "follow_up": Household.objects.filter(
                   trajectories__phase=Phase.FOLLOW_UP).count(),
               "accounts": accounts, "vendor": connection.vendor}
    summary["supporter"] = supporters[0].pk
    return summary


def vandaag_sql_share(user, requests: int) -> dict:
    """Vandaag's server time against the time its SQL took, through the test client."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    client = Client()
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = TOTPDevice.objects.get(user=user).persistent_id
    session.save()
    for _ in range(5):
        client.get("/")
    server, sql, queries = [], [], 0
    for _ in range(requests):
        with CaptureQueriesContext(connection) as ctx:
            started = time.perf_counter()
            assert client.get("/").status_code == 200
            server.append((time.perf_counter() - started) * 1000)
        sql.append(sum(float(q["time"]) for q in ctx.captured_queries) * 1000)
        queries = len(ctx.captured_queries)
    return {"server_ms": statistics.median(server), "sql_ms": statistics.median(sql),
            "queries": queries}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--households", type=int, default=3000)
    parser.add_argument("--users", type=int, default=20)
    parser.add_argument("--time", type=int, default=60, help="seconds of load")
    parser.add_argument("--wait", default="0.5,1.5",
                        help="seconds between a user's tasks, min,max (0,0: the most it takes)")
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--requests", type=int, default=50,
                        help="Vandaag requests for the server/SQL time")
    args = parser.parse_args()
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        sys.exit("set DATABASE_URL to a PostgreSQL bench database")
    os.environ.setdefault("ZICHT_HTTPS", "false")
    os.environ.setdefault("ALLOWED_HOSTS", "testserver,127.0.0.1,localhost")
    os.environ["ZICHT_ZORG_MELDEN_LIMIT"] = "1000000"  # the bench comes from one address
    os.environ.setdefault("ZICHT_LOG_LEVEL", "WARNING")

    summary = prepare(args)
    accounts = Path(tempfile.mkdtemp()) / "accounts.json"
    accounts.write_text(json.dumps(summary["accounts"]))
    host = f"http://127.0.0.1:{args.port}"
    server = subprocess.Popen([sys.executable, "-m", "zicht", "serve",  # noqa: S603
                               "--bind", f"127.0.0.1:{args.port}"], cwd=ROOT)
    try:
        for _ in range(120):
            try:
                urllib.request.urlopen(f"{host}/health/live", timeout=1)  # noqa: S310
                break
            except OSError:
                time.sleep(0.5)
        # /health/live answers once one worker is up; wait for all of them, or the web's
        # processor time below misses the late ones (it once read half).
        workers = int(os.environ.get("ZICHT_WEB_WORKERS", "2"))
        for _ in range(60):
            web = descendants(server.pid)
            if sum(1 for pid in web if not children(pid)) >= workers:
                break
            time.sleep(0.5)
        web = [server.pid, *web]
        load_before, web_before = os.getloadavg(), cpu_of(web)
        db_before = cpu_of(pids_named("postgres"))
        started = time.monotonic()
        prefix = Path(tempfile.mkdtemp()) / "locust"
        subprocess.run([sys.executable, "-m", "locust",  # noqa: S603
                        "-f", str(ROOT / "bench/locustfile.py"),
                        "--headless", "-u", str(args.users), "-r", "2",
                        "-t", f"{args.time}s", "--host", host, "--csv", str(prefix),
                        "--only-summary", "--stop-timeout", "5"],
                       env={**os.environ, "ZICHT_BENCH_ACCOUNTS": str(accounts),
                            "ZICHT_BENCH_WAIT": args.wait}, check=False)
        elapsed = time.monotonic() - started
        web_cpu = cpu_used(web_before, cpu_of(web))
        db_cpu = cpu_used(db_before, cpu_of(pids_named("postgres")))
        load_after = os.getloadavg()
    finally:
        server.terminate()
        server.wait(timeout=30)

    from zicht.accounts.models import User
    from zicht.demo.personas import table

    # After the run, on its own: the share of SQL in one page, not the queueing under load.
    vandaag = vandaag_sql_share(User.objects.get(pk=summary["supporter"]), args.requests)

    rows, pages = [], 0.0
    with open(f"{prefix}_stats.csv") as stats:
        for row in csv.DictReader(stats):
            name = row["Name"] if row["Type"] in ("", "GET") else f"{row['Name']} (POST)"
            if row["Name"] != "Aggregated" and not row["Name"].startswith("login"):
                pages += float(row["Requests/s"])
            rows.append((name, row["Request Count"], row["Failure Count"],
                         f"{float(row['Requests/s']):.1f}", row["50%"], row["95%"], row["99%"]))
    print(table(("page", "requests", "errors", "req/s", "p50 ms", "p95 ms", "p99 ms"), rows))
    print(table(("measure", "value"), [
        ("database / households / in follow-up",
         f"{summary['vendor']} / {summary['households']} / {summary['follow_up']}"),
        ("users / seconds / wait between tasks", f"{args.users} / {args.time} / {args.wait} s"),
        ("requests/s without the logins", f"{pages:.1f}"),
        ("web processes CPU (share of 2 cores)",
         f"{web_cpu:.1f} s ({web_cpu / elapsed / 2:.0%})"),
        ("PostgreSQL CPU, all its processes (share of 2 cores)",
         f"{db_cpu:.1f} s ({db_cpu / elapsed / 2:.0%})"),
        ("load average before / after", f"{load_before[0]:.1f} / {load_after[0]:.1f}"),
        ("Vandaag server time / its SQL time, median",
         f"{vandaag['server_ms']:.1f} / {vandaag['sql_ms']:.1f} ms "
         f"({vandaag['queries']} queries)"),
    ]))


if __name__ == "__main__":
    main()
