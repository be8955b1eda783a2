"""How a partner's place and initials read on its card (pure, no Flask).

A Delta partner reads "Jiangsu · Suzhou", an overseas one "Helsinki · Finland"; a part equal
to the one before it is said once, so Singapore is never "Singapore · Singapore".
"""

from __future__ import annotations

import unicodedata


def place_line(region: str, city: str, country: str, *, overseas: bool) -> list[str]:
    """The parts of a partner's place, broadest last for overseas ones, each said once.

    ``region`` and ``country`` are already names in the visitor's language.
    """
    parts = [city, country] if overseas else [region, city]
    shown: list[str] = []
    for part in parts:
        part = part.strip()
        if part and not any(_same(part, other) for other in shown):
            shown.append(part)
    return shown


def _same(a: str, b: str) -> bool:
    """Equal names, or one inside the other ("Shanghai" and "Shanghai Municipality")."""
    a, b = a.casefold(), b.casefold()
    return a == b or a in b or b in a


def initials(name: str) -> str:
    """Up to two letters standing for a name: its first two CJK characters, or the first
    letters of its first two words ("Nordic Innovation Center" → "NI")."""
    name = name.strip()
    wide = [ch for ch in name if unicodedata.east_asian_width(ch) in ("W", "F") and ch.isalpha()]
    if wide and unicodedata.east_asian_width(name[0]) in ("W", "F"):
        return "".join(wide[:2])
    words = [
        w
        for w in name.replace("-", " ").split()
        if w[:1].isalnum() and unicodedata.east_asian_width(w[0]) not in ("W", "F")
    ]
    return "".join(w[0] for w in words[:2]).upper()
