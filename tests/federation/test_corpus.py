"""The real-world corpus and the quirk fixtures, end to end through the pure pipeline."""

from __future__ import annotations

import time
from datetime import UTC, date, datetime, timedelta

import pytest

from federation.decode import decode_calendar
from federation.errors import FeedParseError
from federation.normalize import (
    ComponentOutcome,
    NormalizeContext,
    NormalizedEvent,
    group_components,
    normalize_group,
)
from federation.parse import SplitFeed, split_feed
from tests.corpus import CORPUS, FIXTURES, NOT_CALENDARS

WIDE = NormalizeContext(datetime(1990, 1, 1, tzinfo=UTC), datetime(2035, 1, 1, tzinfo=UTC))


def run_pipeline(
    data: bytes, ctx: NormalizeContext = WIDE
) -> tuple[SplitFeed, list[ComponentOutcome]]:
    """decode → split → group → normalize, as the sync does it."""
    feed = split_feed(decode_calendar(data))
    outcomes: list[ComponentOutcome] = []
    for group in group_components(feed):
        outcomes.extend(normalize_group(feed, group, ctx))
    return feed, outcomes


def occurrences(outcomes: list[ComponentOutcome]) -> list[NormalizedEvent]:
    """All occurrences of a feed, in outcome order."""
    return [event for outcome in outcomes for event in outcome.occurrences]


def fixture(name: str, ctx: NormalizeContext = WIDE) -> list[NormalizedEvent]:
    """Occurrences of one quirk fixture."""
    return occurrences(run_pipeline((FIXTURES / name).read_bytes(), ctx)[1])


def assert_sound(feed: SplitFeed, outcomes: list[ComponentOutcome], data: bytes) -> None:
    """The invariants every feed must satisfy, however broken."""
    assert len(outcomes) == len(feed.components)
    assert [outcome.component for outcome in outcomes] == list(feed.components) or sorted(
        id(o.component) for o in outcomes
    ) == sorted(id(c) for c in feed.components)
    for outcome in outcomes:
        assert (outcome.skip is None) or outcome.occurrences == ()
        for event in outcome.occurrences:
            assert event.uid
            assert event.start_at.utcoffset() == timedelta(0)
            assert event.end_at.utcoffset() == timedelta(0)
            assert event.end_at >= event.start_at
            assert event.texts and event.language in ("zh", "en")


def corpus_files() -> list[str]:
    return sorted(path.name for path in CORPUS.glob("*.ics")) if CORPUS.is_dir() else []


@pytest.mark.skipif(not CORPUS.is_dir(), reason=f"corpus folder {CORPUS} is absent")
@pytest.mark.parametrize("name", corpus_files())
def test_corpus_file_is_ingested_or_refused_cleanly(name: str) -> None:
    data = (CORPUS / name).read_bytes()
    if name in NOT_CALENDARS:
        with pytest.raises(FeedParseError):
            run_pipeline(data)
        return
    feed, outcomes = run_pipeline(data)
    assert len(outcomes) == decode_calendar(data).upper().count("BEGIN:VEVENT") or len(
        outcomes
    ) == len(feed.components)
    assert_sound(feed, outcomes, data)


@pytest.mark.skipif(not CORPUS.is_dir(), reason=f"corpus folder {CORPUS} is absent")
def test_html_login_page_is_a_readable_error() -> None:
    with pytest.raises(FeedParseError, match="web page"):
        run_pipeline((CORPUS / "not-ics-html-login-page.ics").read_bytes())


@pytest.mark.skipif(not CORPUS.is_dir(), reason=f"corpus folder {CORPUS} is absent")
def test_largest_corpus_file_normalises_quickly() -> None:
    largest = max(CORPUS.glob("*.ics"), key=lambda path: path.stat().st_size)
    ctx = NormalizeContext(datetime(2024, 1, 1, tzinfo=UTC), datetime(2026, 1, 1, tzinfo=UTC))
    began = time.perf_counter()
    run_pipeline(largest.read_bytes(), ctx)
    assert time.perf_counter() - began < 5


def test_gb18030_bytes_decode_to_chinese() -> None:
    data = (FIXTURES / "gb18030-chinese-summary.ics").read_bytes()
    assert "上海国际创业周" in decode_calendar(data)
    (event,) = fixture("gb18030-chinese-summary.ics")
    assert event.texts["zh"].title == "上海国际创业周"
    assert event.language == "zh"


def test_windows_china_standard_time_is_shanghai() -> None:
    (event,) = fixture("windows-china-standard-time.ics")
    assert event.tzid == "Asia/Shanghai"
    assert event.start_at == datetime(2024, 6, 12, 1, 0, tzinfo=UTC)


def test_floating_time_is_read_in_shanghai() -> None:
    (event,) = fixture("floating-time-no-tzid.ics")
    assert event.start_at == datetime(2024, 6, 12, 1, 0, tzinfo=UTC)
    assert event.tzid == "Asia/Shanghai"


def test_all_day_multi_day_keeps_dates() -> None:
    (event,) = fixture("allday-multiday-dates.ics")
    assert event.all_day
    assert (event.start_date, event.end_date) == (date(2024, 11, 5), date(2024, 11, 11))
    assert event.start_at == datetime(2024, 11, 4, 16, 0, tzinfo=UTC)


def test_duration_and_missing_dtend_follow_rfc5545() -> None:
    with_duration, no_end, all_day = fixture("duration-and-missing-dtend.ics")
    assert with_duration.end_at - with_duration.start_at == timedelta(hours=1, minutes=30)
    assert no_end.end_at == no_end.start_at
    assert all_day.end_date == date(2024, 6, 13)


def test_exdate_removes_an_occurrence() -> None:
    events = fixture("exdate-weekly.ics")
    assert [event.recurrence_id for event in events] == [
        "20240603T110000Z",
        "20240617T110000Z",
        "20240624T110000Z",
    ]


def test_recurrence_id_override_replaces_its_occurrence() -> None:
    feed, outcomes = run_pipeline((FIXTURES / "recurrence-id-override.ics").read_bytes())
    master, override = outcomes
    assert [e.recurrence_id for e in master.occurrences] == ["20240603T110000Z", "20240605T110000Z"]
    (moved,) = override.occurrences
    assert moved.recurrence_id == "20240604T110000Z"
    assert moved.start_at == datetime(2024, 6, 4, 13, 0, tzinfo=UTC)
    assert moved.texts["en"].title == "Daily standup (moved)"


def test_cancelled_status_is_kept() -> None:
    (event,) = fixture("status-cancelled.ics")
    assert event.status == "cancelled"


def test_recurrence_bomb_is_capped_fast() -> None:
    ctx = NormalizeContext(datetime(2024, 1, 1, tzinfo=UTC), datetime(2025, 1, 1, tzinfo=UTC))
    began = time.perf_counter()
    events = fixture("recurrence-bomb-secondly.ics", ctx)
    assert time.perf_counter() - began < 2
    assert len(events) == ctx.max_occurrences
    assert events[0].start_at == datetime(2024, 1, 1, tzinfo=UTC)
    assert "recurrence truncated at 500 occurrences" in events[0].notes


def test_html_description_is_sanitised() -> None:
    (event,) = fixture("html-description-script.ics")
    text = event.texts["en"]
    assert text.description_html is not None
    assert "<script" not in text.description_html and "alert" not in text.description_html
    assert 'href="https://example.org/register"' in text.description_html
    assert "javascript" not in text.description_html
    assert "<" not in text.description and "register" in text.description


def test_missing_uid_gets_a_stable_uid() -> None:
    first = fixture("missing-uid.ics")[0].uid
    again = fixture("missing-uid.ics")[0].uid
    assert first.startswith("huiju-") and first == again


def test_x_wr_timezone_keeps_local_time_across_dst() -> None:
    # Google writes UTC times; X-WR-TIMEZONE says the series lives in Berlin, so 18:00 local
    # stays 18:00 after the switch to summer time on 31 March.
    events = fixture("google-x-wr-timezone-utc-recurrence.ics")
    assert [event.start_at.hour for event in events] == [17, 17, 16]
    assert events[0].tzid == "Europe/Berlin"


@pytest.mark.skipif(not CORPUS.is_dir(), reason=f"corpus folder {CORPUS} is absent")
def test_google_x_wr_timezone_feed_times() -> None:
    feed, outcomes = run_pipeline((CORPUS / "google-public-holidays.ics").read_bytes())
    events = occurrences(outcomes)
    assert events and all(event.all_day for event in events)
    assert all(event.tzid == feed.calendar_prop("X-WR-TIMEZONE") for event in events)
