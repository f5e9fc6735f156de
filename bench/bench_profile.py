"""Where a ``zicht serve`` worker spends its processor time under load (issue 14).

    pip install py-spy
    python bench/bench_load.py --households 50000 --time 120 &   # in one shell
    python bench/bench_profile.py --seconds 30                   # in another, under load

Samples one gunicorn worker with py-spy (``--gil``: only the thread holding the
interpreter, so processor time and not waiting) and prints two tables: the share of
samples per view, and per kind of work (template rendering, compiling SQL, ...). The kinds
overlap (a query started from a template counts under both); "before any view" is the
middleware and gunicorn. ``--raw FILE`` reads samples py-spy wrote earlier instead.
"""

import argparse
import re
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path

# A kind of work: a frame that appears in the sample's stack.
KINDS = {
    "template rendering": "render (django/template/base.py",
    "of which queries started in templates": None,
    "compiling SQL": "as_sql (django/db/models/sql/compiler.py",
    "building querysets (filter)": "_filter_or_exclude (django/db/models/query.py",
    "psycopg: send, adapt, read": "execute (psycopg/cursor.py",
    "prefetching": "prefetch_related_objects",
    "form widgets": "render (django/forms/renderers.py",
    "gettext": "gettext (django/utils/translation/__init__.py",
    "building model instances": "from_db (django/db/models/base.py",
    "the access log": "zicht/audit/services.py",
}
VIEW = re.compile(r";([A-Za-z_]+) \((?:[^;]*/)?zicht/([a-z_]+)/views\.py")


def worker_pid() -> int:
    """A gunicorn worker of ``zicht serve``: a child of the master, not the master."""
    found = subprocess.run(["pgrep", "-f", "gunicorn --config python:zicht"],  # noqa: S607
                           capture_output=True, text=True, check=False).stdout.split()
    if len(found) < 2:
        sys.exit("no zicht serve worker running: start bench/bench_load.py first")
    return int(found[1])


def shares(raw: Path) -> tuple[int, Counter, Counter]:
    total, kinds, views = 0, Counter(), Counter()
    for line in raw.read_text().splitlines():
        stack, _, count = line.rpartition(" ")
        n = int(count)
        total += n
        for kind, frame in KINDS.items():
            if frame and frame in stack:
                kinds[kind] += n
        if KINDS["template rendering"] in stack and "django/db/" in stack:
            kinds["of which queries started in templates"] += n
        if found := VIEW.findall(stack):
            views[f"{found[0][1]}.{found[0][0]}"] += n
        elif "_get_response (django/core/handlers/base.py" not in stack:
            views["before any view (middleware, gunicorn)"] += n
        else:
            views["other"] += n
    return total, kinds, views


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=30)
    parser.add_argument("--pid", type=int, help="the worker (default: found with pgrep)")
    parser.add_argument("--raw", type=Path, help="py-spy's raw output, read instead")
    args = parser.parse_args()
    raw = args.raw
    if raw is None:
        raw = Path(tempfile.mkdtemp()) / "samples.txt"
        subprocess.run(["py-spy", "record", "--pid", str(args.pid or worker_pid()),  # noqa: S603, S607
                        "--duration", str(args.seconds), "--rate", "200", "--gil",
                        "--format", "raw", "--output", str(raw)], check=True)
    total, kinds, views = shares(raw)
    if not total:
        sys.exit("no samples: was the worker under load?")
    for heading, rows in (("view", views.most_common()),
                          ("kind of work", [(k, kinds[k]) for k in KINDS])):
        print(f"{heading:<44}  share\n{'-' * 44}  -----")
        for name, n in rows:
            print(f"{name:<44}  {n / total:5.1%}")
        print()
    print(f"{total} samples")


if __name__ == "__main__":
    main()
