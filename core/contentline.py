"""Writing iCalendar content lines: folding (RFC 5545 §3.1), shared by the export (events.ical)
and the series rule the sync keeps for it (federation.series_rule)."""

from __future__ import annotations

CRLF = "\r\n"


def fold(line: str) -> str:
    """Fold an ASCII content line at 75 octets: continuation lines start with one space."""
    parts = [line[:75]] + [" " + line[i : i + 74] for i in range(75, len(line), 74)]
    return CRLF.join(parts)
