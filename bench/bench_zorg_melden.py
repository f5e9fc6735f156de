"""Does "zorg melden" take as long for a known person as for an unknown one?

    python bench/bench_zorg_melden.py --households 2000 --reports 300
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/zicht_bench \\
        python bench/bench_zorg_melden.py

Seeds invented households (``zicht seed``) into the configured database, then times the
service behind the form for persons who are in an active trajectory and for persons who
are not, interleaved, and prints the median and 95th percentile of each. Never use a
database with real data.
"""

import argparse
import os
import statistics
import time
from datetime import date, timedelta


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--households", type=int, default=2000)
    parser.add_argument("--reports", type=int, default=300)
    args = parser.parse_args()

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zicht.settings")
    os.environ.setdefault("ZICHT_HTTPS", "false")
    os.environ.setdefault("ZICHT_TASK_BACKEND", "django_tasks.backends.dummy.DummyBackend")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.utils import timezone

    from zicht.accounts.models import User
    from zicht.demo.personas import table
    from zicht.demo.seeding import seed
    from zicht.directory.actor import actor_for
    from zicht.directory.models import Membership, Organisation, Region
    from zicht.households.models import Household, Person, PersonRole
    from zicht.signals.services import zorg_melden
    from zicht.trajectories.models import ACTIVE_PHASES

    call_command("migrate", verbosity=0)
    if Household.objects.count() < args.households:
        seed(households=args.households, seed=1)
    region = Region.objects.first()
    school, _ = Organisation.objects.get_or_create(name="Bench school", kind="school",
                                                   region=region)
    user, _ = User.objects.get_or_create(username="bench.school")
    Membership.objects.get_or_create(user=user, organisation=school, role="partner")
    actor = actor_for(user, ip_address="127.0.0.1")
    known = list(Person.objects.filter(role=PersonRole.CLIENT,
                                       household__trajectories__phase__in=ACTIVE_PHASES,
                                       date_of_birth__isnull=False)[: args.reports])
    timings: dict[str, list[float]] = {"known": [], "unknown": []}
    for n, person in enumerate(known):
        stranger = (f"Onbekend{n}", "Persoon", date(1970, 1, 1) + timedelta(days=n))
        for kind, (given, family, born) in (
                ("known", (person.given_name, person.family_name, person.date_of_birth)),
                ("unknown", stranger)):
            start = time.perf_counter()
            zorg_melden(actor=actor, given_name=given, family_name=family, date_of_birth=born,
                        bsn="", urgency="not_acute", observed="bench",
                        observed_on=timezone.localdate())
            timings[kind].append((time.perf_counter() - start) * 1000)
    rows = []
    for kind, values in timings.items():
        values.sort()
        rows.append((connection.vendor, kind, len(values), f"{statistics.median(values):.2f}",
                     f"{values[int(len(values) * 0.95) - 1]:.2f}"))
    print(table(("database", "person", "reports", "median ms", "p95 ms"), rows))


if __name__ == "__main__":
    main()
