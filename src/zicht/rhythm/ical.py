"""A minimal iCalendar (RFC 5545) writer for the private calendar feed.

A planned contact is an all-day "Contactmoment ZH-…": the pseudonymous household
reference, never a name, address or any detail, because calendars get synced to phones
and shared. Apps above add their own events through ``core.events.calendar_collecting``
(the network meetings), under the same rule.
"""

from datetime import UTC, date, datetime, timedelta

from zicht.core.events import CalendarEvent


def _escape(text: str) -> str:
    return (text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
            .replace("\n", "\\n"))


def _when(name: str, value: date | datetime) -> str:
    if isinstance(value, datetime):
        return f"{name}:{value.astimezone(UTC):%Y%m%dT%H%M%SZ}"
    return f"{name};VALUE=DATE:{value:%Y%m%d}"


def calendar(events: list[tuple[str, str, date]], *, summary: str, name: str,
             now: datetime, others: list[CalendarEvent] = ()) -> str:
    stamp = now.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Zicht//Contactmomenten//NL",
             "CALSCALE:GREGORIAN", "METHOD:PUBLISH", f"X-WR-CALNAME:{_escape(name)}"]
    for uid, reference, day in events:
        lines += [
            "BEGIN:VEVENT",
            f"UID:{uid}-{day:%Y%m%d}@zicht",
            f"DTSTAMP:{stamp}",
            f"DTSTART;VALUE=DATE:{day:%Y%m%d}",
            f"DTEND;VALUE=DATE:{day + timedelta(days=1):%Y%m%d}",
            f"SUMMARY:{_escape(summary % {'ref': reference})}",
            "TRANSP:TRANSPARENT",
            "END:VEVENT",
        ]
    for event in others:
        lines += ["BEGIN:VEVENT", f"UID:{event.uid}@zicht", f"DTSTAMP:{stamp}",
                  _when("DTSTART", event.start), _when("DTEND", event.end),
                  f"SUMMARY:{_escape(event.summary)}"]
        if event.location:
            lines.append(f"LOCATION:{_escape(event.location)}")
        lines.append("END:VEVENT")
    lines.append("END:VCALENDAR")
    return "\r\n".join(lines) + "\r\n"
