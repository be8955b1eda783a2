"""What the split stage produces: raw VEVENT blocks, their hashes and the feed's context.

Shared by the careful line scanner (:mod:`federation.split`) and the fast block finder
(:mod:`federation.split_fast`), which must produce identical values for the same text.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass

from federation.contentlines import parse_line

# Lines that change on every fetch without the event changing: RFC 5545 §3.8.7.2 makes
# DTSTAMP the time the feed was generated for published calendars, not an edit time (Google,
# Outlook and Meetup restamp every response; nested VALARMs' DTSTAMPs too), and X-MOZ-* is a
# Thunderbird client's own state. LAST-MODIFIED, SEQUENCE and CREATED stay in the hash: they
# change when the event is edited, and a producer that regenerates them anyway costs a
# re-read, never a write (the normalised content hash leaves them out). The set has been the
# same since the first stored hash, so no stored hash needs computing again.
VOLATILE = ("DTSTAMP:", "DTSTAMP;", "X-MOZ-LASTACK", "X-MOZ-GENERATION")

# Calendar properties that change how every component is read (zone of floating times,
# calendar system): a change in these must re-normalise every block.
_MEANINGFUL_CALENDAR_PROPS = frozenset({"X-WR-TIMEZONE", "CALSCALE", "X-LIC-LOCATION"})


@dataclass(frozen=True, slots=True)
class RawComponent:
    """One VEVENT block as written, plus what the sync needs to key and skip it."""

    uid: str | None
    recurrence_id: str
    text: str
    hash: str
    line: int  # 1-based physical line of the input where BEGIN:VEVENT was written


@dataclass(frozen=True, slots=True)
class SplitFeed:
    """A feed split into calendar properties, VTIMEZONE blocks and VEVENT blocks."""

    calendar_props: tuple[tuple[str, str], ...]
    timezones: tuple[str, ...]
    components: tuple[RawComponent, ...]
    context_hash: str
    other_components: int
    problems: tuple[str, ...]

    def calendar_prop(self, name: str) -> str | None:
        """The first value of a VCALENDAR-level property (upper-case name), or ``None``."""
        return next((value for key, value in self.calendar_props if key == name), None)


def block_hash(lines: list[str]) -> str:
    """SHA-256 of a block without its volatile lines (DTSTAMP…): stable across re-fetches."""
    kept = [line for line in lines if not line.startswith(VOLATILE)]
    return hash_text("\r\n".join(kept))


def hash_text(text: str) -> str:
    """SHA-256 hex digest of text as UTF-8 (lone surrogates kept)."""
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def identity(candidates: Sequence[str]) -> tuple[str | None, str]:
    """UID and normalised RECURRENCE-ID of a block's top level.

    ``candidates`` are the block's inner lines (without its own BEGIN/END) that start with
    UID, RECURRENCE-ID, BEGIN or END; any other line is ignored anyway.
    """
    uid: str | None = None
    recurrence_id = ""
    depth = 0
    for text_line in candidates:
        if not text_line.startswith(("UID", "RECURRENCE-ID", "BEGIN", "END")):
            continue
        parsed = parse_line(text_line)
        if parsed is None:
            continue
        depth += (parsed.name == "BEGIN") - (parsed.name == "END")
        if depth == 0 and parsed.name == "UID" and uid is None:
            uid = parsed.value.strip() or None
        elif depth == 0 and parsed.name == "RECURRENCE-ID":
            recurrence_id = _normalised_recurrence_id(parsed.params, parsed.value)
    return uid, recurrence_id


def _normalised_recurrence_id(params: dict[str, str], value: str) -> str:
    """RECURRENCE-ID as written, with parameters sorted and upper-cased: ``TZID=…;…:value``."""
    rendered = ";".join(f"{key}={params[key]}" for key in sorted(params))
    return f"{rendered}:{value.strip()}" if rendered else value.strip()


def freeze(
    props: list[tuple[str, str]],
    timezones: list[str],
    components: list[RawComponent],
    other: int,
    problems: list[str],
) -> SplitFeed:
    """A :class:`SplitFeed` with its context hash (zones and meaningful calendar props)."""
    context = list(timezones)
    context += [f"{k}:{v}" for k, v in props if k in _MEANINGFUL_CALENDAR_PROPS]
    digest = hashlib.sha256("\x00".join(context).encode("utf-8", "surrogatepass"))
    return SplitFeed(
        tuple(props),
        tuple(timezones),
        tuple(components),
        digest.hexdigest(),
        other,
        tuple(problems),
    )
