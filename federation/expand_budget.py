"""The expand stage's budget: every RRULE of a series in, read, checked and walked once within
a budget before expansion; out, a :class:`RulePlan` per rule that gives dates (how far to
expand it) and the reason for each rule that gives none.

dateutil walks a rule one period at a time from DTSTART and checks UNTIL, COUNT or the
caller's window only when a period *produces* a date; a rule that never does
(``BYMONTH=2;BYMONTHDAY=30``, ``FREQ=DAILY;BYSETPOS=3``) is walked up to the year 9999,
seconds of CPU per event; and BY-parts multiply (each second of Jan 1 is 86,400 dates a
year).  :func:`plan_rules` walks each rule (:mod:`federation.expand_walk`) with a hard budget
of candidates shared by the series and says, per rule, where expansion
(:mod:`federation.expand`) may stop without walking further than this check did, and after how
many dates (a COUNT) — or why the rule is not expanded at all.

RFC 5545 says RRULE SHOULD NOT occur more than once; a few are accepted (each checked and
moved ahead on its own, their dates combined), as recurring_ical_events would.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from federation.contentlines import ContentLine
from federation.expand_walk import MARGIN, Probe, probe, wall
from federation.sync_errors import coded

# Candidates a series may cost: days examined by DAILY and longer rules, periods by
# sub-daily ones. 200,000 is more than a YEARLY rule walked from 1800 to the window needs, and
# at most ~0.25 s of CPU whatever the rule (measured, dateutil 2.9).
BUDGET = 200_000
_MAX_RULES = 4
_MAX_COUNT = 20_000  # dateutil walks every instance from DTSTART; see clamped_count
# Times of day a rule may name (BYHOUR x BYMINUTE x BYSECOND): one every five minutes.
# dateutil builds and sorts every combination before the first date (86,400 of them: 80 ms per
# rule object) and combines each with every day of DTSTART's first period; a rule naming each
# second of Jan 1 gave 259,200 dates in three years (34.5 s of expansion).
MAX_TIMES_OF_DAY = 288
# Sub-daily rules filtered by a coarser unit: dateutil looks for the next match one second (one
# minute) at a time, up to a day of them between two periods it can be charged for; a rule
# that matches once a year took minutes (FREQ=SECONDLY;BYHOUR=20;BYYEARDAY=…, found by fuzzing).
_SEARCHED = {"SECONDLY": ("BYHOUR", "BYMINUTE"), "MINUTELY": ("BYHOUR",)}
PERIODS = {"SECONDLY": 1, "MINUTELY": 60, "HOURLY": 3600, "DAILY": 86400, "WEEKLY": 604800}


# with_count gives a rule with UNTIL a COUNT too, on purpose (see there).
warnings.filterwarnings("ignore", "Using both 'count' and 'until'", DeprecationWarning)


class RuleNeverMatches(ValueError):
    """No rule of a series gives a date in the window; the message is the Skip reason."""


@dataclass(frozen=True, slots=True)
class RulePlan:
    """One checked RRULE: how to expand it and how far."""

    line: ContentLine  # COUNT clamped
    parts: dict[str, str]
    start: datetime | date  # DTSTART, moved ahead by whole periods when that is exact
    until: datetime  # expansion stops here: the window's end, or where the budget ran out
    note: str | None
    crowded: str | None = None  # said when expansion comes back short: the walk stopped early


def plan_rules(
    lines: list[ContentLine],
    start: datetime | date,
    window: tuple[datetime, datetime],
    wanted: int,
    budget: int = BUDGET,
) -> tuple[list[RulePlan], list[str]]:
    """A plan per RRULE that gives dates, and the reasons the others give none.

    Each plan's rule carries a COUNT that ends it ``wanted`` dates after the last one the walk
    saw: expansion then builds at most that many dates whatever the rule's BY-parts multiply to
    (the walk has already shown the first ``wanted`` of the window are among them).
    Raises ``ValueError`` for a rule that cannot be read (every rule is checked alike).
    """
    rules = [line for line in lines if line.name == "RRULE"]
    if len(rules) > _MAX_RULES:
        raise ValueError(f"{len(rules)} RRULE lines; at most {_MAX_RULES} are read")
    checked = [(clamped_count(line), _checked_parts(line, start)) for line in rules]
    # An EXDATE may remove a date the walk counted, and so may each date of an EXRULE (deprecated
    # by RFC 5545, rare): room for one date more per EXDATE, and for a second ``wanted``.
    excluded = sum(line.value.count(",") + 1 for line in lines if line.name == "EXDATE")
    excluded += wanted if any(line.name == "EXRULE" for line in lines) else 0
    plans, refused = [], []
    for line, parts in checked:
        if not _meets(parts, start, window):
            continue  # over before the window opens, or starts after it closes
        moved = skip_ahead(parts, start, window[0])
        walk = probe(line.value, moved, window, wanted, budget)
        budget -= walk.spent
        reason = _refusal(walk, line.value, moved != start)
        if reason:
            refused.append(reason)
        elif walk.last is not None:
            bounded = with_count(line, walk.dates + walk.slack * wanted + excluded)
            plans.append(RulePlan(bounded, parts, moved, *_stop(walk, window), _crowded(walk)))
        # else: dates only outside the window (a COUNT spent long ago): nothing to expand
    return plans, refused


def _checked_parts(line: ContentLine, start: datetime | date) -> dict[str, str]:
    """The rule's parts, refusing what dateutil would loop on or cannot apply."""
    parts = rule_parts(line.value)
    interval(parts)
    times = 1
    for name in ("BYHOUR", "BYMINUTE", "BYSECOND"):
        times *= len(set(parts[name].split(","))) if parts.get(name) else 1
    if times > MAX_TIMES_OF_DAY:
        raise ValueError(
            f"BYHOUR, BYMINUTE and BYSECOND name {times:,} times of day; "
            f"at most {MAX_TIMES_OF_DAY:,} are read"
        )
    searched = [name for name in _SEARCHED.get(parts.get("FREQ", ""), ()) if parts.get(name)]
    if searched:
        raise ValueError(
            f"FREQ={parts['FREQ']} with {searched[0]} is not read (write it as FREQ=DAILY "
            f"with BYHOUR, BYMINUTE and BYSECOND)"
        )
    if not isinstance(start, datetime) and parts.get("FREQ") in ("SECONDLY", "MINUTELY", "HOURLY"):
        raise ValueError(f"FREQ={parts['FREQ']} cannot repeat an all-day event")
    return parts


def _meets(
    parts: dict[str, str], start: datetime | date, window: tuple[datetime, datetime]
) -> bool:
    """Whether the rule can reach into the window at all: by DTSTART and, when readable, UNTIL."""
    until = parts.get("UNTIL", "")[:8]
    if until.isdigit() and len(until) == 8 and until < f"{window[0] - MARGIN:%Y%m%d}":
        return False
    return wall(start) <= wall(window[1] + MARGIN)


def _refusal(walk: Probe, text: str, moved: bool) -> str | None:
    """Why a walk that found nothing in the window is not expanded (``None``: expand it)."""
    if walk.last is not None or (walk.complete and walk.produced):
        return None
    if not walk.produced and walk.complete and moved:
        return coded("skip.rule_outside", rule=text)
    if not walk.produced and walk.complete:
        return coded("skip.rule_never", rule=text)
    if not walk.produced:
        return coded("skip.rule_never_tried", rule=text, count=f"{walk.spent:,}")
    return coded("skip.rule_too_costly", rule=text, count=f"{walk.spent:,}")


def _stop(walk: Probe, window: tuple[datetime, datetime]) -> tuple[datetime, str | None]:
    """Where expansion stops: the window's end, or a margin before the last date the walk saw
    when the budget ran out (expansion then walks no further than the check did)."""
    if walk.complete or walk.last is None:
        return window[1], None
    stop = max(window[0], walk.last.replace(tzinfo=UTC) - 2 * MARGIN)
    return stop, f"recurrence stopped after examining {walk.spent:,} candidates"


def _crowded(walk: Probe) -> str | None:
    """What to say if the walk stopped in a crowd of dates around the window's start."""
    if not walk.crowded:
        return None
    return f"recurrence stopped after {walk.dates:,} dates around the start of the sync window"


def rule_parts(text: str) -> dict[str, str]:
    """An RRULE value's parts (upper-case keys)."""
    parts = (part.partition("=") for part in text.upper().split(";"))
    return {key.strip(): value.strip() for key, _, value in parts}


def interval(parts: dict[str, str]) -> int:
    """INTERVAL, which RFC 5545 §3.3.10 requires to be a positive integer.

    dateutil loops forever on ``INTERVAL=0``, so anything else is refused as invalid.
    """
    text = parts.get("INTERVAL", "1")
    if not text.isdigit() or int(text) < 1:
        raise ValueError(f"INTERVAL must be a positive integer, not {text!r}")
    return int(text)


def skip_ahead(parts: dict[str, str], start: datetime | date, window_start: datetime):
    """Move a fixed-period rule's DTSTART by whole periods up to the window.

    dateutil iterates every instance from DTSTART, so ``FREQ=SECONDLY`` from 2000 would run
    for hours.  Without COUNT, moving DTSTART by whole periods yields the same instances
    (BYxxx parts only filter or expand within a period).
    """
    period = PERIODS.get(parts.get("FREQ", ""), 0) * interval(parts)
    if not period or not isinstance(start, datetime) or "COUNT" in parts:
        return start
    step = timedelta(seconds=period)
    behind = (window_start - start) // step - 1
    return start + step * behind if behind > 0 else start


def clamped_count(line: ContentLine) -> ContentLine:
    """Limit COUNT: dateutil walks every instance from DTSTART, and COUNT=100000000 would hang.

    Skipping ahead is impossible with COUNT, so a huge COUNT is cut to :data:`_MAX_COUNT`.
    """
    return with_count(line, _MAX_COUNT, add=False)


def with_count(line: ContentLine, most: int, *, add: bool = True) -> ContentLine:
    """The rule ending after at most ``most`` dates: its COUNT lowered, or one added.

    Beside an UNTIL the earlier end wins (dateutil stops at either, with a DeprecationWarning
    that the module-level filter above silences: RFC 5545 forbids both in a feed, not here).
    """
    parts = line.value.split(";")
    counted = False
    for index, part in enumerate(parts):
        key, _, value = part.partition("=")
        if key.strip().upper() == "COUNT" and value.strip().isdigit():
            parts[index], counted = f"COUNT={min(int(value), most)}", True
    if add and not counted and not any(p.strip().upper().startswith("COUNT") for p in parts):
        parts.append(f"COUNT={most}")
    return ContentLine(line.name, line.params, ";".join(parts))
