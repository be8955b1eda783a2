"""What another Huiju site's feed adds for the normalize stage (docs/federation-format.md):
the event's language (``X-HUIJU-LANGUAGE``) and, for all-day events, the partner's zone
(``X-HUIJU-TZID``). The other language's texts come as ``X-ALT-SUMMARY;LANGUAGE=…``, which
federation.normalize_text reads from any producer; the partner's UID (``X-HUIJU-UID``) is
read by federation.series.series_uid, which keys the whole pipeline.
"""

from __future__ import annotations

from dataclasses import replace

from federation.contentlines import ContentLine
from federation.moments import Moment
from federation.timezones import zone


def huiju_value(lines: list[ContentLine], name: str) -> str:
    """A property another Huiju site's feed adds (docs/federation-format.md), "" if absent."""
    return next((line.value.strip() for line in lines if line.name == name), "")


def huiju_zone(start: Moment, lines: list[ContentLine]) -> Moment:
    """An all-day event from another Huiju site keeps its partner's zone (X-HUIJU-TZID), so
    its days begin at the partner's midnight, not at this site's."""
    tzid = huiju_value(lines, "X-HUIJU-TZID") if start.all_day else ""
    if tzid and zone(tzid) is not None:
        return replace(start, tzid=tzid)
    return start
