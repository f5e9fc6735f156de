"""What a service announces for the apps above it to act on.

An app may only import the apps below it (README, "How the code is organised"). When
something an app above depends on changes below, the service sends one of these signals
inside its transaction, and the app above connects a receiver in its ``AppConfig.ready``.
They are few on purpose: a plain function call is clearer wherever the layers allow one.
"""

from datetime import date, datetime
from typing import NamedTuple

from django.dispatch import Signal


class OpenWork(NamedTuple):
    """A kind of open work with its number and where to finish it (``trajectory_closing``)."""

    label: str
    url: str


class CalendarEvent(NamedTuple):
    """One event for a professional's private calendar feed (``calendar_collecting``).

    ``summary`` and ``location`` end up on phones and in shared calendars: never a name,
    an address or anything about a household.
    """

    uid: str
    summary: str
    start: date | datetime
    end: date | datetime
    location: str = ""


# Sent with ``trajectory``: its phase, coordinator, contacts or safety plan changed. The
# out-of-sight status (``zicht.rhythm``) is refreshed once the transaction commits.
trajectory_changed = Signal()

# Sent with ``trajectory``, ``assignment`` and the ``actor`` who made the change when a
# coordinator (regisseur) starts, by assignment, an accepted handover or an accepted move
# (then after the new supporter is set and the old carers' involvement ended): open work
# (``zicht.signals``, ``zicht.conferences``' invitations) follows to the new coordinator
# in the same transaction.
coordinator_changed = Signal()

# Sent with ``household`` while retention pseudonymises it (``zicht.access.retention``):
# every app clears the free text it holds about the household.
household_pseudonymised = Signal()

# Sent with ``trajectory`` before it closes. Each receiver answers with a list of
# ``OpenWork`` items it still holds for the household; any answer refuses the close, since
# closing ends every involvement and the work would be left with nobody (issue 12).
trajectory_closing = Signal()

# Sent with ``user`` and ``reason`` when a professional's membership or whole account is
# deactivated (issue 15): every session ends at once (``zicht.access``). API tokens need
# no receiver: token authentication refuses a user without an active membership.
professional_deactivated = Signal()

# Sent with ``user``, ``way`` ("password", "passkey", "session") and ``ip_address`` when
# the right credentials of an active account were refused because none of its memberships
# is active any more (or a running session was ended for it): written to the access log
# (``zicht.access``), since the sign-in code sits below the log.
sign_in_refused = Signal()

# Sent with ``user`` when a professional's second factor was reset with four eyes (issue
# 15.2): their devices are gone and every session ends, so the next login registers anew.
second_factor_reset = Signal()

# Sent with ``user`` and ``today`` while the private calendar feed (``zicht.rhythm``) is
# built. Each receiver answers with a list of ``CalendarEvent`` items for that user (the
# network meetings they are invited to, ``zicht.network``).
calendar_collecting = Signal()
