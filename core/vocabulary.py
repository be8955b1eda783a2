"""A bilingual vocabulary (pure): the words people type or feeds carry ("AI", "人工智能",
"Integrated Circuits") mapped to one key whose name is a Babel msgid, so that it reads in the
visitor's language; a word the vocabulary does not know is shown as given, never put through
gettext (it is somebody's data). events.topics and partners.leads.sectors are two of them.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

_NOT_WORD = re.compile(r"[\W_]+")


def fold(text: str) -> str:
    """A word reduced to what tells spellings apart: case, spaces and punctuation gone
    ("Warm-up", "warm up", "WARMUP" → "warmup"; "A.I." → "ai")."""
    return _NOT_WORD.sub("", text.casefold())


class Vocabulary:
    """``names``: key → its name (a lazy msgid); ``spellings``: folded spelling → key."""

    def __init__(self, names: Mapping[str, Any], spellings: Mapping[str, str]) -> None:
        unnamed = set(spellings.values()) - set(names)
        if unnamed:
            raise ValueError(f"spellings of keys without a name: {sorted(unnamed)}")
        self.names, self.spellings = names, spellings

    def key(self, text: str | None) -> str | None:
        """The known key ``text`` spells, or None."""
        return self.spellings.get(fold(text or ""))

    def label(self, text: str | None) -> str:
        """The name of what ``text`` spells in the current language, or ``text`` as given."""
        key = self.key(text)
        return str(self.names[key]) if key else (text or "").strip()
