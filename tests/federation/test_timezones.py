"""TZID resolution: IANA, Windows, labels, Chinese mail oddities, feed VTIMEZONEs, fallback."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from federation.timezones import known_zone_name, resolver_for

CUSTOM = (
    "BEGIN:VTIMEZONE\r\nTZID:Customized Time Zone\r\nBEGIN:STANDARD\r\nDTSTART:16010101T000000\r\n"
    "TZOFFSETFROM:+0530\r\nTZOFFSETTO:+0530\r\nEND:STANDARD\r\nEND:VTIMEZONE"
)


@pytest.mark.parametrize(
    ("tzid", "expected"),
    [
        ("Asia/Shanghai", "Asia/Shanghai"),
        ('"Asia/Shanghai"', "Asia/Shanghai"),
        ("China Standard Time", "Asia/Shanghai"),
        ("W. Europe Standard Time", "Europe/Berlin"),
        ("GMT Standard Time", "Europe/London"),
        ("Tokyo Standard Time", "Asia/Tokyo"),
        ("(UTC+08:00) Beijing, Chongqing, Hong Kong, Urumqi", "Asia/Shanghai"),
        ("(UTC-05:00) Eastern Time (US & Canada)", "America/New_York"),
        ("(UTC+03:00) Somewhere", "Etc/GMT-3"),
        ("+8", "Asia/Shanghai"),
        ("CST8", "Asia/Shanghai"),
        ("Xmail Custome Time", "Asia/Shanghai"),
        ("GMT+0800", "Asia/Shanghai"),
        ("/softwarestudio.org/Olson_20011030_5/Europe/Paris", "Europe/Paris"),
        ("tzone://Microsoft/Custom", None),
        ("Germany/Berlin", None),
    ],
)
def test_known_zone_names(tzid: str, expected: str | None) -> None:
    assert known_zone_name(tzid) == expected


def test_unknown_zone_falls_back_to_x_wr_timezone_with_note() -> None:
    resolver = resolver_for((), "Europe/Berlin", "Asia/Shanghai")
    name, tz, note = resolver.resolve("Foo")
    assert name == "Europe/Berlin" and note == "unknown zone 'Foo' read as Europe/Berlin"


def test_unknown_zone_falls_back_to_default() -> None:
    assert resolver_for((), None, "Asia/Shanghai").resolve("Foo")[0] == "Asia/Shanghai"
    assert resolver_for((), "Not/AZone", "Asia/Tokyo").fallback == "Asia/Tokyo"


def test_feed_vtimezone_is_used_for_unknown_names() -> None:
    resolver = resolver_for((CUSTOM,), None, "Asia/Shanghai")
    key, tz, note = resolver.resolve("Customized Time Zone")
    assert key.startswith("huiju-tz-") and note and "VTIMEZONE" in note
    assert tz.utcoffset(datetime(2024, 6, 1)) == timedelta(hours=5, minutes=30)


def test_broken_vtimezone_falls_back() -> None:
    broken = "BEGIN:VTIMEZONE\r\nTZID:Broken\r\nEND:VTIMEZONE"
    assert resolver_for((broken,), None, "Asia/Shanghai").resolve("Broken")[0] == "Asia/Shanghai"
