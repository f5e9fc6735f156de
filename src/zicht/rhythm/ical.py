"""A minimal iCalendar (RFC 5545) writer for the planned contacts feed.

Each event is an all-day "Contactmoment ZH-…": the pseudonymous household reference,
never a name, address or any detail, because calendars get synced to phones and shared.
"""

from datetime import UTC, date, datetime, timedelta


def _escape(text: str) -> str:
    return (text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
            .replace("\n", "\\n"))


def calendar(events: list[tuple[str, str, date]], *, summary: str, name: str,
             now: datetime) -> str:
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
    lines.append("END:VCALENDAR")
    return "\r\n".join(lines) + "\r\n"
