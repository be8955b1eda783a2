"""A series' rhythm read from its dates."""

from datetime import date, timedelta

from events.rhythm import (
    DAILY,
    FORTNIGHTLY,
    IRREGULAR,
    MONTHLY,
    MONTHLY_WEEKDAY,
    WEEKLY,
    rhythm,
)

THURSDAY = date(2026, 12, 10)


def test_steps() -> None:
    assert rhythm([THURSDAY + timedelta(weeks=n) for n in range(8)]) == WEEKLY
    assert rhythm([THURSDAY + timedelta(days=n) for n in range(3)]) == DAILY
    assert rhythm([THURSDAY + timedelta(weeks=2 * n) for n in range(3)]) == FORTNIGHTLY
    assert rhythm([date(2027, m, 5) for m in (1, 2, 3, 4)]) == MONTHLY
    third_wednesdays = [date(2026, 12, 16), date(2027, 1, 20), date(2027, 2, 17)]
    assert rhythm(third_wednesdays) == MONTHLY_WEEKDAY


def test_no_one_step() -> None:
    assert rhythm([THURSDAY]) == IRREGULAR
    assert (
        rhythm([THURSDAY, THURSDAY + timedelta(days=7), THURSDAY + timedelta(days=15)]) == IRREGULAR
    )
