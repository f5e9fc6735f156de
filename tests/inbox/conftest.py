"""The inbox tests use the signals' fixtures (a connected school, a sent report) beside
the personas of ``tests/conftest.py``."""

from tests.signals.conftest import (  # noqa: F401 (fixtures, found by name)
    connected_school,
    other_vt_worker,
    sent_report,
)
