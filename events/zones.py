"""The visitor's own time zone: chosen in the browser (events.js) or a form, kept in a cookie."""

from __future__ import annotations

from urllib.parse import unquote
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from flask import request

COOKIE = "tz"
SHANGHAI_NAME = "Asia/Shanghai"
# The zones offered in the select; a detected zone not listed here is added to it.
COMMON = (
    "Asia/Shanghai",
    "Asia/Hong_Kong",
    "Asia/Taipei",
    "Asia/Tokyo",
    "Asia/Seoul",
    "Asia/Singapore",
    "Asia/Kolkata",
    "Asia/Dubai",
    "Europe/London",
    "Europe/Paris",
    "Europe/Berlin",
    "Europe/Helsinki",
    "Europe/Stockholm",
    "Europe/Moscow",
    "Africa/Nairobi",
    "America/New_York",
    "America/Chicago",
    "America/Denver",
    "America/Los_Angeles",
    "America/Sao_Paulo",
    "America/Toronto",
    "Australia/Sydney",
    "Australia/Perth",
    "Pacific/Auckland",
    "UTC",
)


def valid_zone(name: str | None) -> str | None:
    """``name`` if it is an IANA zone this server knows, else None (never raises)."""
    if not name or len(name) > 64 or name not in _known():
        return None
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return None
    return name


def _known() -> set[str]:
    global _KNOWN
    if _KNOWN is None:
        _KNOWN = available_timezones() | {"UTC"}
    return _KNOWN


_KNOWN: set[str] | None = None


def _cookie() -> str | None:
    # Scripts may percent-encode the slash in "Europe/Berlin".
    return unquote(request.cookies.get(COOKIE, "")) or None if request else None


def visitor_zone_name() -> str | None:
    """The zone from the ``tz`` cookie, or None when unset, invalid or Shanghai itself."""
    name = valid_zone(_cookie())
    return None if name == SHANGHAI_NAME else name


def visitor_zone() -> ZoneInfo | None:
    name = visitor_zone_name()
    return ZoneInfo(name) if name else None


def zone_choices() -> list[str]:
    current = valid_zone(_cookie())
    return list(COMMON) + ([current] if current and current not in COMMON else [])
