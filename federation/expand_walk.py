"""The expand stage's walk: one RRULE from a start, dateutil's own iteration run with every
period, every time of day it builds and every date it produces charged to a budget, stopped at
the budget, past the window or once enough dates are seen; out, a :class:`Probe` of what it
found (see :mod:`federation.expand_budget`, which plans expansion from it).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from types import FunctionType

import dateutil.rrule
from dateutil.rrule import rrule, rrulestr

_PERIOD_COST = 4  # a period's own bookkeeping, in days examined
MARGIN = timedelta(days=1)  # wall-clock times are within 14 hours of UTC
CROWD = 2  # dates in the day around the window's start, in multiples of those wanted


class _Exhausted(Exception):
    """Raised inside dateutil's walk when the budget is spent."""


class _PastHorizon(Exception):
    """Raised inside dateutil's walk when it gets past the window without a date."""


class _CountingInfo(dateutil.rrule._iterinfo):
    """dateutil's per-walk helper; each ``*dayset`` call is one period of the walk, charged
    to the rule's budget and stopped once the period begins after the rule's horizon.

    No ``__slots__`` of its own: the parent's ``__init__`` sets every name in
    ``self.__slots__``, which must still find the parent's list.
    """

    def _charge(self, first: date, found: tuple[list, int, int]) -> tuple[list, int, int]:
        rule = self.rrule
        rule.spent += found[2] - found[1] + _PERIOD_COST
        if rule.spent > rule.budget:
            raise _Exhausted
        if first > rule.horizon:
            raise _PastHorizon
        return found

    def ydayset(self, year: int, month: int, day: int) -> tuple[list, int, int]:
        return self._charge(date(year, 1, 1), super().ydayset(year, month, day))

    def mdayset(self, year: int, month: int, day: int) -> tuple[list, int, int]:
        return self._charge(date(year, month, 1), super().mdayset(year, month, day))

    def wdayset(self, year: int, month: int, day: int) -> tuple[list, int, int]:
        return self._charge(date(year, month, day), super().wdayset(year, month, day))

    def ddayset(self, year: int, month: int, day: int) -> tuple[list, int, int]:
        return self._charge(date(year, month, day), super().ddayset(year, month, day))

    # A sub-daily rule's times are built afresh each period: 3,600 for HOURLY with BYMINUTE and
    # BYSECOND, each charged (an hour a day for a century took 2 s, found by fuzzing).
    def htimeset(self, hour: int, minute: int, second: int) -> list:
        return self._charge_times(super().htimeset(hour, minute, second))

    def mtimeset(self, hour: int, minute: int, second: int) -> list:
        return self._charge_times(super().mtimeset(hour, minute, second))

    def stimeset(self, hour: int, minute: int, second: int) -> list:
        return self._charge_times(super().stimeset(hour, minute, second))

    def _charge_times(self, times: list) -> list:
        self.rrule.spent += len(times)
        if self.rrule.spent > self.rrule.budget:
            raise _Exhausted
        return times


class _BudgetedRule(rrule):
    """An rrule whose walk is dateutil's own code, run with the counting helper."""

    _iter = FunctionType(
        rrule._iter.__code__,
        {**vars(dateutil.rrule), "_iterinfo": _CountingInfo},
        "_iter",
    )
    spent = 0
    budget = 0
    horizon = date.max


@dataclass(frozen=True, slots=True)
class Probe:
    """What a walk found: whether it ever produced a date, and whether it got to the end."""

    produced: bool  # any date at all, before or after the window too
    last: datetime | None  # the last date seen in the window (wall clock, a day's margin)
    complete: bool  # the walk reached the window's end, the rule's end or enough dates
    spent: int  # candidates examined, each date produced among them
    dates: int = 0  # dates produced from DTSTART
    crowded: bool = False  # stopped at CROWD x wanted dates around the window's start
    ended: bool = False  # the rule gave its last date (COUNT, UNTIL)

    @property
    def slack(self) -> int:
        """Dates past the walk's last that expansion may still need, in multiples of those
        wanted: none once the walk saw enough or got past the window; else the rule ended (its
        UNTIL read in wall-clock time, up to 14 hours early) or the walk stopped in a crowd."""
        return 1 if self.crowded or self.ended else 0


def probe(
    text: str, start: datetime | date, window: tuple[datetime, datetime], wanted: int, budget: int
) -> Probe:
    """Walk ``RRULE:text`` from ``start`` until ``wanted`` dates in the window, the window's
    end or the rule's end, examining at most ``budget`` candidates (each date is one).

    Dates are counted in the window from a day after its start, where every zone has
    reached it; a crowd of dates before that (a rule's BY-parts may put thousands on one
    day) stops the walk at ``CROWD * wanted``.

    Wall-clock times throughout (dateutil walks those): the rule's UNTIL is read without its
    zone and the window widened by a day.  Raises ``ValueError`` for a rule dateutil refuses.
    """
    low, high = wall(window[0] - MARGIN), wall(window[1] + MARGIN)
    inside = wall(window[0] + MARGIN)  # from here on a date is in the window in any zone
    rule = _budgeted(rrulestr(text, dtstart=wall(start), ignoretz=True), budget, high.date())
    produced, dates, near, found, last = False, 0, 0, 0, None
    try:
        for value in rule:
            produced, dates, rule.spent = True, dates + 1, rule.spent + 1
            if rule.spent > budget:
                raise _Exhausted
            if value > high or found >= wanted:
                break
            if value >= low:
                last, found, near = value, found + (value >= inside), near + (value < inside)
                if near >= CROWD * wanted:
                    return Probe(produced, last, True, rule.spent, dates, crowded=True)
        else:
            return Probe(produced, last, True, rule.spent, dates, ended=True)
    except _Exhausted:
        return Probe(produced, last, False, rule.spent, dates)
    except _PastHorizon:
        pass
    return Probe(produced, last, True, rule.spent, dates)


def _budgeted(rule: rrule, budget: int, horizon: date) -> _BudgetedRule:
    """The same rule as a :class:`_BudgetedRule` (as ``rrule.replace`` builds a copy)."""
    kwargs = {
        "freq": rule._freq,
        "dtstart": rule._dtstart,
        "interval": rule._interval,
        "wkst": rule._wkst,
        "count": rule._count,
        "until": rule._until,
        **rule._original_rule,
    }
    copy = _BudgetedRule(**kwargs)
    copy.budget, copy.horizon = budget, horizon
    return copy


def wall(value: datetime | date) -> datetime:
    """The naive wall-clock time dateutil walks (midnight for a date)."""
    if isinstance(value, datetime):
        return value.replace(tzinfo=None)
    return datetime.combine(value, time(0))
