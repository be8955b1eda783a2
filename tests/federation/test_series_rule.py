"""The partner's recurrence, kept for the export: normalised so every reader expands it alike,
and kept only when it expands to exactly the instances stored."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from federation.contentlines import top_level_lines
from federation.moments import read_moment
from federation.series_rule import rule_lines, rule_text
from federation.timezones import resolver_for
from tests.calendars import vevent
from tests.federation.outcomes import CTX, normalized

BERLIN = resolver_for((), None, "Asia/Shanghai")


def _rule(*lines: str) -> str:
    text = vevent("r", None, *lines)
    parsed = top_level_lines(text)
    start = read_moment(next(line for line in parsed if line.name == "DTSTART"), BERLIN)
    return rule_text(parsed, start, BERLIN)


def _rules(*vevents: str, **props) -> set[str]:
    """The rule each occurrence keeps, over all outcomes."""
    return {e.series_rule for o in normalized(*vevents, **props) for e in o.occurrences}


def test_a_windows_zone_rule_is_written_with_its_iana_zone_and_a_utc_until() -> None:
    assert _rule(
        "DTSTART;TZID=W. Europe Standard Time:20240105T110000",
        "RRULE:BYDAY=FR;FREQ=WEEKLY;UNTIL=20240301T110000",
        "EXDATE;TZID=W. Europe Standard Time:20240119T110000,20240112T110000",
    ) == (
        "DTSTART;TZID=Europe/Berlin:20240105T110000\r\n"
        "RRULE:FREQ=WEEKLY;UNTIL=20240301T100000Z;BYDAY=FR\r\n"
        "EXDATE;TZID=Europe/Berlin:20240112T110000,20240119T110000"
    )


def test_floating_exdates_are_wall_time_in_the_starts_zone_and_dates_stay_dates() -> None:
    assert "EXDATE;TZID=Europe/Helsinki:20240403T110000" in _rule(
        "DTSTART;TZID=Europe/Helsinki:20240105T110000",
        "RRULE:FREQ=WEEKLY",
        "EXDATE:20240403T110000",
    )
    assert _rule("DTSTART;VALUE=DATE:20240105", "RRULE:FREQ=MONTHLY;UNTIL=20241231T235959Z") == (
        "DTSTART;VALUE=DATE:20240105\r\nRRULE:FREQ=MONTHLY;UNTIL=20241231"
    )


def test_a_utc_start_keeps_utc_and_rdates_are_merged_into_one_sorted_line() -> None:
    assert _rule(
        "DTSTART:20240105T090000Z",
        "RDATE:20240301T090000Z",
        "RDATE;TZID=Asia/Tokyo:20240201T180000",
    ) == ("DTSTART:20240105T090000Z\r\nRDATE:20240201T090000Z,20240301T090000Z")


def test_what_cannot_travel_whole_is_not_kept() -> None:
    start = "DTSTART;TZID=Europe/Berlin:20240105T110000"
    assert _rule(start, "RRULE:FREQ=WEEKLY", "EXRULE:FREQ=MONTHLY") == ""
    assert _rule(start, "RRULE:FREQ=WEEKLY", "RRULE:FREQ=DAILY;COUNT=3") == ""
    assert _rule(start, "RDATE;VALUE=PERIOD:20240201T090000Z/PT1H") == ""
    assert _rule(start, "RRULE:FREQ=WEEKLY", "EXDATE;VALUE=DATE:20240112") == ""
    assert _rule(start, "RRULE:INTERVAL=2") == ""  # no FREQ
    days = (datetime(2024, 1, 5, 10, tzinfo=UTC) + timedelta(days=n) for n in range(1001))
    assert (
        _rule(start, "RRULE:FREQ=DAILY", "EXDATE:" + ",".join(f"{d:%Y%m%dT%H%M%SZ}" for d in days))
        == ""
    )


def test_a_flood_of_dates_outside_the_window_is_not_kept() -> None:
    """200,000 EXDATEs in 1990 change no instance the sync keeps, and the export would carry
    them all: the series is listed by its dates instead (and nothing reads the flood)."""
    flood = ",".join(
        f"1990{m:02}{d:02}T{h:02}0000Z" for m in (1, 2) for d in range(1, 29) for h in range(24)
    )
    lines = ["EXDATE:" + flood] * 75
    weekly = vevent("w", datetime(2024, 1, 1, 9, tzinfo=UTC), *lines, rrule="FREQ=WEEKLY")
    assert _rules(weekly) == {""}


def test_stored_rule_lines_read_back_unfolded() -> None:
    text = _rule(
        "DTSTART:20240105T090000Z",
        "RDATE:" + ",".join(f"202402{d:02}T090000Z" for d in range(1, 20)),
    )
    assert "\r\n " in text  # folded at 75 octets
    lines = rule_lines(text)
    assert [line.name for line in lines] == ["DTSTART", "RDATE"]
    assert len(lines[1].value.split(",")) == 19


def test_instances_the_rule_generated_keep_it_overrides_and_single_events_do_not() -> None:
    master = vevent(
        "s",
        None,
        "DTSTART;TZID=Europe/Berlin:20240105T110000",
        "DTEND;TZID=Europe/Berlin:20240105T120000",
        "RRULE:FREQ=WEEKLY;COUNT=4",
        summary="Office hours",
    )
    moved = vevent(
        "s",
        None,
        "RECURRENCE-ID;TZID=Europe/Berlin:20240112T110000",
        "DTSTART;TZID=Europe/Berlin:20240112T150000",
        summary="Office hours, later",
    )
    single = vevent("one", datetime(2024, 3, 1, 9, tzinfo=UTC), summary="Demo day")
    kept = {
        (e.uid, e.recurrence_id): e.series_rule
        for o in normalized(master, moved, single)
        for e in o.occurrences
    }
    rule = "DTSTART;TZID=Europe/Berlin:20240105T110000\r\nRRULE:FREQ=WEEKLY;COUNT=4"
    assert kept == {
        ("s", "20240105T100000Z"): rule,
        ("s", "20240112T100000Z"): "",  # the override: it travels as itself
        ("s", "20240119T100000Z"): rule,
        ("s", "20240126T100000Z"): rule,
        ("one", ""): "",
    }


def test_a_rule_cut_short_by_the_cap_or_the_budget_is_not_kept() -> None:
    """A rule with more instances in the window than are stored would give a client dates
    the site does not list: the series is then exported by its dates."""
    hourly = vevent("h", datetime(2024, 1, 1, 9, tzinfo=UTC), rrule="FREQ=HOURLY", summary="Hourly")
    assert _rules(hourly) == {""}
    weekly = vevent("w", datetime(2024, 1, 1, 9, tzinfo=UTC), rrule="FREQ=WEEKLY", summary="Weekly")
    assert _rules(weekly) == {"DTSTART:20240101T090000Z\r\nRRULE:FREQ=WEEKLY"}
    # 366 daily instances fit the window's cap of 500: the rule travels.
    daily = vevent("d", datetime(2024, 1, 1, 9, tzinfo=UTC), rrule="FREQ=DAILY", summary="Daily")
    assert _rules(daily) == {"DTSTART:20240101T090000Z\r\nRRULE:FREQ=DAILY"}
    assert CTX.max_occurrences == 500


def test_a_rule_that_would_expand_differently_once_normalised_is_not_kept() -> None:
    """A zone the feed defines itself, with no IANA name that keeps its summer time, is
    written as the nearest known zone: a weekly series across the change of clocks would move
    by an hour in a client, so the series is exported by its dates instead."""
    studio = (
        "BEGIN:VTIMEZONE\r\nTZID:Studio Time\r\n"
        "BEGIN:STANDARD\r\nDTSTART:19701025T030000\r\nRRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU\r\n"
        "TZOFFSETFROM:+0200\r\nTZOFFSETTO:+0100\r\nEND:STANDARD\r\n"
        "BEGIN:DAYLIGHT\r\nDTSTART:19700329T020000\r\nRRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU\r\n"
        "TZOFFSETFROM:+0100\r\nTZOFFSETTO:+0200\r\nEND:DAYLIGHT\r\nEND:VTIMEZONE\r\n"
    )
    weekly = vevent(
        "w",
        None,
        "DTSTART;TZID=Studio Time:20240105T100000",
        "RRULE:FREQ=WEEKLY;COUNT=20",
        summary="Studio hours",
    )
    outcomes = normalized(studio, weekly)
    starts = sorted(e.start_at for o in outcomes for e in o.occurrences)
    assert len(starts) == 20 and starts[0].hour == 9 and starts[-1].hour == 8  # summer time
    assert {e.series_rule for o in outcomes for e in o.occurrences} == {""}
