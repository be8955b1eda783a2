"""normalize_group / group_components on small hand-written series."""

from __future__ import annotations

from datetime import UTC, datetime

from federation.normalize import NormalizeContext, group_components, normalize_group
from federation.parse import split_feed

CTX = NormalizeContext(datetime(2024, 1, 1, tzinfo=UTC), datetime(2025, 1, 1, tzinfo=UTC))


def run(*events: list[str], props: str = "", ctx: NormalizeContext = CTX):
    body = "".join(
        "BEGIN:VEVENT\r\n" + "\r\n".join(lines) + "\r\nEND:VEVENT\r\n" for lines in events
    )
    feed = split_feed("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n" + props + body + "END:VCALENDAR\r\n")
    return [o for group in group_components(feed) for o in normalize_group(feed, group, ctx)]


def test_bilingual_language_params_and_x_fields() -> None:
    (outcome,) = run(
        [
            "UID:a",
            "DTSTART:20240612T010000Z",
            "SUMMARY;LANGUAGE=zh-CN:长三角创新周",
            "SUMMARY;LANGUAGE=en:YRD Innovation Week",
            "X-LOCATION-EN:Shanghai",
            "LOCATION:上海",
        ]
    )
    (event,) = outcome.occurrences
    assert (
        event.texts["zh"].title == "长三角创新周"
        and event.texts["en"].title == "YRD Innovation Week"
    )
    assert event.texts["en"].location == "Shanghai" and event.texts["zh"].location == "上海"
    assert event.language == "zh"


def test_declared_language_and_detection() -> None:
    (outcome,) = run(
        ["UID:a", "DTSTART:20240612T010000Z", "SUMMARY:Demo day"],
        ctx=NormalizeContext(CTX.window_start, CTX.window_end, language="zh"),
    )
    assert outcome.occurrences[0].language == "zh"
    (outcome,) = run(["UID:a", "DTSTART:20240612T010000Z", "SUMMARY:Demo day"])
    assert outcome.occurrences[0].language == "en"


def test_fields_url_categories_online_sequence() -> None:
    (outcome,) = run(
        [
            "UID:a",
            "DTSTART:20240612T010000Z",
            "SUMMARY:Talk",
            "URL:javascript:alert(1)",
            "CATEGORIES:AI,Biotech",
            "CATEGORIES:AI",
            "LOCATION:腾讯会议 123-456",
            "SEQUENCE:3",
            "LAST-MODIFIED:20240101T120000Z",
            "DESCRIPTION:Line 1\\nLine\\, 2",
        ]
    )
    event = outcome.occurrences[0]
    assert event.url is None and event.categories == ("AI", "Biotech") and event.online
    assert event.sequence == 3 and event.last_modified_at == datetime(2024, 1, 1, 12, tzinfo=UTC)
    assert event.texts["en"].description == "Line 1\nLine, 2"


def test_content_hash_ignores_dtstamp_and_sequence_but_not_title() -> None:
    base = ["UID:a", "DTSTART:20240612T010000Z", "SUMMARY:Talk"]
    first = run(base + ["DTSTAMP:20240101T000000Z", "SEQUENCE:1"])[0].occurrences[0]
    same = run(base + ["DTSTAMP:20240301T000000Z", "SEQUENCE:2"])[0].occurrences[0]
    other = run(["UID:a", "DTSTART:20240612T010000Z", "SUMMARY:Talk!"])[0].occurrences[0]
    assert first.content_hash == same.content_hash != other.content_hash


def test_duplicate_uid_keeps_higher_sequence() -> None:
    outcomes = run(
        ["UID:a", "DTSTART:20240612T010000Z", "SEQUENCE:2", "SUMMARY:new"],
        ["UID:a", "DTSTART:20240612T010000Z", "SEQUENCE:1", "SUMMARY:old"],
    )
    assert outcomes[0].occurrences[0].texts["en"].title == "new"
    assert outcomes[1].skip is not None and outcomes[1].skip.reason.startswith("duplicate UID a")


def test_skips_have_reasons_and_nothing_raises() -> None:
    outcomes = run(
        ["UID:a", "SUMMARY:no start"],
        ["UID:b", "DTSTART:30110811"],
        ["UID:c", "DTSTART:20240612T010000Z", "RRULE:FREQ=SOMETIMES"],
    )
    reasons = [o.skip.reason for o in outcomes if o.skip]
    assert reasons[0] == "no DTSTART"
    assert reasons[1] == "DTSTART is not a valid date (30110811)"
    assert reasons[2].startswith("invalid RRULE")


def test_orphan_override_is_kept_as_single_event() -> None:
    (outcome,) = run(["UID:a", "RECURRENCE-ID:20240612T010000Z", "DTSTART:20240613T010000Z"])
    (event,) = outcome.occurrences
    assert event.recurrence_id == "20240612T010000Z"
    assert any("without its master" in note for note in event.notes)


def test_event_outside_window_has_no_occurrences() -> None:
    (outcome,) = run(["UID:a", "DTSTART:20200612T010000Z"])
    assert outcome.occurrences == () and outcome.skip is None


def test_all_day_series_recurrence_ids_are_dates() -> None:
    (outcome,) = run(["UID:a", "DTSTART;VALUE=DATE:20240101", "RRULE:FREQ=YEARLY;COUNT=2"])
    assert [e.recurrence_id for e in outcome.occurrences] == ["20240101"]


def test_method_cancel_cancels() -> None:
    (outcome,) = run(["UID:a", "DTSTART:20240612T010000Z"], props="METHOD:CANCEL\r\n")
    assert outcome.occurrences[0].status == "cancelled"
