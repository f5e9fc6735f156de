"""The inbox tests use the signals' personas (Veilig Thuis, the team lead, a connected
school) beside those of ``tests/conftest.py``."""

from tests.signals.conftest import (  # noqa: F401 (fixtures, found by name)
    connected_school,
    other_vt_worker,
    sent_report,
    team_lead,
    veilig_thuis,
    vt_worker,
)
