"""Indicators over data that other issues record: the small interface they are wired to.

Each function takes a ``Scope`` and returns a ``Table`` whose cells went through
``anonymity.anonymous``, like those in ``indicators.py``. ``INDICATORS`` lists the app
each one needs (``requires``); until that app is installed the dashboard shows the
indicator as "nog niet beschikbaar" with the reason, and these functions are not called.

What each function reads (the interface, per app):

- ``sight`` (``zicht.rhythm``, issue 3): per trajectory its status "in zicht" / "aandacht"
  / "uit zicht" over time: the status on a day, and the spans a household was "uit zicht".
- ``signals``, ``signal_response``, ``escalations``, ``renewed_violence`` (``zicht.safety``,
  issue 4): signals with the trajectory/household, received date, source organisation
  kind, kind of signal, deadline and first response; the weighed judgement (renewed
  unsafety); reports to Veilig Thuis with their date and status/outcome.
- ``stagnations`` (``zicht.stagnations``, issue 5): stagnations with domain, reported and
  resolved dates.
- ``self_reliance`` (``zicht.plans``, issue 5): self-reliance scores per domain with
  the date they were scored.

Definition of renewed violence within 12 months (issue 7 asks to define it): a household
counts when, within 12 months after its departure date, a signal about it was judged in
the weighing (meldcode step 4) as (renewed) unsafety, or a report about it was made to
Veilig Thuis. The denominator is the households whose 12 months after departure ended in
the period (or whose trajectory closed earlier in the period).
"""

from zicht.evaluation.indicators import Table
from zicht.evaluation.scope import Scope


def _not_wired(scope: Scope) -> Table | None:
    raise NotImplementedError("wired when the app lands on main")


sight = signals = signal_response = escalations = renewed_violence = _not_wired
stagnations = self_reliance = _not_wired
