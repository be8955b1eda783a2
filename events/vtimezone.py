"""VTIMEZONE text from zoneinfo with yearly RRULE transitions (pure).

icalendar's ``Timezone.from_tzid`` lists every transition from 1970 to 2038 as RDATEs; vobject
(through dateutil's tzical) then reads many zoned times an hour off, and the list stops at
2038. Here each run of consecutive years whose transition falls on the same rule (the n-th or
last weekday of a month, at the same local time, between the same offsets) becomes one
STANDARD or DAYLIGHT component with ``RRULE:FREQ=YEARLY;BYMONTH=…;BYDAY=…`` (bounded by UNTIL
when the rule later changed); a transition that follows no rule is a component of its own.
The last run stays open, so the zone's current rule covers every future year.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

# Feeds hold the sync window's events (a year back at most, federation.prepare) and their
# tombstones: zone history from 2000 on covers them with a wide margin, and every component
# less is less for a reader to parse (Radicale parses each resource with vobject).
FIRST_YEAR = 2000
HORIZON_YEAR = 2045  # runs that reach it are the zone's current rule: left open
_DAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
_CRLF = "\r\n"


@dataclass(frozen=True)
class Transition:
    at: datetime  # UTC instant of the change
    onset: datetime  # local wall time of the change, in the offset before it (RFC 5545 DTSTART)
    offset_from: timedelta
    offset_to: timedelta
    dst: bool
    name: str

    def rule(self) -> tuple:
        """What a yearly RRULE must repeat for this transition to follow the previous one."""
        day = self.onset.day
        last = day + 7 > calendar.monthrange(self.onset.year, self.onset.month)[1]
        nth = -1 if last else (day - 1) // 7 + 1
        return (
            self.onset.month,
            nth,
            self.onset.weekday(),
            self.onset.time(),
            self.offset_from,
            self.offset_to,
            self.dst,
            self.name,
        )


def transitions(tzid: str, first: int = FIRST_YEAR, last: int = HORIZON_YEAR) -> list[Transition]:
    """Every change of offset, DST flag or abbreviation in [first, last], to the minute."""
    zone = ZoneInfo(tzid)
    found: list[Transition] = []
    moment = datetime(first, 1, 1, tzinfo=UTC)
    end = datetime(last + 1, 1, 1, tzinfo=UTC)
    state = _state(moment, zone)
    step = timedelta(days=1)
    while moment < end:
        following = moment + step
        if _state(following, zone) != state:
            at = _bisect(moment, following, zone, state)
            found.append(_transition(at, zone))
            state = _state(at, zone)
            moment = at
            continue
        moment = following
    return found


def _state(moment: datetime, zone: ZoneInfo) -> tuple:
    local = moment.astimezone(zone)
    return local.utcoffset(), local.dst(), local.tzname()


def _bisect(low: datetime, high: datetime, zone: ZoneInfo, state: tuple) -> datetime:
    """The first minute in (low, high] whose state differs from ``state``."""
    while high - low > timedelta(minutes=1):
        middle = low + (high - low) / 2
        middle = middle.replace(second=0, microsecond=0)
        if middle <= low:
            middle = low + timedelta(minutes=1)
        if _state(middle, zone) == state:
            low = middle
        else:
            high = middle
    return high


def _transition(at: datetime, zone: ZoneInfo) -> Transition:
    before = (at - timedelta(minutes=1)).astimezone(zone)
    after = at.astimezone(zone)
    offset_from = before.utcoffset() or timedelta(0)
    return Transition(
        at=at,
        onset=(at + offset_from).replace(tzinfo=None),
        offset_from=offset_from,
        offset_to=after.utcoffset() or timedelta(0),
        dst=bool(after.dst()),
        name=after.tzname() or "",
    )


def _runs(found: list[Transition]) -> list[list[Transition]]:
    """Transitions grouped into runs that one yearly RRULE reproduces exactly."""
    open_runs: dict[tuple, list[Transition]] = {}
    runs: list[list[Transition]] = []
    for transition in found:
        key = transition.rule()
        run = open_runs.get(key)
        if run is not None and run[-1].onset.year == transition.onset.year - 1:
            run.append(transition)
            continue
        run = [transition]
        runs.append(run)
        open_runs[key] = run
    return runs


def _offset(value: timedelta) -> str:
    seconds = int(value.total_seconds())
    sign = "-" if seconds < 0 else "+"
    hours, rest = divmod(abs(seconds), 3600)
    minutes, seconds = divmod(rest, 60)
    return f"{sign}{hours:02d}{minutes:02d}" + (f"{seconds:02d}" if seconds else "")


def _component(run: list[Transition], is_open: bool) -> list[str]:
    first = run[0]
    kind = "DAYLIGHT" if first.dst else "STANDARD"
    lines = [
        f"BEGIN:{kind}",
        f"DTSTART:{first.onset:%Y%m%dT%H%M%S}",
        f"TZOFFSETFROM:{_offset(first.offset_from)}",
        f"TZOFFSETTO:{_offset(first.offset_to)}",
    ]
    if first.name:
        lines.append(f"TZNAME:{first.name}")
    if len(run) > 1 or is_open:
        month, nth, weekday = first.rule()[:3]
        rule = f"RRULE:FREQ=YEARLY;BYMONTH={month};BYDAY={nth}{_DAYS[weekday]}"
        if not is_open:
            # A day after the last change, not at it: dateutil (vobject) compares UNTIL with
            # the local onset, and would drop the last change of a zone east of UTC.
            rule += f";UNTIL={run[-1].at + timedelta(days=1):%Y%m%dT%H%M%SZ}"
        lines.append(rule)
    lines.append(f"END:{kind}")
    return lines


def _initial(tzid: str, found: list[Transition]) -> list[str]:
    """The offset in force from FIRST_YEAR until the first transition (or for ever)."""
    zone = ZoneInfo(tzid)
    start = datetime(FIRST_YEAR, 1, 1, tzinfo=UTC).astimezone(zone)
    offset = start.utcoffset() or timedelta(0)
    kind = "DAYLIGHT" if start.dst() else "STANDARD"
    lines = [
        f"BEGIN:{kind}",
        f"DTSTART:{FIRST_YEAR}0101T000000",
        f"TZOFFSETFROM:{_offset(found[0].offset_from if found else offset)}",
        f"TZOFFSETTO:{_offset(offset)}",
    ]
    if start.tzname():
        lines.append(f"TZNAME:{start.tzname()}")
    return [*lines, f"END:{kind}"]


@lru_cache(maxsize=128)
def vtimezone_text(tzid: str) -> str:
    """The VTIMEZONE of an IANA zone, CRLF-terminated lines (unfolded: every line is short)."""
    found = transitions(tzid)
    lines = ["BEGIN:VTIMEZONE", f"TZID:{tzid}", *_initial(tzid, found)]
    horizon = datetime(HORIZON_YEAR - 1, 1, 1, tzinfo=UTC)
    for run in _runs(found):
        # A run still going in the horizon's last years is the zone's rule for ever after.
        is_open = run[-1].at >= horizon and len(run) > 1
        lines += _component(run, is_open)
    lines.append("END:VTIMEZONE")
    return _CRLF.join(lines) + _CRLF
