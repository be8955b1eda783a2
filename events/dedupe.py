"""Which listings from different partners are the same real-world event (pure).

A pair matches when its normalised titles are similar (CJK bigram and Latin word Jaccard, in
any language pairing, so "Slush Shanghai" finds "Slush 上海国际创投大会"), it starts the same
Shanghai day within three hours, and its place or link agrees; listings of one feed or one
partner never match each other (a partner's own two sessions are two events).
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left, bisect_right
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import lru_cache
from urllib.parse import urlsplit

from core.cjk import HAN_RUN
from core.office import SHANGHAI

TOLERANCE = timedelta(hours=3)
MERGE = 0.72  # at or above: merged automatically
REVIEW = 0.45  # from here to MERGE: listed for staff review
_YEAR = re.compile(r"(?<!\d)(19|20)\d{2}(?!\d)")
_LATIN = re.compile(r"[^\W_]+")
_STOP = frozenset({"the", "of", "and", "a", "an", "in", "at", "for", "on", "to", "with", "by"})


@dataclass(frozen=True)
class Listing:
    id: int
    feed_id: int
    partner_id: int
    uid: str
    titles: tuple[str, ...]
    places: tuple[str, ...]
    url: str
    start_at: datetime
    all_day_on: date | None = None


@dataclass(frozen=True)
class Match:
    a: int
    b: int
    score: float


def normalise(text: str) -> str:
    """Case-folded, NFKC, without years, punctuation and the middle dot."""
    text = unicodedata.normalize("NFKC", text or "").casefold().replace("·", " ")
    return _YEAR.sub(" ", text)


@lru_cache(maxsize=8192)  # a day's listings are compared pairwise: each title many times
def features(text: str) -> frozenset[str]:
    """CJK character bigrams (single characters for one-character runs) and Latin words."""
    text = normalise(text)
    out: set[str] = set()
    for run in HAN_RUN.findall(text):
        out.update(run[i : i + 2] for i in range(max(1, len(run) - 1)))
    out.update(w for w in _LATIN.findall(HAN_RUN.sub(" ", text)) if w not in _STOP)
    return frozenset(out)


def jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    if not a or not b:
        return 0.0
    shared = len(a & b)  # the union's size without building it: the matcher's hottest line
    return shared / (len(a) + len(b) - shared)


def text_similarity(left: Iterable[str], right: Iterable[str]) -> float:
    """The best Jaccard over every pairing of the two sides' texts (zh–zh, en–en, en–zh)."""
    return _best(all_features(left), all_features(right))


def all_features(texts: Iterable[str]) -> tuple[frozenset[str], ...]:
    return tuple(features(t) for t in texts if t)


def _best(left: tuple[frozenset[str], ...], right: tuple[frozenset[str], ...]) -> float:
    return max((jaccard(x, y) for x in left for y in right), default=0.0)


def same_time(a: Listing, b: Listing) -> bool:
    if a.all_day_on or b.all_day_on:
        return a.all_day_on == b.all_day_on or (
            a.start_at.astimezone(SHANGHAI).date() == b.start_at.astimezone(SHANGHAI).date()
        )
    same_day = a.start_at.astimezone(SHANGHAI).date() == b.start_at.astimezone(SHANGHAI).date()
    return same_day and abs(a.start_at - b.start_at) <= TOLERANCE


def _link(url: str) -> str:
    parts = urlsplit(url or "")
    if not parts.netloc:
        return ""
    return parts.netloc.lower().removeprefix("www.") + parts.path.rstrip("/")


def place_or_link(a: Listing, b: Listing) -> float:
    """1.0 for the same link, else how alike the places are (0.5 when neither gives one)."""
    if _link(a.url) and _link(a.url) == _link(b.url):
        return 1.0
    if not any(a.places) or not any(b.places):
        return 0.5
    return min(1.0, 2 * text_similarity(a.places, b.places))


def score(a: Listing, b: Listing) -> float | None:
    """How sure we are that ``a`` and ``b`` are one event; None when they cannot be."""
    return _score(a, b, all_features(a.titles), all_features(b.titles))


def _score(
    a: Listing,
    b: Listing,
    a_titles: tuple[frozenset[str], ...],
    b_titles: tuple[frozenset[str], ...],
) -> float | None:
    """:func:`score`, the titles' features given (the matcher computes each listing's once)."""
    if a.feed_id == b.feed_id or a.partner_id == b.partner_id or not same_time(a, b):
        return None
    title = _best(a_titles, b_titles)
    if title < 0.3:
        return 0.0
    return round(0.75 * title + 0.25 * place_or_link(a, b), 3)


def day(start_at: datetime, all_day_on: date | None = None) -> date:
    """The Shanghai day a listing is compared on: only listings of one day can match."""
    return all_day_on or start_at.astimezone(SHANGHAI).date()


def matches(listings: Iterable[Listing], floor: float = REVIEW) -> list[Match]:
    """Every pair scoring at least ``floor``; only listings of one Shanghai day and of
    different partners are compared (a partner's own listings never match), except the
    same UID at the same time in two feeds of one partner (:func:`same_listing`).

    Of two timed listings, only those starting within ``TOLERANCE`` of each other are scored
    (each partner's listings of the day sorted by start, the others' found by bisection): a
    busy day of 280 listings from 50 partners has 39,000 pairs, most hours apart."""
    by_day: dict[date, dict[int, list[Listing]]] = defaultdict(lambda: defaultdict(list))
    for listing in listings:
        by_day[day(listing.start_at, listing.all_day_on)][listing.partner_id].append(listing)
    found = []
    for partners in by_day.values():
        sides = [_Side(side) for side in partners.values()]
        for i, left in enumerate(sides):
            found.extend(same_listing(left.listings))
            for right in sides[i + 1 :]:
                found.extend(_scored(left, right, floor))
    return sorted(found, key=lambda m: (m.a, m.b))


class _Side:
    """One partner's listings of one day: the timed ones by start, and the all-day ones."""

    def __init__(self, listings: list[Listing]) -> None:
        self.listings = listings
        self.timed = sorted((x for x in listings if not x.all_day_on), key=lambda x: x.start_at)
        self.starts = [x.start_at for x in self.timed]
        self.all_day = [x for x in listings if x.all_day_on]
        self.titles = {x.id: all_features(x.titles) for x in listings}

    def near(self, listing: Listing) -> Iterable[Listing]:
        """Those of this side that may be at the same time as ``listing`` (:func:`same_time`
        decides): all of them for an all-day listing, else the timed ones within
        ``TOLERANCE`` of its start and the all-day ones."""
        if listing.all_day_on:
            return self.listings
        low = bisect_left(self.starts, listing.start_at - TOLERANCE)
        high = bisect_right(self.starts, listing.start_at + TOLERANCE)
        return [*self.timed[low:high], *self.all_day]


def same_listing(listings: list[Listing]) -> Iterable[Match]:
    """One partner's listings with one UID and start in two feeds are one event (RFC 5545
    UIDs are global): a partner subscribed through another Huiju site's feed in both its
    languages, or a calendar both pulled and uploaded."""
    first: dict[tuple[str, datetime], Listing] = {}
    for listing in listings:
        key = (listing.uid, listing.start_at)
        seen = first.setdefault(key, listing)
        if seen.feed_id != listing.feed_id:
            yield Match(min(seen.id, listing.id), max(seen.id, listing.id), 1.0)


def _scored(left: _Side, right: _Side, floor: float) -> Iterable[Match]:
    for a in left.listings:
        a_titles = left.titles[a.id]
        for b in right.near(a):
            value = _score(a, b, a_titles, right.titles[b.id])
            if value is not None and value >= floor:
                yield Match(min(a.id, b.id), max(a.id, b.id), value)


def groups(
    ids: Iterable[int], merged: Iterable[tuple[int, int]], split: set[tuple[int, int]]
) -> list[set[int]]:
    """Connected groups of ``merged`` pairs, never joining a pair staff split (union-find).
    Each root keeps its members, so a union costs its groups' sizes, not a scan of every id
    (two partners listing the same 3,000 events took seconds, inside the sync's write)."""
    parent = {i: i for i in ids}
    members = {i: {i} for i in parent}

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for a, b in merged:
        if a in parent and b in parent and (min(a, b), max(a, b)) not in split:
            ra, rb = root(a), root(b)
            if ra == rb:
                continue
            if not any((min(x, y), max(x, y)) in split for x in members[ra] for y in members[rb]):
                parent[ra] = rb
                members[rb] |= members.pop(ra)
    out: dict[int, set[int]] = defaultdict(set)
    for i in parent:
        out[root(i)].add(i)
    return [g for g in out.values() if len(g) > 1]
