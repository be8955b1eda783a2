"""The duplicate matcher on realistic cross-partner listings and near-misses (no database)."""

from __future__ import annotations

from collections import defaultdict
from datetime import UTC, date, datetime, timedelta

from hypothesis import example, given, settings
from hypothesis import strategies as st

from core.office import SHANGHAI
from events.dedupe import (
    MERGE,
    REVIEW,
    Listing,
    Match,
    day,
    groups,
    matches,
    normalise,
    same_listing,
    score,
)

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


def _every_pair(listings: list[Listing], floor: float) -> list[Match]:
    """The matcher as it was, every pair of a day's listings of two partners scored: the
    model the fast matcher must agree with."""
    by_day: dict[date, dict[int, list[Listing]]] = defaultdict(lambda: defaultdict(list))
    for x in listings:
        by_day[day(x.start_at, x.all_day_on)][x.partner_id].append(x)
    found = []
    for partners in by_day.values():
        sides = list(partners.values())
        for i, left in enumerate(sides):
            found.extend(same_listing(left))
            for right in sides[i + 1 :]:
                for a in left:
                    for b in right:
                        value = score(a, b)
                        if value is not None and value >= floor:
                            found.append(Match(min(a.id, b.id), max(a.id, b.id), value))
    return sorted(found, key=lambda m: (m.a, m.b))


TITLES = ("Demo Day", "Demo Day Shanghai", "AI 路演", "人工智能路演", "Founders salon", "创业沙龙")
PLACES = ("", "长阳创谷", "KIC Plaza", "Yangpu")


@settings(max_examples=150, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.integers(0, 3),  # partner
            st.integers(0, 1),  # feed of that partner
            st.integers(0, 24),  # start, in half hours from 15:00 in Shanghai: past midnight
            st.booleans(),  # all day
            st.sampled_from(TITLES),
            st.sampled_from(PLACES),
            st.integers(0, 2),  # uid
        ),
        max_size=40,
    )
)
@example([(0, 0, 0, False, "Demo Day", "", 0), (1, 0, 6, False, "Demo Day", "", 1)])  # +3 h
@example([(0, 0, 6, False, "Demo Day", "", 0), (1, 0, 0, False, "Demo Day", "", 1)])  # -3 h
@example([(0, 0, 12, False, "创业沙龙", "", 0), (1, 0, 0, True, "创业沙龙", "", 1)])  # all day
@example([(0, 0, 17, False, "AI 路演", "", 0), (1, 0, 19, False, "AI 路演", "", 1)])  # midnight
def test_the_fast_matcher_finds_exactly_the_pairs_scored_one_by_one(rows: list) -> None:
    """Starts exactly three hours apart, across Shanghai's midnight, all-day listings beside
    timed ones, one partner's two feeds: bisection by start misses no pair and adds none."""
    base = datetime(2026, 11, 20, 7, 0, tzinfo=UTC)  # 15:00 in Shanghai
    listings = []
    for n, (partner, feed, step, all_day, title, place, uid) in enumerate(rows):
        start = base + timedelta(minutes=30 * step)
        on = start.astimezone(SHANGHAI).date() if all_day else None
        listings.append(
            Listing(n, partner * 2 + feed, partner, f"u{uid}", (title,), (place,), "", start, on)
        )
    for floor in (REVIEW, MERGE):
        assert matches(listings, floor) == _every_pair(listings, floor)
