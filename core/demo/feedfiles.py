"""Serve the bundled demo feeds, moved in time so that they always look current.

Every feed is written around the week of ``ANCHOR_MONDAY``. ``render_feed`` shifts each event
date by whole weeks so that this week becomes the week containing ``today``: weekdays are kept,
and the bytes stay identical for a whole week, so ETags and conditional GETs stay meaningful.

Only event scheduling values move (DTSTART, DTEND, RECURRENCE-ID, EXDATE, RDATE and the UNTIL
of an RRULE). VTIMEZONE blocks, DTSTAMP, CREATED and LAST-MODIFIED are left alone: a timezone's
history does not move with the demo, and stamps say when the producer wrote the file.

Weekly rules survive the shift exactly. A monthly rule by position (``BYDAY=3WE``) cannot: the
moved DTSTART may no longer be a third Wednesday, and RFC 5545 then counts it as one extra
occurrence before the rule's own. The demo accepts that rather than rewrite producers' rules.
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from importlib import resources
from importlib.resources.abc import Traversable

ANCHOR_MONDAY = date(2026, 11, 23)

_SHIFTED = frozenset({"DTSTART", "DTEND", "RECURRENCE-ID", "EXDATE", "RDATE"})
_DATE = re.compile(r"(?<![0-9])([0-9]{8})(?=T[0-9]{6}Z?(?![0-9])|(?![0-9A-Z]))")
_UNTIL = re.compile(r"(?<=UNTIL=)([0-9]{8})")
_PHYSICAL_LINE = re.compile(r"[^\n]*\n|[^\n]+$")


def feed_names() -> list[str]:
    """The file names of the bundled demo feeds, sorted."""
    return sorted(entry.name for entry in _feeds_dir().iterdir() if entry.name.endswith(".ics"))


def render_feed(name: str, today: date) -> bytes:
    """The bundled feed ``name`` with its events moved into the week containing ``today``.

    Raises ``KeyError`` for a name that is not a bundled feed.
    """
    if name not in feed_names():
        raise KeyError(name)
    raw = _feeds_dir().joinpath(name).read_bytes()
    shift = _week_shift(today)
    if not shift:
        return raw
    return _shift_text(raw.decode("utf-8"), shift).encode("utf-8")


def _feeds_dir() -> Traversable:
    return resources.files("core.demo").joinpath("feeds")


def _week_shift(today: date) -> timedelta:
    monday = today - timedelta(days=today.weekday())
    return monday - ANCHOR_MONDAY


def _shift_text(text: str, shift: timedelta) -> str:
    """Shift every logical line; folded lines are cut again at their original places."""
    physical = _PHYSICAL_LINE.findall(text)
    out: list[str] = []
    in_timezone = False
    index = 0
    while index < len(physical):
        group = [physical[index]]
        index += 1
        while index < len(physical) and physical[index][:1] in (" ", "\t"):
            group.append(physical[index])
            index += 1
        logical = "".join(_content(part, i) for i, part in enumerate(group))
        if logical.upper() in ("BEGIN:VTIMEZONE", "END:VTIMEZONE"):
            in_timezone = logical.upper() == "BEGIN:VTIMEZONE"
        shifted = logical if in_timezone else _shift_line(logical, shift)
        out.extend(_refold(shifted, group))
    return "".join(out)


def _content(part: str, position: int) -> str:
    """A physical line without its line ending and, for a continuation, its fold space."""
    body = part.rstrip("\r\n")
    return body[1:] if position else body


def _refold(logical: str, group: list[str]) -> list[str]:
    """Cut ``logical`` back into ``group``'s physical lines (shifting keeps the length)."""
    parts, start = [], 0
    for i, original in enumerate(group):
        body = _content(original, i)
        ending = original[len(original.rstrip("\r\n")) :]
        fold = original[:1] if i else ""
        parts.append(fold + logical[start : start + len(body)] + ending)
        start += len(body)
    return parts


def _shift_line(line: str, shift: timedelta) -> str:
    colon = _value_colon(line)
    if colon < 0:
        return line
    head, value = line[: colon + 1], line[colon + 1 :]
    name = head[:-1].split(";", 1)[0].upper()
    if name in _SHIFTED:
        return head + _DATE.sub(lambda m: _shift_date(m.group(1), shift), value)
    if name == "RRULE":
        return head + _UNTIL.sub(lambda m: _shift_date(m.group(1), shift), value)
    return line


def _value_colon(line: str) -> int:
    """Where the value starts: the first colon outside a quoted parameter value (RFC 5545 3.1)."""
    quoted = False
    for index, char in enumerate(line):
        if char == '"':
            quoted = not quoted
        elif char == ":" and not quoted:
            return index
    return -1


def _shift_date(yyyymmdd: str, shift: timedelta) -> str:
    day = date(int(yyyymmdd[:4]), int(yyyymmdd[4:6]), int(yyyymmdd[6:]))
    return (day + shift).strftime("%Y%m%d")
