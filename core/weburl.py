"""The one rule for links that outsiders give us (feeds, spreadsheets, forms): http or https
with a host, and nothing else — a ``javascript:``, ``data:`` or ``file:`` link is an attack."""

from __future__ import annotations

from urllib.parse import urlsplit


def web_url(value: str | None) -> str | None:
    """``value`` stripped if it is an http(s) address with a host and no spaces, else None."""
    url = (value or "").strip()
    if not url or any(ch.isspace() for ch in url):
        return None
    try:
        parts = urlsplit(url)
    except ValueError:  # e.g. an unbalanced IPv6 bracket
        return None
    return url if parts.scheme.lower() in ("http", "https") and parts.hostname else None
