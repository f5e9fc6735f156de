"""How fast does ``zicht seed`` fill the configured database?

    python bench/bench_seed.py --households 5000
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/zicht_bench \\
        python bench/bench_seed.py --households 50000

Migrates first, then adds the households to whatever is there (never use a database
with real data: the households are invented).
"""

import argparse
import os
import time


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--households", type=int, default=5000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zicht.settings")
    os.environ.setdefault("ZICHT_HTTPS", "false")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from zicht.demo.personas import table
    from zicht.demo.seeding import seed

    call_command("migrate", verbosity=0)
    start = time.perf_counter()
    summary = seed(households=args.households, seed=args.seed,
                   progress=lambda done, total: print(f"{done}/{total}", end="\r", flush=True))
    seconds = time.perf_counter() - start
    print()  # past the progress line
    print(table(
        ("database", "households", "contacts", "seconds", "households/s"),
        [(connection.vendor, summary.households, summary.contacts, f"{seconds:.1f}",
          f"{summary.households / seconds:.0f}")],
    ))


if __name__ == "__main__":
    main()
