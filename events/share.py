"""What the event page offers for sharing and finding it: a QR code of its address, a map
search for its place, and the organiser's initials where there is no logo (pure)."""

from __future__ import annotations

import io
from urllib.parse import quote_plus

from markupsafe import Markup

OSM_SEARCH = "https://www.openstreetmap.org/search?query="


def qr_svg(url: str, title: str) -> Markup:
    """``url`` as a QR code in an inline SVG (scanned by WeChat from a screen or a print)."""
    import segno  # lazily: only the event page draws one

    out = io.BytesIO()
    segno.make(url, error="m").save(
        out,
        kind="svg",
        xmldecl=False,
        svgns=True,
        scale=4,
        border=2,
        title=title,
        svgclass="qr-code",
        lineclass=None,
        nl=False,
    )
    return Markup(out.getvalue().decode())


def map_url(place: str) -> str:
    """An OpenStreetMap search for ``place`` (a link: no tiles or scripts on our page); ""
    for no place or one that is a meeting link or only says "online"."""
    words = " ".join(place.split())
    if not words or "://" in words or words.casefold() in ("online", "线上", "在线"):
        return ""
    return OSM_SEARCH + quote_plus(words)


def initials(name: str) -> str:
    """ "KIC" → "K", "Hefei Base" → "HB", "创智天地" → "创": the avatar of a partner."""
    words = name.split()
    if not words:
        return "?"
    if not words[0][0].isascii():
        return words[0][0]
    return "".join(w[0] for w in words[:2]).upper()
