"""The safety tests use some of the signals' personas (``tests/signals/conftest.py``):
the connected school, and Veilig Thuis, which must not see the safety plan either."""

from tests.signals.conftest import connected_school, veilig_thuis, vt_worker  # noqa: F401
