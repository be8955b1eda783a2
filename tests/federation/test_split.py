"""split_feed: the fast scan from text to raw VEVENT blocks."""

from __future__ import annotations

from pathlib import Path

import pytest

from federation.decode import decode_calendar
from federation.errors import FeedParseError
from federation.split import careful_split, split_feed, unfold
from federation.split_fast import fast_split
from tests.calendars import calendar_text, vevent
from tests.corpus import CORPUS, FIXTURES, NOT_CALENDARS, each_file


def stamped_event(uid: str, stamp: str = "20240101T000000Z") -> str:
    return vevent(uid, "20240612T010000Z", dtstamp=stamp)


def test_unfold_handles_every_line_ending_and_blank_lines() -> None:
    lines, blank = unfold("A:1\r\n b\nC\n :2\r\rD:3\n")
    assert [line for _, line in lines] == ["A:1b", "C:2", "D:3"]
    assert blank == 1


def test_components_keep_uid_line_and_text() -> None:
    feed = split_feed(calendar_text(stamped_event("a")))
    (component,) = feed.components
    assert component.uid == "a" and component.recurrence_id == ""
    assert component.text.startswith("BEGIN:VEVENT\r\n") and component.text.endswith("END:VEVENT")
    assert component.line == 4  # after BEGIN:VCALENDAR, VERSION and PRODID


def test_hash_ignores_dtstamp() -> None:
    first = split_feed(calendar_text(stamped_event("a"))).components[0]
    again = split_feed(calendar_text(stamped_event("a", "20250101T000000Z"))).components[0]
    assert first.hash == again.hash and first.text != again.text


def test_lowercase_names_and_folding_after_name() -> None:
    feed = split_feed("begin:vcalendar\nversion\n :2.0\nbegin:vevent\nuid\n :x\nend:vevent\n")
    assert feed.components[0].uid == "x"
    assert "END:VCALENDAR missing" not in " ".join(feed.problems)
    assert feed.components[0].text.split("\r\n")[1] == "UID:x"


def test_recurrence_id_is_normalised() -> None:
    event = (
        "BEGIN:VEVENT\r\nUID:a\r\nrecurrence-id;tzid=Asia/Shanghai:20240101T100000\r\n"
        "END:VEVENT\r\n"
    )
    assert split_feed(calendar_text(event)).components[0].recurrence_id == (
        "TZID=Asia/Shanghai:20240101T100000"
    )


def test_other_components_timezones_and_context_hash() -> None:
    tz = "BEGIN:VTIMEZONE\r\nTZID:X\r\nEND:VTIMEZONE\r\n"
    todo = "BEGIN:VTODO\r\nUID:t\r\nEND:VTODO\r\n"
    feed = split_feed(calendar_text(tz, todo, x_wr_timezone="Asia/Shanghai"))
    assert feed.timezones == ("BEGIN:VTIMEZONE\r\nTZID:X\r\nEND:VTIMEZONE",)
    assert feed.other_components == 1 and feed.components == ()
    other = split_feed(calendar_text(tz, todo, x_wr_timezone="Europe/Berlin"))
    assert feed.context_hash != other.context_hash
    assert feed.calendar_prop("X-WR-TIMEZONE") == "Asia/Shanghai"


def test_several_calendars_missing_end_and_garbage() -> None:
    text = (
        calendar_text(stamped_event("a", "1"))
        + "garbage line\r\n"
        + ("BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:b\r\n")
    )
    feed = split_feed(text)
    assert [c.uid for c in feed.components] == ["a", "b"]
    assert any(p == "2 VCALENDARs merged" for p in feed.problems)
    assert any("unreadable lines" in p for p in feed.problems)
    assert any("END:VEVENT missing" in p for p in feed.problems)


def test_empty_calendar_is_valid() -> None:
    assert split_feed(calendar_text()).components == ()


def test_bare_vevent_without_vcalendar_is_accepted() -> None:
    assert len(split_feed("BEGIN:VEVENT\nUID:a\nEND:VEVENT\n").components) == 1


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "The feed is empty"),
        ("  \r\n ", "The feed is empty"),
        ("<!DOCTYPE html><html><body>Sign in</body></html>", "web page"),
        ("<html><head></head></html>", "web page"),
        ("just some text\nwithout a calendar\n", "no BEGIN:VCALENDAR"),
    ],
)
def test_non_calendars_raise_readable_errors(text: str, message: str) -> None:
    with pytest.raises(FeedParseError, match=message):
        split_feed(text)


def calendar_texts() -> list[str]:
    """Every fixture and corpus file that is a calendar at all, decoded."""
    paths = sorted(FIXTURES.glob("*.ics")) + sorted(CORPUS.glob("*.ics"))
    return [decode_calendar(p.read_bytes()) for p in paths if p.name not in NOT_CALENDARS]


@pytest.mark.parametrize("path", each_file(fixtures=True, calendars_only=True))
def test_fast_split_equals_careful_scan_wherever_it_applies(path: Path) -> None:
    text = decode_calendar(path.read_bytes())
    fast = fast_split(text)
    if fast is not None:
        assert fast == careful_split(text)
    for variant in (text.replace("\r\n", "\n"), text.replace("\n", "\r\n").replace("\r\r", "\r")):
        fast = fast_split(variant)
        # Either holds by design: the fast scan declines what it does not model, and the
        # test is that it never disagrees with the careful one where it does not decline.
        assert fast is None or fast == careful_split(variant)


@pytest.mark.corpus
def test_most_corpus_files_take_the_fast_path() -> None:
    texts = calendar_texts()
    assert sum(fast_split(text) is not None for text in texts) >= len(texts) * 2 // 3


@pytest.mark.parametrize(
    "text",
    [
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\n\r\nEND:VCALENDAR\r\n",  # blank line
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\n \r\nEND:VCALENDAR\r\n",  # whitespace-only line
        "BEGIN:VCALENDAR\rVERSION:2.0\rEND:VCALENDAR\r",  # CR only
        "begin:vcalendar\r\nEND:VCALENDAR\r\n",  # lower-case
        "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:a\r\nEND:VCALENDAR\r\n",  # END:VEVENT missing
        "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:a\r\nEND:vevent\r\nEND:VCALENDAR\r\n",
        "BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\nBEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n",
        "BEGIN:VCALENDAR\r\nX-GARBAGE;NO-VALUE\r\nEND:VCALENDAR\r\n",
        "BEGIN:VCALENDAR\r\n\ufeffVERSION:2.0\r\nEND:VCALENDAR\r\n",
    ],
)
def test_fast_split_declines_what_only_the_careful_scan_reads(text: str) -> None:
    assert fast_split(text) is None
    split_feed(text)  # and the careful scan still reads it


def test_fast_split_keeps_physical_lines_across_folds_and_alarms() -> None:
    event = (
        "BEGIN:VEVENT\r\nUID:a\r\nDESCRIPTION:long\r\n  text\r\n\tmore\r\nBEGIN:VALARM\r\n"
        "UID:inner\r\nEND:VALARM\r\nRECURRENCE-ID;TZID=X:20240101T100000\r\nEND:VEVENT\r\n"
    )
    text = calendar_text(event, event.replace("UID:a", "UID:\r\n b"))
    fast = fast_split(text)
    assert fast is not None and fast == careful_split(text)
    assert [c.line for c in fast.components] == [4, 14]
    assert [c.uid for c in fast.components] == ["a", "b"]
    folded_begin = text.replace("BEGIN:VEVENT", "BEGIN:VEV\r\n ENT", 1)
    assert fast_split(folded_begin) == careful_split(folded_begin)
