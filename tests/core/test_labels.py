"""Zones, countries, staff timestamps and addresses as the reader's locale writes them."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
from flask import Flask, render_template_string

from core.app import create_app

AT = datetime(2026, 12, 2, 3, 59, tzinfo=UTC)


@pytest.fixture(scope="module")
def site() -> Iterator[Flask]:
    yield create_app({"SQLALCHEMY_DATABASE_URI": "sqlite://", "SECRET_KEY": "test"})


def render(site: Flask, lang: str, source: str, **context: object) -> str:
    with site.test_request_context(f"/{lang}/"):
        return render_template_string(source, **context)


@pytest.mark.parametrize(
    ("zone", "en", "zh"),
    [
        ("Europe/Berlin", "Berlin time", "柏林时间"),
        ("America/Los_Angeles", "Los Angeles time", "洛杉矶时间"),
        ("Asia/Shanghai", "Shanghai time", "上海时间"),
        ("UTC", "UTC", "UTC"),
        ("Mars/Olympus_Mons", "Mars/Olympus_Mons", "Mars/Olympus_Mons"),
    ],
)
def test_zones_are_named_by_their_city(site: Flask, zone: str, en: str, zh: str) -> None:
    assert render(site, "en", "{{ z|zone_label }}", z=zone) == en
    assert render(site, "zh", "{{ z|zone_label }}", z=zone) == zh


def test_countries_are_named_not_coded(site: Flask) -> None:
    assert render(site, "zh", "{{ 'NO'|country_name }} {{ 'de'|country_name }}") == "挪威 德国"
    assert render(site, "en", "{{ 'NO'|country_name }}") == "Norway"
    assert render(site, "en", "{{ 'XQ'|country_name }}") == "XQ"


def test_a_staff_timestamp_is_localised_and_says_its_zone(site: Flask) -> None:
    en = render(site, "en", "{{ at|staff_time }}", at=AT)
    zh = render(site, "zh", "{{ at|staff_time }}", at=AT)
    assert '<time class="staff-time" datetime="2026-12-02T03:59:00+00:00">' in en
    assert "Dec 2, 2026, 11:59\u202fAM</time>" in en or "Dec 2, 2026, 11:59 AM</time>" in en
    assert en.endswith('<span class="zone">Shanghai time</span>')
    assert ">2026年12月2日 11:59</time>" in zh and zh.endswith('<span class="zone">上海时间</span>')
    assert render(site, "en", "{{ none|staff_time }}", none=None) == ""


def test_an_address_wraps_after_its_slashes_and_stays_escaped(site: Flask) -> None:
    out = render(site, "en", "{{ u|breakable_url }}", u="https://a.example/feeds/x.ics?k=<b>")
    parts = ["https:/", "/", "a", ".example/", "feeds/", "x", ".ics", "?k=&lt;b&gt;"]
    assert out == "<wbr>".join(f'<span class="url-part">{p}</span>' for p in parts)
