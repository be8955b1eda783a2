"""The decode stage: a feed's bytes in (and the charset its server declared), text out,
whatever encoding the producer used.

RFC 5545 §3.1.4 says UTF-8, but partners' servers disagree: Chinese mail systems serve
GB18030/GBK, old desktop exports are Latin-1/CP1252, and some producers fold lines in
the middle of a multi-byte character.  :func:`decode_calendar` never raises.
"""

from __future__ import annotations

import codecs

from charset_normalizer import from_bytes

# BOMs checked longest first: the UTF-32-LE BOM starts with the UTF-16-LE one.
_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

# Encodings our partners actually use; restricting detection keeps it fast and stops
# charset-normalizer from choosing exotic code pages (hp_roman8, mac_cyrillic…) for short files.
_CANDIDATES = ["utf_8", "gb18030", "big5", "shift_jis", "euc_jp", "euc_kr", "cp1252", "latin_1"]

# GBK and GB2312 are subsets of GB18030: decoding with the superset never loses characters.
_SUPERSETS = {"gbk": "gb18030", "gb2312": "gb18030", "cp936": "gb18030", "ascii": "utf-8"}


def decode_calendar(data: bytes, declared_charset: str | None = None) -> str:
    """Decode a feed body: BOM, then the declared charset, then UTF-8, then detection.

    ``declared_charset`` is the ``charset`` of the HTTP ``Content-Type`` header, if any.
    A declared charset that does not decode the bytes is ignored (servers often claim
    UTF-8 for GBK files).  The result never starts with a BOM.
    """
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return data[len(bom) :].decode(encoding, errors="replace")
    for attempt in (_declared, _strict_utf8, _utf8_after_byte_unfolding, _mostly_utf8, _detected):
        text = attempt(data, declared_charset)
        if text is not None:
            return text
    return data.decode("utf-8", errors="replace")


def _declared(data: bytes, declared_charset: str | None) -> str | None:
    """Decode with the server's charset when it names a real codec that fits the bytes."""
    if not declared_charset:
        return None
    name = declared_charset.strip().strip("\"'").lower()
    try:
        return data.decode(_SUPERSETS.get(name, name))
    except (LookupError, UnicodeDecodeError):
        return None


def _strict_utf8(data: bytes, _declared_charset: str | None) -> str | None:
    """The RFC 5545 default encoding, accepted only when every byte fits."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return None


def _utf8_after_byte_unfolding(data: bytes, _declared_charset: str | None) -> str | None:
    """Unfold at byte level first: some producers fold inside a multi-byte UTF-8 sequence.

    The result is unfolded text, which is still valid iCalendar (folding is optional).
    """
    if b"\n " not in data and b"\n\t" not in data:
        return None
    joined = data.replace(b"\r\n ", b"").replace(b"\r\n\t", b"")
    joined = joined.replace(b"\n ", b"").replace(b"\n\t", b"")
    return _strict_utf8(joined, None)


def _mostly_utf8(data: bytes, _declared_charset: str | None) -> str | None:
    """UTF-8 with a few damaged sequences (e.g. bytes replaced by '?') is still UTF-8.

    Detection would pick a single-byte code page for such files and garble every
    character; replacing the few broken sequences loses far less.
    """
    text = data.decode("utf-8", errors="replace")
    broken = text.count("\ufffd")
    valid = sum(1 for char in text if char > "\x7f") - broken
    return text if valid >= 4 * broken else None


def _detected(data: bytes, _declared_charset: str | None) -> str | None:
    """Let charset-normalizer choose among the encodings partners use."""
    best = from_bytes(data, cp_isolation=_CANDIDATES).best()
    if best is None:
        return None
    return data.decode(_SUPERSETS.get(best.encoding, best.encoding), errors="replace")
