"""The safety tests use the signals' connected school (``tests/signals/conftest.py``);
Veilig Thuis, which must not see the safety plan either, is a persona of
``tests/conftest.py``."""

from tests.signals.conftest import connected_school  # noqa: F401
