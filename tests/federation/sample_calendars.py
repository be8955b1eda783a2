"""Small, valid iCalendar bodies for the web, token and push tests (events in the future)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

NOW = datetime.now(UTC)


def vevent(uid: str, days: int, title: str = "Demo day") -> str:
    day = NOW + timedelta(days=days)
    return (
        f"BEGIN:VEVENT\r\nUID:{uid}\r\nDTSTAMP:20260101T000000Z\r\n"
        f"DTSTART:{day:%Y%m%d}T100000Z\r\nDTEND:{day:%Y%m%d}T120000Z\r\n"
        f"SUMMARY:{title}\r\nEND:VEVENT\r\n"
    )


def calendar(count: int, prefix: str = "ev") -> bytes:
    """A calendar of ``count`` events with UIDs ``<prefix>-1@test`` … in the coming weeks."""
    events = "".join(
        vevent(f"{prefix}-{n}@test", n + 2, f"Demo day {n}") for n in range(1, count + 1)
    )
    return (
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Huiju tests//EN\r\n"
        + events
        + "END:VCALENDAR\r\n"
    ).encode()
