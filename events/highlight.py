"""The visitor's search words marked in a title or place (pure): Chinese runs and their
two-character words as the search index matches them (events.tokenize), Latin words by
their start, whatever the case."""

from __future__ import annotations

import re
import unicodedata

from markupsafe import Markup, escape

from core.cjk import HAN

_PIECES = re.compile(rf"[{HAN}]+|[^\W_{HAN}]+", re.UNICODE)


def _patterns(q: str) -> list[str]:
    found: set[str] = set()
    for piece in _PIECES.findall(unicodedata.normalize("NFKC", q)):
        if re.match(rf"[{HAN}]", piece):
            found.add(re.escape(piece))
            found.update(re.escape(piece[i : i + 2]) for i in range(len(piece) - 1))
        else:
            stem = piece[:-1] if len(piece) > 3 and piece.lower().endswith("s") else piece
            found.add(rf"\b{re.escape(stem)}\w*")
    return sorted(found, key=len, reverse=True)


def highlight(text: str, q: str) -> Markup:
    """``text`` escaped, with every match of ``q``'s words in ``<mark>``."""
    patterns = _patterns(q or "")
    if not text or not patterns:
        return escape(text)
    pattern = re.compile("|".join(patterns), re.IGNORECASE)
    out, last = [], 0
    for match in pattern.finditer(text):
        out.append(escape(text[last : match.start()]))
        out.append(Markup("<mark>%s</mark>") % match.group())
        last = match.end()
    out.append(escape(text[last:]))
    return Markup("").join(out)
