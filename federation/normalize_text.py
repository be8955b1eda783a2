"""What an event says, for the normalize stage: a block's top-level content lines in; out, its
bilingual title/description/location (:class:`EventText` per language), URL, categories,
status, SEQUENCE, LAST-MODIFIED and whether it is online.

Partners give text in one language, or in both through ``LANGUAGE`` parameters (RFC 5545
§3.2.10, several SUMMARY lines as RFC 7986 allows) or ``X-SUMMARY-EN``-style properties.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime

from core.weburl import web_url
from federation.contentlines import ContentLine, split_list, unescape_text
from federation.language import detect_language, storage_language
from federation.sanitize import split_description

_FIELDS = {"SUMMARY": "title", "DESCRIPTION": "description", "LOCATION": "location"}
# ``X-SUMMARY-ZH``, ``X-ALT-SUMMARY;LANGUAGE=en``, ``X-TITLE-EN``: alternative-language copies.
_ALT_FIELDS = {
    "SUMMARY": "SUMMARY",
    "TITLE": "SUMMARY",
    "DESCRIPTION": "DESCRIPTION",
    "DESC": "DESCRIPTION",
    "LOCATION": "LOCATION",
}
_STATUSES = {
    "CONFIRMED": "confirmed",
    "TENTATIVE": "tentative",
    "CANCELLED": "cancelled",
    "CANCELED": "cancelled",
}
_ONLINE_MARKERS = (
    "zoom.us",
    "zoom.com.cn",
    "teams.microsoft",
    "teams.live",
    "meet.google",
    "webex",
    "meeting.tencent",
    "voovmeeting",
    "tencent meeting",
    "腾讯会议",
    "feishu.cn",
    "larksuite",
    "dingtalk",
    "钉钉",
    "飞书",
    "线上",
    "在线会议",
    "网络直播",
    "直播间",
    "online",
    "virtual",
    "livestream",
    "zoom meeting",
    "microsoft teams",
)


@dataclass(frozen=True, slots=True)
class EventText:
    """One language's copy of the event's words."""

    title: str
    description: str
    description_html: str | None
    location: str


def event_texts(lines: list[ContentLine], declared: str) -> tuple[Mapping[str, EventText], str]:
    """The texts by storage language, and the event's main language.

    Untagged text is in the feed's declared language, or else detected (CJK → "zh").
    """
    tagged = _collect(lines)
    untagged = tagged.pop(None, {})
    main = declared if declared in ("zh", "en") else _detect(untagged) or next(iter(tagged), None)
    main = main or "en"
    if untagged:
        merged = {**untagged, **tagged.get(main, {})} if main in tagged else untagged
        tagged[main] = merged
    alt_html = _alt_html(lines)
    texts = {
        lang: _event_text(fields, alt_html if lang == main else None)
        for lang, fields in tagged.items()
    }
    if not texts:
        texts = {main: EventText("", "", None, "")}
    return texts, main


def _collect(lines: list[ContentLine]) -> dict[str | None, dict[str, str]]:
    """Gather SUMMARY/DESCRIPTION/LOCATION values by language tag (``None`` = untagged)."""
    found: dict[str | None, dict[str, str]] = {}
    for line in lines:
        field, language = _field_of(line)
        if field is None:
            continue
        value = unescape_text(line.value).strip()
        bucket = found.setdefault(language, {})
        if value and field not in bucket:
            bucket[field] = value
    return found


def _field_of(line: ContentLine) -> tuple[str | None, str | None]:
    """Which text field a line carries and in which storage language (``None``: untagged)."""
    if line.name in _FIELDS:
        return line.name, storage_language(line.params.get("LANGUAGE"))
    if not line.name.startswith("X-") or line.name == "X-ALT-DESC":
        return None, None
    language = storage_language(line.params.get("LANGUAGE"))
    parts = line.name[2:].split("-")
    if parts[0] == "ALT" and len(parts) == 2 and parts[1] in _ALT_FIELDS and language:
        return _ALT_FIELDS[parts[1]], language
    if len(parts) == 2 and parts[0] in _ALT_FIELDS and storage_language(parts[1]):
        return _ALT_FIELDS[parts[0]], storage_language(parts[1])
    return None, None


def _detect(fields: Mapping[str, str]) -> str | None:
    """Detect the language of untagged text from its title and description."""
    text = " ".join(fields.get(name, "") for name in ("SUMMARY", "DESCRIPTION"))
    return detect_language(text) if text.strip() else None


def _alt_html(lines: list[ContentLine]) -> str | None:
    """Outlook's ``X-ALT-DESC;FMTTYPE=text/html`` body, if any."""
    for line in lines:
        if line.name == "X-ALT-DESC" and "html" in line.params.get("FMTTYPE", "").lower():
            return unescape_text(line.value)
    return None


def _event_text(fields: Mapping[str, str], alt_html: str | None) -> EventText:
    """Build one language's :class:`EventText`, sanitising any HTML in the description."""
    plain, html = split_description(fields.get("DESCRIPTION", ""), alt_html)
    return EventText(fields.get("SUMMARY", ""), plain, html, fields.get("LOCATION", ""))


def first_value(lines: list[ContentLine], name: str) -> str | None:
    """The first value of a property, stripped, or ``None``."""
    return next((line.value.strip() for line in lines if line.name == name), None)


def read_url(lines: list[ContentLine]) -> str | None:
    """URL when it is http(s); anything else (javascript:, file:, data:) is dropped."""
    return web_url(first_value(lines, "URL"))


def read_categories(lines: list[ContentLine]) -> tuple[str, ...]:
    """All CATEGORIES values (several lines allowed), de-duplicated in order."""
    values = [
        item for line in lines if line.name == "CATEGORIES" for item in split_list(line.value)
    ]
    return tuple(dict.fromkeys(values))


def read_status(lines: list[ContentLine], method: str | None) -> str:
    """STATUS mapped to our three values; a METHOD:CANCEL feed cancels its events (RFC 5546)."""
    if (method or "").upper() == "CANCEL":
        return "cancelled"
    return _STATUSES.get((first_value(lines, "STATUS") or "").upper(), "confirmed")


def read_sequence(lines: list[ContentLine]) -> int:
    """SEQUENCE as an int; garbage reads as 0 (the RFC 5545 default)."""
    return sequence_number(first_value(lines, "SEQUENCE") or "0")


_SEQUENCE = re.compile(r"-?[0-9]{1,9}")  # ASCII digits ("²".isdigit() is true), fits INTEGER


def sequence_number(value: str) -> int:
    """A SEQUENCE value as an int; anything but a plain number of at most 9 digits reads as 0
    (the RFC 5545 default), so a producer's garbage never reaches the database's INTEGER."""
    value = value.strip()
    return int(value) if _SEQUENCE.fullmatch(value) else 0


def is_online(texts: Mapping[str, EventText], url: str | None) -> bool:
    """Whether the location or URL points at an online meeting (Zoom, 腾讯会议, 线上…)."""
    haystack = " ".join([url or ""] + [text.location for text in texts.values()]).lower()
    return any(marker in haystack for marker in _ONLINE_MARKERS)


def has_conference(lines: list[ContentLine]) -> bool:
    """Whether the event says how to join it online (RFC 7986 CONFERENCE)."""
    return any(line.name == "CONFERENCE" and line.value.strip() for line in lines)


def read_last_modified(lines: list[ContentLine]) -> datetime | None:
    """LAST-MODIFIED (always UTC per RFC 5545 §3.8.7.3) as aware UTC; ``None`` if unreadable."""
    value = first_value(lines, "LAST-MODIFIED")
    if not value or len(value.rstrip("Zz")) != 15:
        return None
    try:
        return datetime.strptime(value.rstrip("Zz"), "%Y%m%dT%H%M%S").replace(tzinfo=UTC)
    except ValueError:
        return None
