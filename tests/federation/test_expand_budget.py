"""Every RRULE checked and walked within a budget: rules that never happen are reported, several
RRULE lines are each checked and combined, past and future series stay quiet."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from federation.contentlines import ContentLine
from federation.expand_budget import BUDGET, plan_rules, with_count
from federation.expand_walk import probe
from tests.calendars import vevent
from tests.federation.outcomes import normalized

WINDOW = (datetime(2024, 1, 1, tzinfo=UTC), datetime(2025, 1, 1, tzinfo=UTC))


def series(*lines: str, start: str = "20240105T090000Z") -> str:
    return vevent("s", start, *lines, summary="series")


def starts(outcome) -> list[datetime]:
    return [event.start_at for event in outcome.occurrences]


def notes(outcome) -> tuple[str, ...]:
    return outcome.occurrences[0].notes if outcome.occurrences else ()


@pytest.mark.parametrize(
    ("rule", "reason"),
    [
        (
            "FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30",
            "the recurrence rule never produces a date (FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30)",
        ),
        (
            "FREQ=MONTHLY;BYMONTH=4;BYMONTHDAY=31",
            "the recurrence rule never produces a date (FREQ=MONTHLY;BYMONTH=4;BYMONTHDAY=31)",
        ),
        (
            "FREQ=DAILY;BYSETPOS=3;COUNT=4",
            "the recurrence rule never produces a date (FREQ=DAILY;BYSETPOS=3;COUNT=4)",
        ),
    ],
)
def test_a_rule_that_never_happens_is_skipped_with_its_text(rule: str, reason: str) -> None:
    (outcome,) = normalized(series(f"RRULE:{rule}"))
    assert outcome.skip is not None and outcome.skip.reason == reason


def test_a_rule_moved_up_to_the_window_says_it_gives_nothing_there() -> None:
    (outcome,) = normalized(series("RRULE:FREQ=DAILY;BYSETPOS=3", start="20000101T000000Z"))
    assert outcome.skip is not None
    assert outcome.skip.reason == (
        "the recurrence rule produces no date in the sync window (FREQ=DAILY;BYSETPOS=3)"
    )


def test_a_dense_rule_that_never_happens_stops_at_the_budget() -> None:
    (outcome,) = normalized(series("RRULE:FREQ=SECONDLY;BYSECOND=3;BYSETPOS=2"))
    assert outcome.skip is not None
    assert outcome.skip.reason.startswith(
        "the recurrence rule never produces a date (FREQ=SECONDLY;BYSECOND=3;BYSETPOS=2): none in "
    )


@pytest.mark.parametrize(
    ("rule", "part"),
    [("FREQ=SECONDLY;BYHOUR=20;BYYEARDAY=1,-366", "BYHOUR"), ("FREQ=MINUTELY;BYHOUR=3", "BYHOUR")],
)
def test_a_sub_daily_rule_filtered_by_a_coarser_unit_is_refused(rule: str, part: str) -> None:
    """dateutil would look for each match a second (a minute) at a time, uncharged."""
    (outcome,) = normalized(series(f"RRULE:{rule}", start="19000101T000000Z"))
    assert outcome.skip is not None
    assert f"FREQ={rule[5:13].rstrip(';')} with {part} is not read" in outcome.skip.reason


@pytest.mark.parametrize(
    "rule",
    [
        "FREQ=SECONDLY;BYSETPOS=3",
        "FREQ=MINUTELY;BYSECOND=1,2;BYSETPOS=3",
        "FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30;COUNT=5",
    ],
)
def test_the_walk_examines_at_most_the_budget(rule: str) -> None:
    walk = probe(rule, datetime(1800, 1, 1), WINDOW, 501, BUDGET)
    assert not walk.produced and not walk.complete
    assert BUDGET < walk.spent <= BUDGET + 400  # one period past the budget at most


def test_the_walk_stops_at_the_end_of_the_window() -> None:
    walk = probe("FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30", date(2024, 1, 1), WINDOW, 501, BUDGET)
    assert walk.complete and not walk.produced and walk.spent < 2_000


def test_past_series_and_a_future_one_are_not_skipped() -> None:
    outcomes = normalized(
        series("RRULE:FREQ=WEEKLY;UNTIL=20200301T000000Z", start="20200105T090000Z"),
        vevent("c", "20000101T000000Z", rrule="FREQ=SECONDLY;COUNT=999999999"),
        vevent("f", "20300105T090000Z", rrule="FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30"),
    )
    assert [(o.skip, o.occurrences) for o in outcomes] == [(None, ())] * 3


def test_a_rule_that_never_happens_beside_rdates_keeps_the_rdates_with_a_note() -> None:
    (outcome,) = normalized(
        series("RRULE:FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30", "RDATE:20240301T090000Z")
    )
    assert datetime(2024, 3, 1, 9, tzinfo=UTC) in starts(outcome)
    assert (
        "the recurrence rule never produces a date (FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30); ignored"
    ) in notes(outcome)


def test_two_rrules_give_the_dates_of_both_with_a_note() -> None:
    (outcome,) = normalized(
        series("RRULE:FREQ=WEEKLY;COUNT=2", "RRULE:FREQ=MONTHLY;BYMONTHDAY=20;COUNT=1")
    )
    assert starts(outcome) == [datetime(2024, 1, d, 9, tzinfo=UTC) for d in (5, 12, 20)]
    assert "several RRULE lines (RFC 5545 expects one): their dates are combined" in notes(outcome)


def test_a_second_rrule_is_checked_like_the_first() -> None:
    (outcome,) = normalized(series("RRULE:FREQ=YEARLY", "RRULE:FREQ=DAILY;INTERVAL=0"))
    assert outcome.skip is not None and "INTERVAL must be a positive integer" in outcome.skip.reason


def test_a_second_dense_rrule_is_moved_ahead_and_capped() -> None:
    (outcome,) = normalized(
        series(
            "RRULE:FREQ=WEEKLY;UNTIL=20240118T173000Z",
            "RRULE:FREQ=SECONDLY",
            start="20221110T173000Z",
        )
    )
    assert len(outcome.occurrences) == 500
    assert "recurrence truncated at 500 occurrences" in notes(outcome)


def test_more_than_four_rrules_are_refused() -> None:
    (outcome,) = normalized(series(*[f"RRULE:FREQ=WEEKLY;COUNT={n}" for n in range(1, 6)]))
    assert outcome.skip is not None and "5 RRULE lines; at most 4 are read" in outcome.skip.reason


EVERY_DAY_EVERY_FIVE_MINUTES = (
    "FREQ=YEARLY;BYMONTH=1,2,3,4,5,6,7,8,9,10,11,12;BYMONTHDAY="
    + ",".join(map(str, range(1, 32)))
    + ";BYHOUR="
    + ",".join(map(str, range(24)))
    + ";BYMINUTE="
    + ",".join(map(str, range(0, 60, 5)))
)


def test_every_date_a_walk_produces_is_charged() -> None:
    """105,120 dates a year: from 1900 the walk runs out of budget in dates, not days."""
    walk = probe(EVERY_DAY_EVERY_FIVE_MINUTES, datetime(1900, 1, 1), WINDOW, 501, BUDGET)
    assert walk.produced and not walk.complete and walk.last is None
    assert BUDGET < walk.spent <= BUDGET + 400 and walk.dates > BUDGET // 2


def test_a_planned_rule_ends_where_the_walk_saw_enough_dates() -> None:
    """Expansion builds no more dates than the walk counted (plus one per EXDATE), however
    many the rule's BY-parts put in a period."""
    rule = ContentLine("RRULE", {}, EVERY_DAY_EVERY_FIVE_MINUTES)
    exdates = ContentLine("EXDATE", {}, "20240103T000000Z,20240103T000500Z")
    (plan,), refused = plan_rules([rule, exdates], datetime(2024, 1, 1, tzinfo=UTC), WINDOW, 501)
    # Jan 1's 288 (before the walk is sure to be inside), the 501 wanted, the one that ended
    # the walk, and one per EXDATE.
    assert not refused and plan.line.value.endswith(";COUNT=792")
    (outcome,) = normalized(series(f"RRULE:{rule.value}", start="20240101T000000Z"))
    assert len(outcome.occurrences) == 500
    assert starts(outcome)[-1] == datetime(2024, 1, 2, 17, 35, tzinfo=UTC)


@pytest.mark.parametrize(
    ("rule", "bounded"),
    [
        ("FREQ=DAILY", "FREQ=DAILY;COUNT=10"),
        ("FREQ=DAILY;COUNT=99", "FREQ=DAILY;COUNT=10"),
        ("FREQ=DAILY;COUNT=3;UNTIL=20240101T000000Z", "FREQ=DAILY;COUNT=3;UNTIL=20240101T000000Z"),
        ("FREQ=DAILY;UNTIL=20240101T000000Z", "FREQ=DAILY;UNTIL=20240101T000000Z;COUNT=10"),
    ],
)
def test_with_count_lowers_or_adds_a_count(rule: str, bounded: str) -> None:
    assert with_count(ContentLine("RRULE", {}, rule), 10).value == bounded


def test_a_crowd_of_dates_around_the_window_start_stops_the_walk_with_a_note() -> None:
    """A date a minute from the day before the window: the walk stops at 1,002 dates before
    it is sure to be inside, so fewer than the cap are kept, and the notes say why."""
    (outcome,) = normalized(series("RRULE:FREQ=MINUTELY;COUNT=20000", start="20231231T000000Z"))
    assert 0 < len(outcome.occurrences) < 500
    assert "recurrence stopped after 1,002 dates around the start of the sync window" in notes(
        outcome
    )
