"""The figures Huiju measures itself, from its own records — pure: facts in, numbers out.

``queries.derived_facts`` reads the facts (events, links, leads, sync runs) from the database;
each measure here turns the facts of one base and one period into a number, or ``None`` when
the data says nothing (no sync run at all in the period: the feed's health is unknown, not 0).
Days are the office's (Shanghai) days, as the period's bounds are.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date

from indicators.periods import Period, parse_period

HOME_COUNTRY = "CN"


@dataclass(frozen=True)
class Place:
    region: str
    country: str


@dataclass(frozen=True)
class EventFact:
    partner: str  # slug of the partner whose feed lists the event
    day: date
    language: str  # "zh" | "en"
    cluster: int | None  # events listed by several partners share a cluster


@dataclass(frozen=True)
class LinkFact:
    a: str
    b: str
    since: date  # the link's own date, else the day it was recorded
    until: date | None = None


@dataclass(frozen=True)
class LeadFact:
    introduced_by: str
    landed_on: date


@dataclass(frozen=True)
class SyncFact:
    partner: str
    day: date
    healthy: bool  # applied, unchanged or not modified; not failed nor held


@dataclass
class Facts:
    places: dict[str, Place]
    events: list[EventFact] = field(default_factory=list)
    links: list[LinkFact] = field(default_factory=list)
    leads: list[LeadFact] = field(default_factory=list)
    syncs: list[SyncFact] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.cluster_members: dict[int, set[str]] = defaultdict(set)
        self.by_partner: dict[str, list[EventFact]] = defaultdict(list)
        for e in self.events:
            self.by_partner[e.partner].append(e)
            if e.cluster is not None:
                self.cluster_members[e.cluster].add(e.partner)

    def co_hosts(self, event: EventFact) -> set[str]:
        """The other partners listing the same real-world event."""
        if event.cluster is None:
            return set()
        return self.cluster_members[event.cluster] - {event.partner}


def _events(facts: Facts, partner: str, period: Period) -> list[EventFact]:
    return [e for e in facts.by_partner.get(partner, ()) if period.contains(e.day)]


def events_held(facts: Facts, partner: str, period: Period) -> float:
    return float(len(_events(facts, partner, period)))


def international_events(facts: Facts, partner: str, period: Period) -> float:
    """Held in English, or co-hosted with a partner outside China."""

    def international(e: EventFact) -> bool:
        return e.language == "en" or any(
            _country(facts, other) != HOME_COUNTRY for other in facts.co_hosts(e)
        )

    return float(sum(1 for e in _events(facts, partner, period) if international(e)))


def cross_region_events(facts: Facts, partner: str, period: Period) -> float:
    """Co-hosted with a partner of another region (another province, or overseas)."""
    home = facts.places[partner].region if partner in facts.places else ""
    return float(
        sum(
            1
            for e in _events(facts, partner, period)
            if any(_region(facts, other) != home for other in facts.co_hosts(e))
        )
    )


def new_links(facts: Facts, partner: str, period: Period) -> float:
    return float(
        sum(
            1 for link in facts.links if partner in (link.a, link.b) and period.contains(link.since)
        )
    )


def international_links(facts: Facts, partner: str, period: Period) -> float:
    """Links in force during the period with a partner outside China."""
    count = 0
    for link in facts.links:
        if partner not in (link.a, link.b) or link.since >= period.end:
            continue
        if link.until is not None and link.until < period.start:
            continue
        other = link.b if link.a == partner else link.a
        count += _country(facts, other) != HOME_COUNTRY
    return float(count)


def leads_landed(facts: Facts, partner: str, period: Period) -> float:
    return float(
        sum(
            1
            for lead in facts.leads
            if lead.introduced_by == partner and period.contains(lead.landed_on)
        )
    )


def feed_health(facts: Facts, partner: str, period: Period) -> float | None:
    """Per cent of the period's sync runs of the base's feeds that left them healthy."""
    runs = [s for s in facts.syncs if s.partner == partner and period.contains(s.day)]
    if not runs:
        return None
    return round(100.0 * sum(s.healthy for s in runs) / len(runs), 1)


def _country(facts: Facts, partner: str) -> str:
    return facts.places[partner].country if partner in facts.places else HOME_COUNTRY


def _region(facts: Facts, partner: str) -> str:
    return facts.places[partner].region if partner in facts.places else ""


Measure = Callable[[Facts, str, Period], float | None]
MEASURES: dict[str, Measure] = {
    "events_held": events_held,
    "international_events": international_events,
    "cross_region_events": cross_region_events,
    "new_links": new_links,
    "international_links": international_links,
    "leads_landed": leads_landed,
    "feed_health": feed_health,
}

Values = dict[tuple[str, str, str], float]  # (partner slug, period, indicator code) → value


def derive(
    facts: Facts, partners: Iterable[str], periods: Iterable[str], codes: Iterable[str]
) -> Values:
    """Every derived figure of ``codes`` for each base and period the data says something of."""
    values: Values = {}
    wanted = [c for c in codes if c in MEASURES]
    for period in periods:
        parsed = parse_period(period)
        for partner in partners:
            for code in wanted:
                value = MEASURES[code](facts, partner, parsed)
                if value is not None:
                    values[(partner, period, code)] = value
    return values
