"""The duplicate matcher on realistic cross-partner listings and near-misses (no database)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from events.dedupe import MERGE, REVIEW, Listing, groups, matches, normalise, score

SLUSH_START = datetime(2026, 11, 20, 1, 30, tzinfo=UTC)  # 09:30 in Shanghai


def listing(
    n: int,
    partner: int,
    titles: tuple[str, ...],
    start: datetime = SLUSH_START,
    places: tuple[str, ...] = (),
    url: str = "",
    **extra: object,
) -> Listing:
    return Listing(
        n,
        feed_id=partner,
        partner_id=partner,
        uid=f"u{n}",
        titles=titles,
        places=places,
        url=url,
        start_at=start,
        **extra,
    )


def test_normalise_strips_years_and_middle_dots() -> None:
    assert normalise("Slush Shanghai 2026 · Day 1").split() == ["slush", "shanghai", "day", "1"]


def test_slush_in_two_partners_feeds_matches() -> None:
    slush = listing(
        1,
        1,
        ("Slush Shanghai 2026",),
        places=("Yangpu Riverside",),
        url="https://slush.org/shanghai",
    )
    gew = listing(
        2,
        2,
        ("Slush Shanghai", "Slush 上海国际创投大会"),
        start=SLUSH_START + timedelta(hours=1),
        places=("杨浦滨江", "Yangpu Riverside"),
    )
    assert score(slush, gew) >= MERGE


def test_chinese_only_listings_match_on_bigrams() -> None:
    a = listing(1, 1, ("2026全球创业周中国站·开幕式",), places=("长阳创谷",))
    b = listing(2, 2, ("全球创业周中国站开幕式",), places=("上海长阳创谷",))
    assert score(a, b) >= MERGE


def test_same_title_on_another_day_does_not_merge() -> None:
    a = listing(1, 1, ("AI Demo Day",))
    b = listing(2, 2, ("AI Demo Day",), start=SLUSH_START + timedelta(days=7))
    assert score(a, b) is None


def test_same_day_different_event_does_not_merge() -> None:
    a = listing(1, 1, ("Fintech salon",), places=("SUFE Finance Valley",))
    b = listing(2, 2, ("Integrated circuits bootcamp",), places=("SUFE Finance Valley",))
    scored = score(a, b)  # the same day, two partners: compared, and found different
    assert scored is not None and scored < REVIEW


def test_start_more_than_three_hours_apart_does_not_merge() -> None:
    a = listing(1, 1, ("Slush Shanghai",))
    b = listing(2, 2, ("Slush Shanghai",), start=SLUSH_START + timedelta(hours=4))
    assert score(a, b) is None


def test_one_partner_never_matches_itself() -> None:
    a = listing(1, 1, ("Office hours",))
    b = Listing(2, 1, 1, "u2", ("Office hours",), (), "", SLUSH_START)
    assert score(a, b) is None


def test_all_day_listings_match_by_date() -> None:
    a = listing(1, 1, ("长三角双创周",), all_day_on=date(2026, 11, 20))
    b = listing(2, 2, ("长三角双创周 2026",), all_day_on=date(2026, 11, 20))
    assert score(a, b) >= MERGE


def test_matches_and_groups_respect_split_decisions() -> None:
    items = [
        listing(1, 1, ("Slush Shanghai",)),
        listing(2, 2, ("Slush Shanghai",)),
        listing(3, 3, ("Slush Shanghai",)),
        listing(4, 4, ("Something else",)),
    ]
    found = matches(items, floor=MERGE)
    assert {(m.a, m.b) for m in found} == {(1, 2), (1, 3), (2, 3)}
    pairs = [(m.a, m.b) for m in found]
    assert groups({1, 2, 3}, pairs, set()) == [{1, 2, 3}]
    assert groups({1, 2, 3}, pairs, {(1, 3)}) == [{1, 2}]
