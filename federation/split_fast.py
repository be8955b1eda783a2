"""The split stage's fast path: regular feed text in, the same
:class:`~federation.blocks.SplitFeed` as :func:`federation.split.careful_split` out, or ``None``.

Unfolding and splitting a 10,000-event feed line by line in Python costs about as much as
parsing it with icalendar.  Most feeds are regular: CRLF or LF line ends, upper-case names,
one VCALENDAR, matching BEGIN/END.  For those, the text is unfolded with one regex, blocks
are found by their BEGIN/END lines alone, and each block's identity and hash come from a few
regex calls — all in C.  Any irregularity (blank or lower-case lines, a lone CR, a BOM,
several calendars, a missing END, a line that is no property) makes :func:`fast_split` return
``None`` and the careful scanner reads the feed: that scanner also writes the problems.
"""

from __future__ import annotations

import re
from bisect import bisect_left

from federation.blocks import RawComponent, SplitFeed, freeze, hash_text, identity
from federation.contentlines import parse_line

_FOLD = re.compile(r"\r\n[ \t]")
# A whitespace-only line (the careful scanner drops and counts those as blank lines).
_BLANK = re.compile(r"\n[^\S\r\n]*\r\n|\n[^\S\r\n]+\Z")
# A logical line that does not start with an upper-case property name and its ';' or ':'.
_ODD_LINE = re.compile(r"\n(?![A-Z][A-Z0-9-]*[;:]|\Z)")
_STRUCTURE = re.compile(r"\n(BEGIN|END)([;:])([^\r\n]*)")
# Lines after a block's first: those naming its identity, and those the hash leaves out.
_IDENTITY_LINES = re.compile(r"\n((?:UID|RECURRENCE-ID|BEGIN|END)[^\r\n]*)")
_VOLATILE_LINES = re.compile(r"\r\n(?:DTSTAMP[:;]|X-MOZ-LASTACK|X-MOZ-GENERATION)[^\r\n]*")
_HEAD = "BEGIN:VCALENDAR\r\n"


class _Irregular(Exception):
    """The text needs the careful scanner."""


def fast_split(text: str) -> SplitFeed | None:
    """Split a regular feed exactly as the careful scanner would; ``None`` when irregular."""
    folded = _crlf(text)
    if folded is None or "\ufeff" in folded or _BLANK.search(folded):
        return None
    unfolded = _FOLD.sub("", folded)
    if not unfolded.startswith(_HEAD) or _ODD_LINE.search(unfolded):
        return None
    try:
        return _Blocks(unfolded, _fold_positions(folded)).split()
    except _Irregular:
        return None


def _crlf(text: str) -> str | None:
    """The text with CRLF line ends (blocks are stored so); ``None`` when a lone CR occurs."""
    crlf, lf, cr = text.count("\r\n"), text.count("\n"), text.count("\r")
    if cr != crlf:
        return None
    if lf == crlf:
        return text
    return (text.replace("\r\n", "\n") if crlf else text).replace("\n", "\r\n")


def _fold_positions(folded: str) -> list[int]:
    """Where, in the unfolded text, each continuation line was joined (ascending)."""
    if "\n " not in folded and "\n\t" not in folded:
        return []
    return [match.start() - 3 * index for index, match in enumerate(_FOLD.finditer(folded))]


class _Blocks:
    """One pass over the BEGIN/END lines of unfolded, CRLF-separated text."""

    def __init__(self, text: str, folds: list[int]) -> None:
        self.text = text
        self.folds = folds
        self.props: list[tuple[str, str]] = []
        self.timezones: list[str] = []
        self.components: list[RawComponent] = []
        self.other = 0
        self.lines_seen = (0, 0)  # (offset, newlines before it) for physical line numbers

    def split(self) -> SplitFeed:
        """Walk the structure lines; calendar-level text between blocks holds properties."""
        text, level_start = self.text, len(_HEAD)
        block: tuple[str, int] | None = None
        depth = 0
        for match in _STRUCTURE.finditer(text, len(_HEAD) - 1):
            name, separator, value = match.groups()
            if separator != ":" or value != value.strip().upper():
                raise _Irregular
            start = match.start() + 1
            if block is None:
                self._properties(text[level_start:start])
                level_start = match.end() + 2
                if name == "BEGIN":
                    if value == "VCALENDAR":
                        raise _Irregular  # several calendars: the careful scan reports it
                    block, depth = (value, start), 0
            elif name == "BEGIN":
                if depth == 0 and value in ("VEVENT", "VCALENDAR"):
                    raise _Irregular  # an END is missing
                depth += 1
            elif depth:
                depth -= 1
            elif value == block[0]:
                self._close(block[0], block[1], match.end())
                block, level_start = None, match.end() + 2
            elif value == "VCALENDAR":
                raise _Irregular
        if block is not None:
            raise _Irregular
        self._properties(text[level_start:])
        return freeze(self.props, self.timezones, self.components, self.other, [])

    def _properties(self, segment: str) -> None:
        """Calendar-level properties: the first value of each name is kept."""
        for line in segment.split("\r\n"):
            if not line:
                continue
            parsed = parse_line(line)
            if parsed is None:
                raise _Irregular  # unreadable line: the careful scan reports it
            if parsed.name not in dict(self.props):
                self.props.append((parsed.name, parsed.value.strip()))

    def _close(self, kind: str, start: int, end: int) -> None:
        """File a finished block by kind."""
        block = self.text[start:end]
        if kind == "VEVENT":
            self.components.append(self._component(block, start))
        elif kind == "VTIMEZONE":
            self.timezones.append(block)
        else:
            self.other += 1

    def _component(self, block: str, start: int) -> RawComponent:
        """The block's text, identity, hash and physical line, as the careful scan gives."""
        candidates = _IDENTITY_LINES.findall(block)
        if len(candidates) == 2 and candidates[0].startswith("UID:"):
            uid, recurrence_id = candidates[0][4:].strip() or None, ""  # the usual block
        else:
            uid, recurrence_id = identity(candidates[:-1])
        kept = _VOLATILE_LINES.sub("", block) if "DTSTAMP" in block or "X-MOZ" in block else block
        return RawComponent(uid, recurrence_id, block, hash_text(kept), self._physical_line(start))

    def _physical_line(self, offset: int) -> int:
        """1-based line of the original text: logical lines before it plus joined folds."""
        seen, newlines = self.lines_seen
        newlines += self.text.count("\n", seen, offset)
        self.lines_seen = (offset, newlines)
        return newlines + bisect_left(self.folds, offset) + 1
