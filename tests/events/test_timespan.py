"""One rule for an event's time in both locales: same day, several days, no end, all day."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from babel import Locale

from events import timespan

TODAY = date(2026, 12, 7)
EN, ZH = Locale.parse("en"), Locale.parse("zh_Hans_CN")
EVENING = datetime(2026, 12, 10, 19, 0)


def timed(*args: object) -> str:
    return plain(timespan.timed(*args))


def all_day(*args: object) -> str:
    return plain(timespan.all_day(*args))


def plain(text: str) -> str:
    """CLDR's thin and narrow no-break spaces (kept on the page) as plain spaces."""
    return text.replace("\u2009", " ").replace("\u202f", " ")


@pytest.mark.parametrize(
    ("locale", "expected"),
    [(EN, "Thu, Dec 10, 7:00 – 9:00 PM"), (ZH, "12月10日周四 19:00–21:00")],
)
def test_same_day(locale: Locale, expected: str) -> None:
    assert timed(EVENING, EVENING.replace(hour=21), locale, TODAY) == expected


@pytest.mark.parametrize(
    ("locale", "expected"),
    [(EN, "Thu, Dec 10, 9:00 AM – 6:00 PM"), (ZH, "12月10日周四 09:00–18:00")],
)
def test_same_day_across_noon_keeps_one_clock(locale: Locale, expected: str) -> None:
    assert timed(EVENING.replace(hour=9), EVENING.replace(hour=18), locale, TODAY) == expected


@pytest.mark.parametrize(
    ("locale", "expected"),
    [
        (EN, "Thu, Dec 10, 7:00 PM – Sat, Dec 12, 5:00 PM"),
        (ZH, "12月10日周四 19:00 – 12月12日周六 17:00"),
    ],
)
def test_several_days(locale: Locale, expected: str) -> None:
    assert timed(EVENING, datetime(2026, 12, 12, 17, 0), locale, TODAY) == expected


@pytest.mark.parametrize(
    ("locale", "expected"), [(EN, "Thu, Dec 10, 7:00 PM"), (ZH, "12月10日周四 19:00")]
)
def test_no_end(locale: Locale, expected: str) -> None:
    assert timed(EVENING, None, locale, TODAY) == expected
    assert timed(EVENING, EVENING, locale, TODAY) == expected


@pytest.mark.parametrize(
    ("locale", "expected"), [(EN, "Fri, Dec 10, 2027, 7:00 PM"), (ZH, "2027年12月10日周五 19:00")]
)
def test_year_only_when_not_this_one(locale: Locale, expected: str) -> None:
    assert timed(EVENING.replace(year=2027), None, locale, TODAY) == expected


@pytest.mark.parametrize(
    ("locale", "one", "three", "new_year"),
    [
        (EN, "Thu, Dec 10", "Thu, Dec 10 – Sat, Dec 12", "Wed, Dec 30, 2026 – Sat, Jan 2, 2027"),
        (ZH, "12月10日周四", "12月10日周四至12日周六", "2026年12月30日周三至2027年1月2日周六"),
    ],
)
def test_all_day(locale: Locale, one: str, three: str, new_year: str) -> None:
    assert all_day(date(2026, 12, 10), date(2026, 12, 11), locale, TODAY) == one
    assert all_day(date(2026, 12, 10), None, locale, TODAY) == one
    assert all_day(date(2026, 12, 10), date(2026, 12, 13), locale, TODAY) == three
    assert all_day(date(2026, 12, 30), date(2027, 1, 3), locale, TODAY) == new_year


def test_24_hours_where_the_locale_says_so() -> None:
    assert timed(EVENING, None, Locale.parse("en_GB"), TODAY) == "Thu 10 Dec, 19:00"
