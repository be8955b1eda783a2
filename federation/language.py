"""Which language a piece of partner text is in, for the normalize stage: text (or a BCP 47
tag) in, one of the two languages Huiju stores out.

Storage keeps exactly two languages, ``"zh"`` and ``"en"``: the site is bilingual, and what
matters for a visitor is whether the text is readable without Chinese.  Any CJK script —
Han, Japanese kana or Korean hangul — therefore counts as ``"zh"`` (marked "Chinese" in the
UI, found by the Chinese substring search); everything else counts as ``"en"``.
"""

from __future__ import annotations

from core.cjk import SCRIPT_CHAR

# Chinese text carries many Latin letters (brand names, URLs, "AI"); a modest share of CJK
# characters already means a reader needs Chinese.
_CJK_SHARE = 0.15


def detect_language(text: str, default: str = "en") -> str:
    """``"zh"`` when CJK characters make up a real share of the letters, else ``"en"``.

    ``default`` is returned for text without any letters (empty, digits, punctuation).
    """
    sample = text[:2000]
    found = "".join(SCRIPT_CHAR.findall(sample))
    # Every CJK character counts as a letter (punctuation and full-width forms too), every
    # other character when it is alphabetic; str.isalpha mapped in C keeps this fast.
    cjk = len(found)
    letters = cjk + sum(map(str.isalpha, sample)) - sum(map(str.isalpha, found))
    if not letters:
        return default
    return "zh" if cjk / letters >= _CJK_SHARE else "en"


def storage_language(tag: str | None) -> str | None:
    """Map a BCP 47 tag (``zh-CN``, ``ja``, ``en-GB``) to ``"zh"``/``"en"``; ``None`` if absent."""
    if not tag:
        return None
    primary = tag.strip().lower().replace("_", "-").split("-")[0]
    if primary in ("zh", "ja", "ko", "yue", "cmn", "wuu", "chi", "zho"):
        return "zh"
    return "en" if primary else None
