"""The expand stage's bound on RDATE and EXDATE: a recurring master's lines in, the same lines
holding only the dates that can matter in the window, at most :data:`MAX_DATES` of each kind,
out; with what reading them costs in the series' budget and a note on what was cut.

A feed may list 100,000 RDATEs or 200,000 EXDATEs on one event (2.4 and 5.4 MB): icalendar
turns each into objects and recurring_ical_events each RDATE into an occurrence, about a
quarter of a millisecond a date (23 s and 47 s).  A date outside the window changes nothing
that is kept, so it is dropped unread; of the others the earliest :data:`MAX_DATES` are read,
each charged :data:`DATE_COST` candidates of :data:`federation.expand_budget.BUDGET`.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from federation.contentlines import ContentLine

MAX_DATES = 1_000  # of each kind in the window; the corpus's busiest event lists 47
# A date read through icalendar costs about what dateutil spends examining 100 days (measured:
# ~0.2 ms against ~1.3 us); 2 x 1,000 dates then take at most the budget's whole of 200,000.
DATE_COST = 100
_MARGIN = timedelta(days=2)  # wall-clock dates, all-day instances compared a day early
_KINDS = ("RDATE", "EXDATE")


def bounded_dates(
    lines: list[ContentLine], window: tuple[datetime, datetime]
) -> tuple[list[ContentLine], int, list[str]]:
    """``lines`` with RDATE/EXDATE values outside the window dropped and each kind cut to its
    earliest :data:`MAX_DATES`; the candidates they cost; a note per kind that was cut."""
    low, high = f"{window[0] - _MARGIN:%Y%m%d}", f"{window[1] + _MARGIN:%Y%m%d}"
    kept: dict[str, set[tuple[int, int]]] = {}
    notes: list[str] = []
    for kind in _KINDS:
        inside = [
            (value.strip()[:15], place)
            for place, value in _values(lines, kind)
            if _may_matter(value.strip(), low, high)
        ]
        if len(inside) > MAX_DATES:
            notes.append(
                f"{len(inside):,} {kind} dates in the sync window; "
                f"the earliest {MAX_DATES:,} are read"
            )
            inside = sorted(inside)[:MAX_DATES]
        kept[kind] = {place for _, place in inside}
    spent = DATE_COST * sum(len(places) for places in kept.values())
    return _rebuilt(lines, kept), spent, notes


def _values(lines: list[ContentLine], kind: str):
    """(line index, value index) and the raw text of every date on the ``kind`` lines."""
    for index, line in enumerate(lines):
        if line.name == kind:
            for position, value in enumerate(line.value.split(",")):
                yield (index, position), value


def _may_matter(value: str, low: str, high: str) -> bool:
    """Whether a date (``YYYYMMDD…``) may fall in the window; unreadable ones are kept for
    expansion to report, and a PERIOD that starts before the window may reach into it."""
    day = value[:8]
    if len(day) < 8 or not day.isdigit():
        return True
    return day <= high and (day >= low or "/" in value)


def _rebuilt(lines: list[ContentLine], kept: dict[str, set[tuple[int, int]]]) -> list[ContentLine]:
    """The lines with only the kept dates, a date line left empty dropped."""
    out = []
    for index, line in enumerate(lines):
        if line.name not in kept:
            out.append(line)
            continue
        values = [v for p, v in enumerate(line.value.split(",")) if (index, p) in kept[line.name]]
        if values:
            out.append(ContentLine(line.name, line.params, ",".join(values)))
    return out
