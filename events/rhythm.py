"""How often a series of dates recurs, read from the dates themselves (pure): what a list
says instead of repeating a weekly salon seven times."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

DAILY, WEEKLY, FORTNIGHTLY, MONTHLY, MONTHLY_WEEKDAY, IRREGULAR = (
    "daily",
    "weekly",
    "fortnightly",
    "monthly",  # the same day of each month
    "monthly_weekday",  # the same nth weekday of each month ("third Wednesday")
    "irregular",
)
_BY_GAP = {1: DAILY, 7: WEEKLY, 14: FORTNIGHTLY}


def rhythm(days: Sequence[date]) -> str:
    """The one step between all of ``days`` (sorted local dates of a series), else
    IRREGULAR; a single date is IRREGULAR too (nothing to read a step from)."""
    gaps = {(b - a).days for a, b in zip(days, days[1:], strict=False)}
    if len(gaps) == 1 and (gap := next(iter(gaps))) in _BY_GAP:
        return _BY_GAP[gap]
    if not gaps or not all(28 <= g <= 35 for g in gaps):
        return IRREGULAR
    if len({d.day for d in days}) == 1:
        return MONTHLY
    same_weekday = len({(d.weekday(), week_of_month(d)) for d in days}) == 1
    return MONTHLY_WEEKDAY if same_weekday and week_of_month(days[0]) < 4 else IRREGULAR


def week_of_month(day: date) -> int:
    """0 for the month's first such weekday, 1 for the second, … (a 5th one is rare)."""
    return (day.day - 1) // 7


@dataclass(frozen=True)
class SeriesDates:
    """The dates of a recurring event from the one shown on: what a list says of it."""

    starts: list[datetime]  # the shown date first

    @property
    def more(self) -> int:
        return len(self.starts) - 1
