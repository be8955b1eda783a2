"""TZIDs for the normalize and expand stages: a TZID as written in (and the feed's VTIMEZONEs),
a time zone out: IANA names, Windows names, Chinese mail oddities and feed-defined zones.

Resolution order for a TZID (RFC 5545 §3.2.19 leaves the name free-form, and producers use
that freedom):

1. a known name — IANA, a vendor-prefixed IANA name (``/softwarestudio.org/…/Europe/Paris``),
   a Windows name (CLDR windowsZones), an Outlook display label (``(UTC+08:00) Beijing, …``)
   or a Chinese mail system's label (``+8``, ``CST8``, ``Xmail Custome Time``, ``GMT+0800``);
2. the feed's own VTIMEZONE definition, when the name is unknown but defined;
3. the feed's X-WR-TIMEZONE, else the configured default zone — with a note.

Custom VTIMEZONEs are registered with icalendar under a content-addressed TZID, because
icalendar caches zones process-wide by name and two feeds' "Customized Time Zone" differ.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from datetime import datetime, timedelta, tzinfo
from functools import lru_cache
from zoneinfo import ZoneInfo

from icalendar import Timezone
from icalendar.timezone import tzp
from icalendar.timezone.windows_to_olson import WINDOWS_TO_OLSON

from core.office import SHANGHAI

# Names real producers write that neither IANA nor CLDR know.  Keys are lower-case.
ALIASES: dict[str, str] = {
    "cst8": "Asia/Shanghai",  # QQ Mail CalDAV: China Standard Time, UTC+8
    "xmail custome time": "Asia/Shanghai",  # Tencent XMail (sic)
    "china time": "Asia/Shanghai",
    "beijing": "Asia/Shanghai",
    "beijing time": "Asia/Shanghai",
    "china standard time": "Asia/Shanghai",
    "greenwich mean time": "Europe/London",
    "utc": "UTC",
    "gmt": "UTC",
    "z": "UTC",
}

# Outlook writes display labels instead of IDs; the text after "(UTC±hh:mm) " names the zone.
LABELS: dict[str, str] = {
    "beijing, chongqing, hong kong, urumqi": "Asia/Shanghai",
    "taipei": "Asia/Taipei",
    "osaka, sapporo, tokyo": "Asia/Tokyo",
    "seoul": "Asia/Seoul",
    "kuala lumpur, singapore": "Asia/Singapore",
    "eastern time (us & canada)": "America/New_York",
    "eastern time (us and canada)": "America/New_York",
    "central time (us & canada)": "America/Chicago",
    "mountain time (us & canada)": "America/Denver",
    "pacific time (us & canada)": "America/Los_Angeles",
    "amsterdam, berlin, bern, rome, stockholm, vienna": "Europe/Berlin",
    "brussels, copenhagen, madrid, paris": "Europe/Paris",
    "dublin, edinburgh, lisbon, london": "Europe/London",
    "helsinki, kyiv, riga, sofia, tallinn, vilnius": "Europe/Helsinki",
    "coordinated universal time": "UTC",
}

# A bare offset says nothing about daylight saving; for these we know the zone partners mean.
OFFSET_ZONES: dict[int, str] = {480: "Asia/Shanghai", 540: "Asia/Tokyo", 0: "UTC"}

_OFFSET = re.compile(r"^\(?(?:gmt|utc)?\s*([+-])(\d{1,2})(?::?(\d{2}))?\)?(?:\s+(.*))?$")


@lru_cache(maxsize=1024)
def zone(name: str) -> ZoneInfo | None:
    """The IANA zone of that exact name, or ``None`` (never raises)."""
    try:
        return ZoneInfo(name) if name and not name.startswith(("/", ".")) else None
    except Exception:
        return None


@lru_cache(maxsize=4096)
def known_zone_name(tzid: str) -> str | None:
    """Map any TZID spelling we recognise to an IANA name, without looking at the feed."""
    name = tzid.strip().strip('"').strip()
    if zone(name) is not None:
        return name
    for candidate in _vendor_suffixes(name):
        if zone(candidate) is not None:
            return candidate
    lowered = name.lower()
    return WINDOWS_TO_OLSON.get(name) or ALIASES.get(lowered) or _from_offset_label(lowered)


def _vendor_suffixes(name: str) -> list[str]:
    """``/softwarestudio.org/Olson_20011030_5/Europe/Paris`` → ``Europe/Paris`` (longest first)."""
    parts = [part for part in name.split("/") if part]
    return ["/".join(parts[start:]) for start in range(1, len(parts))] if "/" in name else []


def _from_offset_label(lowered: str) -> str | None:
    """``(UTC+08:00) Beijing, …``, ``GMT+0800``, ``+8``: the label's zone, else the offset's."""
    match = _OFFSET.match(lowered)
    if match is None:
        return None
    sign, hours, minutes, label = match.groups()
    if label and label.strip() in LABELS:
        return LABELS[label.strip()]
    total = (int(hours) * 60 + int(minutes or 0)) * (1 if sign == "+" else -1)
    if total in OFFSET_ZONES:
        return OFFSET_ZONES[total]
    # Etc/GMT signs are inverted (POSIX): UTC+3 is Etc/GMT-3.
    return f"Etc/GMT{-total // 60:+d}" if total % 60 == 0 and abs(total) <= 14 * 60 else None


@dataclass
class ZoneResolver:
    """Resolves the TZIDs of one feed; built once per feed context (see :func:`resolver_for`)."""

    definitions: dict[str, str]  # TZID as written → raw VTIMEZONE block
    fallback: str  # IANA name for floating times and unknown zones
    _cache: dict[str, tuple[str, tzinfo, str | None]] = field(default_factory=dict)

    def resolve(self, tzid: str) -> tuple[str, tzinfo, str | None]:
        """Return ``(key, tzinfo, note)``; ``key`` is a TZID icalendar will also understand."""
        if tzid not in self._cache:
            self._cache[tzid] = self._resolve(tzid)
        return self._cache[tzid]

    def _resolve(self, tzid: str) -> tuple[str, tzinfo, str | None]:
        name = known_zone_name(tzid)
        if name is not None and zone(name) is not None:
            return name, zone(name), None  # type: ignore[return-value]
        block = self.definitions.get(tzid.strip().strip('"'))
        custom = _custom_zone(block) if block else None
        if custom is not None:
            return custom
        fallback = zone(self.fallback) or SHANGHAI
        return self.fallback, fallback, f"unknown zone '{tzid}' read as {self.fallback}"

    def iana_name(self, key: str, tz: tzinfo) -> str:
        """The IANA name to store for a resolved zone (custom zones: the closest known one)."""
        if not key.startswith("huiju-tz-"):
            return key
        offset = tz.utcoffset(datetime(2024, 1, 15)) or timedelta(0)
        return OFFSET_ZONES.get(int(offset.total_seconds() // 60), self.fallback)


@lru_cache(maxsize=256)
def _custom_zone(block: str) -> tuple[str, tzinfo, str | None] | None:
    """Build a feed-defined VTIMEZONE and register it under a content-addressed TZID."""
    key = "huiju-tz-" + hashlib.sha256(block.encode("utf-8", "surrogatepass")).hexdigest()[:16]
    try:
        component = Timezone.from_ical(block)
        written = str(component["TZID"])
        component["TZID"] = key
        tz = component.to_tz(tzp, lookup_tzid=False)
        tzp.cache_timezone_component(component)
        tz.utcoffset(datetime(2024, 1, 15))
    except Exception:
        return None
    return key, tz, f"zone '{written}' taken from the feed's VTIMEZONE"


def _tzid_of(block: str) -> str | None:
    """The TZID line of a raw VTIMEZONE block."""
    for line in block.split("\r\n"):
        if line.startswith("TZID"):
            return line.partition(":")[2].strip().strip('"')
    return None


@lru_cache(maxsize=64)
def resolver_for(
    timezones: tuple[str, ...], x_wr_timezone: str | None, default_tz: str
) -> ZoneResolver:
    """The resolver of a feed context; cached so a feed's zones are built once per sync."""
    definitions = {tzid: block for block in timezones if (tzid := _tzid_of(block))}
    fallback = known_zone_name(x_wr_timezone) if x_wr_timezone else None
    if fallback is None or zone(fallback) is None:
        fallback = default_tz if zone(default_tz) is not None else "Asia/Shanghai"
    return ZoneResolver(definitions, fallback)
