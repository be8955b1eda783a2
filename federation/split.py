"""The split stage: decoded feed text in, a :class:`~federation.blocks.SplitFeed` out (its
calendar properties, VTIMEZONE blocks and VEVENT blocks, each block hashed).

A fast, forgiving scan: no icalendar tree is built here. Regular feeds take the regex path of
:mod:`federation.split_fast`; the rest the careful line-by-line scanner below, which also
reports what it repaired or ignored. A 10,000-event feed is unfolded and split with plain
string operations, and each block's hash lets the sync skip blocks that did not change.
"""

from __future__ import annotations

from federation.blocks import RawComponent, SplitFeed, block_hash, freeze, identity
from federation.contentlines import parse_line, split_name
from federation.errors import FeedParseError
from federation.split_fast import fast_split
from federation.sync_errors import coded


def split_feed(text: str) -> SplitFeed:
    """Split decoded feed text into its parts; raise :class:`FeedParseError` for non-calendars.

    Copes with CRLF/LF/CR line ends, folding right after the property name, blank lines,
    lower-case names, several VCALENDARs in one file, a missing END, and garbage lines.
    A VCALENDAR without VEVENTs is a valid, empty calendar.
    """
    _reject_non_calendar(text)
    return fast_split(text) or careful_split(text)


def careful_split(text: str) -> SplitFeed:
    """The line-by-line scan behind :func:`split_feed`, for text the fast path declines."""
    lines, blank = unfold(text)
    scanner = _Scanner()
    for number, line in lines:
        scanner.feed(number, line)
    scanner.finish()
    if not scanner.calendars and not scanner.components:
        raise FeedParseError(coded("parse.not_calendar"))
    problems = scanner.problems
    if blank:
        problems.insert(0, f"{blank} blank lines ignored")
    return scanner.result(problems)


def _reject_non_calendar(text: str) -> None:
    """Recognise the two common non-calendar bodies before scanning: empty and HTML."""
    head = text[:2048].lstrip("\ufeff \t\r\n").lower()
    if not head:
        raise FeedParseError(coded("parse.empty"))
    if head.startswith(("<!doctype html", "<html", "<?xml", "<head", "<body")) or (
        head.startswith("<") and "begin:vcalendar" not in head
    ):
        raise FeedParseError(coded("parse.html"))


def unfold(text: str) -> tuple[list[tuple[int, str]], int]:
    """Unfold RFC 5545 §3.1 continuation lines; return ``(physical line, line)`` pairs.

    Blank lines are dropped (and counted) so that a continuation after a blank line still
    joins the property it belongs to, as Google's invitations need.
    """
    physical = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    logical: list[tuple[int, list[str]]] = []
    blank = 0
    for number, line in enumerate(physical, 1):
        if not line.strip():
            blank += 1
        elif line[0] in " \t" and logical:
            logical[-1][1].append(line[1:])
        else:
            logical.append((number, [line.lstrip("\ufeff")]))
    trailing = 1 if physical and not physical[-1] else 0
    return [(number, "".join(parts)) for number, parts in logical], blank - trailing


class _Scanner:
    """State machine over unfolded lines: calendar level, inside a VEVENT, or skipping."""

    def __init__(self) -> None:
        self.calendars = 0
        self.calendar_props: list[tuple[str, str]] = []
        self.timezones: list[str] = []
        self.components: list[RawComponent] = []
        self.other = 0
        self.problems: list[str] = []
        self.garbage: list[int] = []
        self.block: list[str] | None = None  # lines of the open VEVENT/VTIMEZONE/other block
        self.block_kind = ""
        self.block_line = 0
        self.depth = 0  # nesting inside the open block (VALARM in VEVENT, STANDARD in VTZ)

    def feed(self, number: int, line: str) -> None:
        """Consume one unfolded line."""
        # Fast path for the bulk of a feed: an ordinary upper-case property inside a block.
        ordinary = ":" in line and line[:1].isupper() and not line.startswith(("BEGIN", "END"))
        if ordinary and self.block is not None:
            self.block.append(line)
            return
        name, end = split_name(line)
        name = name.strip().upper()
        if end == len(line):
            self.garbage.append(number)
            return
        line = name + line[end:]
        if self.block is not None:
            self._in_block(number, name, line)
        elif name == "BEGIN":
            self._begin(number, line[6:].strip().upper(), line)
        elif name != "END":
            self._calendar_prop(number, line)

    def _begin(self, number: int, kind: str, line: str) -> None:
        """Open a VCALENDAR, or a top-level component block."""
        if kind == "VCALENDAR":
            self.calendars += 1
            return
        self.block, self.block_kind, self.block_line, self.depth = [line], kind, number, 0

    def _in_block(self, number: int, name: str, line: str) -> None:
        """Collect a line of the open block; close it on its END (or an implied one)."""
        value = line[len(name) + 1 :].strip().upper() if name in ("BEGIN", "END") else ""
        if name == "BEGIN" and value in ("VEVENT", "VCALENDAR") and self.depth == 0:
            self._close(f"END:{self.block_kind} missing before line {number}")
            self.feed(number, line)
            return
        if name == "END" and self.depth == 0 and value in (self.block_kind, "VCALENDAR"):
            self._close(None if value == self.block_kind else f"END:{self.block_kind} missing")
            return
        self.depth += (name == "BEGIN") - (name == "END" and self.depth > 0)
        assert self.block is not None
        self.block.append(line)

    def _close(self, problem: str | None) -> None:
        """Finish the open block and file it by kind."""
        block, kind = self.block or [], self.block_kind
        self.block = None
        block.append(f"END:{kind}")
        if problem:
            self.problems.append(problem)
        if kind == "VEVENT":
            self.components.append(_component(block, self.block_line))
        elif kind == "VTIMEZONE":
            self.timezones.append("\r\n".join(block))
        else:
            self.other += 1

    def _calendar_prop(self, number: int, line: str) -> None:
        """Keep VCALENDAR-level properties; lines outside any VCALENDAR are garbage."""
        parsed = parse_line(line)
        if parsed is None or (not self.calendars and parsed.name != "VERSION"):
            self.garbage.append(number)
        elif parsed.name not in dict(self.calendar_props):
            self.calendar_props.append((parsed.name, parsed.value.strip()))

    def finish(self) -> None:
        """Close a block left open at the end of the input."""
        if self.block is not None:
            self._close(f"END:{self.block_kind} missing at the end of the feed")
        if self.garbage:
            shown = ", ".join(map(str, self.garbage[:5])) + ("…" if len(self.garbage) > 5 else "")
            self.problems.append(f"{len(self.garbage)} unreadable lines ignored (line {shown})")
        if self.calendars > 1:
            self.problems.append(f"{self.calendars} VCALENDARs merged")

    def result(self, problems: list[str]) -> SplitFeed:
        """Freeze the scan into a :class:`SplitFeed`."""
        return freeze(self.calendar_props, self.timezones, self.components, self.other, problems)


def _component(block: list[str], line: int) -> RawComponent:
    """Build a :class:`RawComponent`, reading UID and RECURRENCE-ID from the top level only."""
    uid, recurrence_id = identity(block[1:-1])
    return RawComponent(uid, recurrence_id, "\r\n".join(block), block_hash(block), line)
