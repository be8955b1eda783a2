"""The series stage: VEVENT blocks in, series out (lists of blocks sharing a UID: a master and
its RECURRENCE-ID overrides), and the verdict on duplicate copies within a series.

RFC 5545 §3.8.4.7 makes (UID, RECURRENCE-ID) the identity of an instance.  Feeds still
repeat it (a re-sent invitation, a merged export); the copy with the higher SEQUENCE wins,
then the later LAST-MODIFIED/DTSTAMP, then the later position in the file.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

from federation.blocks import RawComponent, SplitFeed
from federation.contentlines import parse_line
from federation.normalize_text import sequence_number
from federation.sync_errors import coded

_RANKING = ("SEQUENCE", "LAST-MODIFIED", "DTSTAMP")


def series_uid(component: RawComponent) -> str:
    """The UID, or a stable ``huiju-…`` one synthesised from DTSTART and SUMMARY.

    Hashing only those two lines keeps the synthesised UID stable when the partner edits
    the description of a UID-less event, so it is updated rather than replaced. Another
    Huiju site's feed names each event by the partner's own UID in ``X-HUIJU-UID``
    (docs/federation-format.md): that one is kept, so a UID does not grow with each hop.
    """
    if "X-HUIJU-UID" in component.text and (original := huiju_property(component, "X-HUIJU-UID")):
        return original
    if component.uid:
        return component.uid
    identity = [
        line for line in component.text.split("\r\n") if line.startswith(("DTSTART", "SUMMARY"))
    ]
    source = "\r\n".join(identity) if identity else component.hash
    return "huiju-" + hashlib.sha256(source.encode("utf-8", "surrogatepass")).hexdigest()[:24]


def huiju_property(component: RawComponent, name: str) -> str:
    """The value of a top-level ``X-HUIJU-…`` line of a block ("" when absent)."""
    depth = 0
    for raw in component.text.split("\r\n")[1:-1]:
        if not raw.startswith(("X-HUIJU-", "BEGIN", "END")):
            continue
        parsed = parse_line(raw)
        if parsed is None:
            continue
        depth += (parsed.name == "BEGIN") - (parsed.name == "END")
        if depth == 0 and parsed.name == name:
            return parsed.value.strip()
    return ""


def group_components(feed: SplitFeed) -> list[list[RawComponent]]:
    """VEVENTs grouped by (possibly synthesised) UID, groups and members in feed order.

    Duplicates stay in their group: :func:`federation.normalize.normalize_group` reports the
    losing copies as ``Skip("duplicate UID …")`` so that every VEVENT still gets exactly one
    outcome.
    """
    groups: dict[str, list[RawComponent]] = {}
    for component in feed.components:
        groups.setdefault(series_uid(component), []).append(component)
    return list(groups.values())


def duplicate_skips(components: Sequence[RawComponent]) -> dict[int, str]:
    """Indexes of losing duplicate copies in a group, with the Skip reason for each."""
    by_identity: dict[str, list[int]] = {}
    for index, component in enumerate(components):
        by_identity.setdefault(component.recurrence_id, []).append(index)
    skips: dict[int, str] = {}
    for indexes in by_identity.values():
        if len(indexes) > 1:
            winner = max(indexes, key=lambda index: (_rank(components[index]), index))
            for index in indexes:
                if index != winner:
                    skips[index] = _reason(components[index], components[winner])
    return skips


def _rank(component: RawComponent) -> tuple[int, str, str]:
    """(SEQUENCE, LAST-MODIFIED, DTSTAMP) of a block's top level; UTC stamps sort as text."""
    found: dict[str, str] = {}
    depth = 0
    for raw in component.text.split("\r\n")[1:-1]:
        parsed = parse_line(raw)
        if parsed is None:
            continue
        depth += (parsed.name == "BEGIN") - (parsed.name == "END")
        if depth == 0 and parsed.name in _RANKING:
            found.setdefault(parsed.name, parsed.value.strip())
    return (
        sequence_number(found.get("SEQUENCE", "0")),
        found.get("LAST-MODIFIED", ""),
        found.get("DTSTAMP", ""),
    )


def _reason(loser: RawComponent, winner: RawComponent) -> str:
    """Readable reason for a dropped duplicate copy."""
    if loser.recurrence_id:
        return coded(
            "skip.duplicate_instance",
            uid=series_uid(loser),
            instance=loser.recurrence_id,
            line=winner.line,
        )
    return coded("skip.duplicate", uid=series_uid(loser), line=winner.line)
