"""Chinese, Japanese and Korean text: the one definition of which code points are which.

Two sets, for two jobs:
- **Han ideographs** (``HAN``): what search tokens and duplicate matching split into
  character bigrams, and what marks a spreadsheet's name or city as Chinese.
- **CJK scripts** (``SCRIPTS``): Han plus CJK punctuation, kana, hangul, full-width forms and
  the supplementary ideograph planes: what makes partner text need a reader of Chinese (or
  Japanese, or Korean), for language detection.
"""

from __future__ import annotations

import re

Ranges = tuple[tuple[int, int], ...]

# Han: extension A, the unified ideographs and the compatibility ideographs.
HAN_RANGES: Ranges = ((0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFAFF))
SCRIPT_RANGES: Ranges = (
    (0x3000, 0x303F),
    (0x3040, 0x30FF),
    (0x3400, 0x4DBF),
    (0x4E00, 0x9FFF),
    (0xAC00, 0xD7AF),
    (0xF900, 0xFAFF),
    (0xFF00, 0xFFEF),
    (0x20000, 0x2FA1F),
)


def char_class(ranges: Ranges) -> str:
    """The inside of a regex character class for ``ranges`` (``[`` and ``]`` left out)."""
    return "".join(f"{chr(low)}-{chr(high)}" for low, high in ranges)


HAN = char_class(HAN_RANGES)
HAN_RUN = re.compile(f"[{HAN}]+")
SCRIPT_CHAR = re.compile(f"[{char_class(SCRIPT_RANGES)}]")


def has_han(text: str) -> bool:
    """Whether ``text`` holds at least one Han ideograph (a Chinese name, a Chinese city)."""
    return HAN_RUN.search(text) is not None
