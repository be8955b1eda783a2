"""The real-world corpus and the quirk fixtures, end to end through the sync's pure middle:
``federation.prepare.prepare`` (decode, split, plan, normalise) on a first sync."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from federation.blocks import SplitFeed
from federation.contentlines import top_level_lines
from federation.decode import decode_calendar
from federation.errors import FeedParseError
from federation.normalize import NormalizedEvent
from federation.prepare import Prepared, prepare
from tests.corpus import CORPUS, FIXTURES, NOT_CALENDARS, each_file

# The sync window of NOW runs from 2024-01-01 to 2026-12-31: every fixture's dates, and the
# recurrence bomb's first second.
NOW = datetime(2024, 12, 31, 12, tzinfo=UTC)


def prepared(data: bytes, now: datetime = NOW) -> Prepared:
    """What a first sync of ``data`` at ``now`` reads, as the sync calls it."""
    return prepare(
        data,
        charset=None,
        stored={},
        stored_context=None,
        language="auto",
        default_tz="Asia/Shanghai",
        now=now,
    )


def occurrences(result: Prepared) -> list[NormalizedEvent]:
    """All occurrences of a feed, in outcome order."""
    return [event for outcome in result.outcomes for event in outcome.occurrences]


def fixture(name: str) -> list[NormalizedEvent]:
    """Occurrences of one quirk fixture."""
    return occurrences(prepared((FIXTURES / name).read_bytes()))


def sync_times(feed: SplitFeed) -> list[datetime]:
    """NOW, and for each pair of years from 1990 to 2035 in which ``feed`` starts an event, a
    sync time whose window (a year back, two years ahead) holds both years: every event that
    the wide window of 1990 to 2035 read into occurrences is read into some again."""
    years = {
        int(line.value[:4])
        for component in feed.components
        for line in top_level_lines(component.text)
        if line.name == "DTSTART" and line.value[:4].isdigit()
    }
    spans = {year - year % 2 for year in years if 1990 <= year < 2035}
    return sorted({NOW, *(datetime(span, 12, 31, 12, tzinfo=UTC) for span in spans)})


def assert_sound(result: Prepared) -> None:
    """The invariants every feed must satisfy, however broken."""
    # One outcome per VEVENT: outcomes come series by series, so compare them as sets of
    # the very components (by identity, since two copies of one VEVENT are two outcomes).
    assert sorted(id(o.component) for o in result.outcomes) == sorted(
        id(c) for c in result.feed.components
    )
    for outcome in result.outcomes:
        if outcome.skip is not None:
            assert outcome.skip.reason and outcome.occurrences == ()
        for event in outcome.occurrences:
            assert event.uid
            assert event.start_at.utcoffset() == timedelta(0)
            assert event.end_at.utcoffset() == timedelta(0)
            assert event.end_at >= event.start_at
            assert event.texts and event.language in ("zh", "en")


@pytest.mark.parametrize("path", each_file())
def test_corpus_file_is_ingested_or_refused_cleanly(path: Path) -> None:
    """No calendar is refused with a FeedParseError; any other file survives: every VEVENT in
    it is read, and each has one sound outcome, whenever it is synced."""
    data = path.read_bytes()
    if path.name in NOT_CALENDARS:
        with pytest.raises(FeedParseError):
            prepared(data)
        return
    first = prepared(data)
    assert len(first.feed.components) == decode_calendar(data).upper().count("BEGIN:VEVENT")
    for now in sync_times(first.feed):
        assert_sound(prepared(data, now))


@pytest.mark.corpus
def test_html_login_page_is_a_readable_error() -> None:
    with pytest.raises(FeedParseError, match="web page"):
        prepared((CORPUS / "not-ics-html-login-page.ics").read_bytes())


@pytest.mark.corpus
def test_largest_corpus_file_is_prepared_whole() -> None:
    """(Its cost is measured by bench/ingest.py, not asserted here.)"""
    largest = max(CORPUS.glob("*.ics"), key=lambda path: path.stat().st_size)
    result = prepared(largest.read_bytes())
    assert result.outcomes and all(o.skip is None or o.skip.reason for o in result.outcomes)


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
    master, override = prepared((FIXTURES / "recurrence-id-override.ics").read_bytes()).outcomes
    assert [e.recurrence_id for e in master.occurrences] == ["20240603T110000Z", "20240605T110000Z"]
    (moved,) = override.occurrences
    assert moved.recurrence_id == "20240604T110000Z"
    assert moved.start_at == datetime(2024, 6, 4, 13, 0, tzinfo=UTC)
    assert moved.texts["en"].title == "Daily standup (moved)"


def test_cancelled_status_is_kept() -> None:
    (event,) = fixture("status-cancelled.ics")
    assert event.status == "cancelled"


def test_recurrence_bomb_is_capped() -> None:
    events = fixture("recurrence-bomb-secondly.ics")
    assert len(events) == 500
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


@pytest.mark.corpus
def test_google_x_wr_timezone_feed_times() -> None:
    data = (CORPUS / "google-public-holidays.ics").read_bytes()
    feed = prepared(data).feed
    events = [e for now in sync_times(feed) for e in occurrences(prepared(data, now))]
    assert events and all(event.all_day for event in events)
    assert all(event.tzid == feed.calendar_prop("X-WR-TIMEZONE") for event in events)
