"""RFC 5545 content lines: ``NAME;PARAM=value;PARAM="quoted:value":VALUE``.

The split stage's line reader: one unfolded line in, its name, parameters and raw value out.
Small and fast; the series, expand and normalize stages read properties with it too, so that
none has to build an icalendar tree for properties it only reads as text.
"""

from __future__ import annotations

from typing import NamedTuple


class ContentLine(NamedTuple):
    """One property: upper-cased name, upper-cased parameter names, raw value."""

    name: str
    params: dict[str, str]
    value: str


def split_name(line: str) -> tuple[str, int]:
    """Return the property name (as written) and the index where it ends (at ';' or ':')."""
    colon = line.find(":")
    semi = line.find(";")
    end = colon if semi == -1 or (colon != -1 and colon < semi) else semi
    return (line, len(line)) if end == -1 else (line[:end], end)


def parse_line(line: str) -> ContentLine | None:
    """Parse an unfolded content line; ``None`` when it has no ':' (not a property)."""
    name, end = split_name(line)
    if end == len(line):
        return None
    if line[end] == ":":
        return ContentLine(name.strip().upper(), {}, line[end + 1 :])
    params, value_start = _parse_params(line, end + 1)
    if value_start < 0:
        return None
    return ContentLine(name.strip().upper(), params, line[value_start:])


def _parse_params(line: str, start: int) -> tuple[dict[str, str], int]:
    """Read ``;``-separated parameters up to the value's ':' (which may not be quoted).

    Returns the parameters and the index of the value, or -1 when no value follows.
    Quoted parameter values keep their ':' and ';' (e.g. Outlook's
    ``TZID="(UTC-05:00) Eastern Time"``) and lose their quotes.
    """
    params: dict[str, str] = {}
    position, length = start, len(line)
    while position < length:
        stop = _param_end(line, position)
        if stop < 0:
            return params, -1
        key, _, raw = line[position:stop].partition("=")
        params[key.strip().upper()] = raw.replace('"', "")
        if line[stop] == ":":
            return params, stop + 1
        position = stop + 1
    return params, -1


def _param_end(line: str, position: int) -> int:
    """Index of the ';' or ':' that ends the parameter starting at ``position``; -1 if none."""
    semi, colon = line.find(";", position), line.find(":", position)
    end = colon if semi == -1 or (colon != -1 and colon < semi) else semi
    quote = line.find('"', position)
    if quote == -1 or (end != -1 and end < quote):
        return end  # no quote before the separator: the common case, found in C
    quoted = False
    for index in range(position, len(line)):
        char = line[index]
        if char == '"':
            quoted = not quoted
        elif not quoted and char in ";:":
            return index
    return -1


def unescape_text(value: str) -> str:
    """Undo RFC 5545 §3.3.11 TEXT escaping (``\\n``, ``\\,``, ``\\;``, ``\\\\``)."""
    if "\\" not in value:
        return value
    out: list[str] = []
    chars = iter(value)
    for char in chars:
        if char != "\\":
            out.append(char)
            continue
        following = next(chars, "")
        out.append("\n" if following in "nN" and following else following)
    return "".join(out)


def split_list(value: str) -> list[str]:
    """Split a comma-separated TEXT list (CATEGORIES) honouring ``\\,`` escapes."""
    if "\\" not in value:
        return [item.strip() for item in value.split(",") if item.strip()]
    items, current, escaped = [], [], False
    for char in value:
        if escaped:
            current.append("\\" + char)
            escaped = False
        elif char == "\\":
            escaped = True
        elif char == ",":
            items.append(unescape_text("".join(current)))
            current = []
        else:
            current.append(char)
    items.append(unescape_text("".join(current)))
    return [item.strip() for item in items if item.strip()]


def top_level_lines(text: str) -> list[ContentLine]:
    """The component's own properties, without nested VALARMs and unreadable lines."""
    lines: list[ContentLine] = []
    depth = 0
    for raw in text.split("\r\n")[1:-1]:
        colon, semi = raw.find(":"), raw.find(";")
        if colon != -1 and (semi == -1 or colon < semi):  # NAME:VALUE, parse_line's fast case
            parsed = ContentLine(raw[:colon].strip().upper(), {}, raw[colon + 1 :])
        else:
            parsed = parse_line(raw)
            if parsed is None:
                continue
        if parsed.name in ("BEGIN", "END"):
            depth += 1 if parsed.name == "BEGIN" else -1
        elif depth <= 0:
            lines.append(parsed)
    return lines
