"""normalize_group / group_components on small hand-written series."""

from __future__ import annotations

import logging
from datetime import UTC, date, datetime

import pytest

from federation import normalize
from federation.normalize import NormalizeContext
from tests.calendars import vevent
from tests.federation.outcomes import CTX, normalized

START = "20240612T010000Z"


def test_bilingual_language_params_and_x_fields() -> None:
    (outcome,) = normalized(
        vevent(
            "a",
            START,
            "SUMMARY;LANGUAGE=zh-CN:长三角创新周",
            "SUMMARY;LANGUAGE=en:YRD Innovation Week",
            "X-LOCATION-EN:Shanghai",
            "LOCATION:上海",
        )
    )
    (event,) = outcome.occurrences
    assert (
        event.texts["zh"].title == "长三角创新周"
        and event.texts["en"].title == "YRD Innovation Week"
    )
    assert event.texts["en"].location == "Shanghai" and event.texts["zh"].location == "上海"
    assert event.language == "zh"


def test_declared_language_and_detection() -> None:
    (outcome,) = normalized(
        vevent("a", START, summary="Demo day"),
        ctx=NormalizeContext(CTX.window_start, CTX.window_end, language="zh"),
    )
    assert outcome.occurrences[0].language == "zh"
    (outcome,) = normalized(vevent("a", START, summary="Demo day"))
    assert outcome.occurrences[0].language == "en"


def test_fields_url_categories_online_sequence() -> None:
    (outcome,) = normalized(
        vevent(
            "a",
            START,
            summary="Talk",
            url="javascript:alert(1)",
            categories=["AI,Biotech", "AI"],
            location="腾讯会议 123-456",
            sequence=3,
            last_modified="20240101T120000Z",
            description="Line 1\\nLine\\, 2",
        )
    )
    event = outcome.occurrences[0]
    assert event.url is None and event.categories == ("AI", "Biotech") and event.online
    assert event.sequence == 3 and event.last_modified_at == datetime(2024, 1, 1, 12, tzinfo=UTC)
    assert event.texts["en"].description == "Line 1\nLine, 2"


def test_content_hash_ignores_dtstamp_and_sequence_but_not_title() -> None:
    first = normalized(vevent("a", START, summary="Talk", dtstamp="20240101T000000Z", sequence=1))
    same = normalized(vevent("a", START, summary="Talk", dtstamp="20240301T000000Z", sequence=2))
    other = normalized(vevent("a", START, summary="Talk!"))
    assert (
        first[0].occurrences[0].content_hash
        == same[0].occurrences[0].content_hash
        != other[0].occurrences[0].content_hash
    )


def test_duplicate_uid_keeps_higher_sequence() -> None:
    outcomes = normalized(
        vevent("a", START, sequence=2, summary="new"),
        vevent("a", START, sequence=1, summary="old"),
    )
    assert outcomes[0].occurrences[0].texts["en"].title == "new"
    assert outcomes[1].skip is not None and outcomes[1].skip.reason.startswith("duplicate UID a")


def test_skips_have_reasons_and_nothing_raises(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.DEBUG, logger="huiju"):
        outcomes = normalized(
            vevent("a", summary="no start"),
            vevent("b", "30110811"),
            vevent("c", START, rrule="FREQ=SOMETIMES"),
            vevent("d", START, rrule="FREQ=MONTHLY;BYDAY=+99MO"),  # dateutil: IndexError
            vevent("e", START, duration="P99999999W"),  # ends after the year 9999
        )
    reasons = [o.skip.reason for o in outcomes if o.skip]
    assert reasons[0] == "no DTSTART"
    assert reasons[1] == "DTSTART is not a valid date (30110811)"
    assert reasons[2].startswith("invalid RRULE")
    assert reasons[3].startswith("invalid RRULE")
    assert reasons[4] == "the event could not be read (OverflowError: date value out of range)"
    assert caplog.records == []  # the feed's problems are the partner's to read, not a log's


def test_a_bug_of_ours_is_logged_with_its_traceback_and_skips_its_series(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    def broken(*args: object) -> None:
        raise TypeError("a bug, not the feed's fault")

    monkeypatch.setattr(normalize, "event_texts", broken)
    with caplog.at_level(logging.ERROR, logger="huiju.normalize"):
        outcomes = normalized(
            vevent("a", START, summary="Demo day"),
            vevent("a", "20240619T010000Z", recurrence_id="20240619T010000Z"),
            vevent("b", START, summary="Office hours"),
        )
    assert [o.skip.reason for o in outcomes if o.skip] == [normalize.INTERNAL_ERROR] * 3
    assert "TypeError" not in normalize.INTERNAL_ERROR
    assert [(r.name, r.levelno) for r in caplog.records] == [("huiju.normalize", logging.ERROR)] * 2
    assert all(r.exc_info and r.exc_info[0] is TypeError for r in caplog.records)
    assert "series a (VEVENT at line" in caplog.records[0].getMessage()


def test_orphan_override_is_kept_as_single_event() -> None:
    (outcome,) = normalized(vevent("a", "20240613T010000Z", recurrence_id=START))
    (event,) = outcome.occurrences
    assert event.recurrence_id == "20240612T010000Z"
    assert any("without its master" in note for note in event.notes)


def test_event_outside_window_has_no_occurrences() -> None:
    (outcome,) = normalized(vevent("a", "20200612T010000Z"))
    assert outcome.occurrences == () and outcome.skip is None


def test_all_day_series_recurrence_ids_are_dates() -> None:
    (outcome,) = normalized(vevent("a", date(2024, 1, 1), rrule="FREQ=YEARLY;COUNT=2"))
    assert [e.recurrence_id for e in outcome.occurrences] == ["20240101"]


def test_method_cancel_cancels() -> None:
    (outcome,) = normalized(vevent("a", START), method="CANCEL")
    assert outcome.occurrences[0].status == "cancelled"


def test_exchange_all_day_override_in_a_windows_zone_replaces_its_date() -> None:
    """Exchange writes an all-day override's RECURRENCE-ID as local midnight in a Windows
    zone (exchange2010-allday-moved-recurrence.ics): it replaces that date's instance."""
    master = vevent(
        "x",
        None,
        "DTSTART;VALUE=DATE:20240613",
        "DTEND;VALUE=DATE:20240614",
        "RRULE:FREQ=WEEKLY;COUNT=3",
        summary="Weekly",
    )
    moved = vevent(
        "x",
        None,
        "RECURRENCE-ID;TZID=W. Europe Standard Time:20240620T000000",
        "DTSTART;VALUE=DATE:20240621",
        "DTEND;VALUE=DATE:20240622",
        summary="Moved",
    )
    outcomes = normalized(master, moved)
    days = sorted((e.recurrence_id, e.start_date) for o in outcomes for e in o.occurrences)
    assert days == [
        ("20240613", date(2024, 6, 13)),
        ("20240620", date(2024, 6, 21)),
        ("20240627", date(2024, 6, 27)),
    ]


def test_a_date_recurrence_id_replaces_that_days_instance_of_a_timed_series() -> None:
    """RECURRENCE-ID;VALUE=DATE under a timed master (RFC 5545 asks for DTSTART's type, not
    every source writes it) names the instance of that day at the master's time of day:
    it replaces that instance once, and the day is not listed twice."""
    master = vevent(
        "t",
        None,
        "DTSTART;TZID=Europe/Berlin:20240613T190000",
        "DTEND;TZID=Europe/Berlin:20240613T210000",
        "RRULE:FREQ=WEEKLY;COUNT=3",
        summary="Salon",
    )
    moved = vevent(
        "t",
        None,
        "RECURRENCE-ID;VALUE=DATE:20240620",
        "DTSTART;TZID=Europe/Berlin:20240621T180000",
        "DTEND;TZID=Europe/Berlin:20240621T200000",
        summary="Salon, a day later",
    )
    outcomes = normalized(master, moved)
    found = sorted(
        (e.recurrence_id, e.start_at, e.texts["en"].title) for o in outcomes for e in o.occurrences
    )
    assert found == [
        ("20240613T170000Z", datetime(2024, 6, 13, 17, tzinfo=UTC), "Salon"),
        ("20240620T170000Z", datetime(2024, 6, 21, 16, tzinfo=UTC), "Salon, a day later"),
        ("20240627T170000Z", datetime(2024, 6, 27, 17, tzinfo=UTC), "Salon"),
    ]


def test_huiju_properties_keep_uid_language_and_all_day_zone() -> None:
    (outcome,) = normalized(
        vevent(
            "x/3@huiju",
            None,
            "DTSTART;VALUE=DATE:20240613",
            "SUMMARY;LANGUAGE=en:Nordic night",
            "X-ALT-SUMMARY;LANGUAGE=zh-Hans:北欧之夜",
            "X-HUIJU-UID:x@partner.example",
            "X-HUIJU-LANGUAGE:zh",
            "X-HUIJU-TZID:Australia/Sydney",
        )
    )
    (event,) = outcome.occurrences
    assert event.uid == "x@partner.example" and event.language == "zh"
    assert event.texts["zh"].title == "北欧之夜" and event.texts["en"].title == "Nordic night"
    assert event.tzid == "Australia/Sydney"
    assert event.start_at == datetime(2024, 6, 12, 14, tzinfo=UTC)  # Sydney's midnight
