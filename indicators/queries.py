"""Reads for the indicator pages and commands: the bases, the framework in force, the periods,
reported figures, and the facts the derived figures are measured from."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import select

from core.extensions import db
from core.office import SHANGHAI
from events.models import Event
from federation.models import Feed, SyncRun
from indicators import derived, index
from indicators.defaults import DEFAULT
from indicators.framework import Framework, from_json
from indicators.models import FrameworkVersion, IndicatorPeriod, IndicatorValue
from indicators.periods import parse_period, sort_periods
from partners.leads.models import Lead, Stage
from partners.models import Link, Partner
from partners.regions import Region

HEALTHY_OUTCOMES = ("ok", "unchanged", "not_modified")
COORDINATOR_KINDS = ("government",)  # the alliance office coordinates; it reports no figures


def bases() -> list[Partner]:
    """The alliance's bases: its members, but not the office that coordinates them."""
    query = select(Partner).where(
        Partner.alliance_member.is_(True), Partner.kind.not_in(COORDINATOR_KINDS)
    )
    order = {region.value: n for n, region in enumerate(Region)}  # Shanghai first, overseas last
    return sorted(db.session.scalars(query), key=lambda p: (order.get(p.region, 99), p.name_en))


def base(slug: str) -> Partner | None:
    return next((p for p in bases() if p.slug == slug), None)


def base_names(partners: Iterable[Partner]) -> dict[str, str]:
    """A base's slug and both names, case-folded → slug (how spreadsheets name bases)."""
    names = {}
    for p in partners:
        for name in (p.slug, p.name_zh, p.name_en):
            if name:
                names[" ".join(name.split()).casefold()] = p.slug
    return names


def stored_framework() -> FrameworkVersion | None:
    return db.session.scalars(
        select(FrameworkVersion).order_by(FrameworkVersion.version.desc()).limit(1)
    ).first()


def framework_in_force() -> Framework:
    """The newest imported framework, or the default one until staff import their own."""
    stored = stored_framework()
    return from_json(stored.definition) if stored else DEFAULT


def framework_for(period: str) -> Framework:
    """The framework a period's figures were reported under (the one in force if none yet)."""
    row = db.session.scalars(
        select(IndicatorPeriod).where(IndicatorPeriod.period == period)
    ).first()
    return from_json(row.framework.definition) if row else framework_in_force()


def periods() -> list[str]:
    """Every period with figures, in time order."""
    return sort_periods(list(db.session.scalars(select(IndicatorPeriod.period))))


def reported(partner_ids: Iterable[int] | None = None) -> index.Values:
    query = select(
        Partner.slug, IndicatorValue.period, IndicatorValue.code, IndicatorValue.value
    ).join(Partner, Partner.id == IndicatorValue.partner_id)
    if partner_ids is not None:
        query = query.where(IndicatorValue.partner_id.in_(list(partner_ids)))
    return {(slug, period, code): value for slug, period, code, value in db.session.execute(query)}


def facts(period_list: list[str] | None = None) -> derived.Facts:
    """What Huiju knows itself, as the values ``indicators.derived`` measures from; events
    and sync runs only within the periods (a day's margin for the office's zone)."""
    window = _window(period_list)
    partners = db.session.execute(
        select(Partner.id, Partner.slug, Partner.region, Partner.country)
    ).all()
    slug = {pid: s for pid, s, _, _ in partners}
    places = {s: derived.Place(region, country) for _, s, region, country in partners}
    events = db.session.execute(
        select(Event.partner_id, Event.start_at, Event.language, Event.cluster_id).where(
            Event.removed_at.is_(None),
            Event.status != "cancelled",
            Event.start_at.between(*window),
        )
    )
    links = db.session.execute(
        select(Link.source_id, Link.target_id, Link.since, Link.until, Link.created_at)
    )
    leads = db.session.execute(
        select(Lead.introduced_by_id, Lead.landed_at).where(
            Lead.stage == Stage.LANDED,
            Lead.introduced_by_id.is_not(None),
            Lead.landed_at.is_not(None),
        )
    )
    runs = db.session.execute(
        select(Feed.partner_id, SyncRun.started_at, SyncRun.outcome)
        .join(Feed, Feed.id == SyncRun.feed_id)
        .where(SyncRun.started_at.between(*window))
    )
    return derived.Facts(
        places,
        events=[derived.EventFact(slug[p], _day(start), lang, c) for p, start, lang, c in events],
        links=[
            derived.LinkFact(slug[a], slug[b], since or _day(created), until)
            for a, b, since, until, created in links
        ],
        leads=[derived.LeadFact(slug[p], _day(at)) for p, at in leads],
        syncs=[
            derived.SyncFact(slug[p], _day(at), outcome in HEALTHY_OUTCOMES)
            for p, at, outcome in runs
        ],
    )


def _window(period_list: list[str] | None) -> tuple[datetime, datetime]:
    if not period_list:
        return datetime(1900, 1, 1, tzinfo=UTC), datetime(2200, 1, 1, tzinfo=UTC)
    parsed = [parse_period(p) for p in period_list]
    start = datetime.combine(min(p.start for p in parsed), time(), UTC) - timedelta(days=1)
    end = datetime.combine(max(p.end for p in parsed), time(), UTC) + timedelta(days=1)
    return start, end


def _day(moment: datetime) -> date:
    """An aware UTC timestamp → the office's (Shanghai) day, the days periods are made of."""
    return moment.astimezone(SHANGHAI).date()


def derived_values(framework: Framework, slugs: list[str], period_list: list[str]) -> index.Values:
    return derived.derive(
        facts(period_list), slugs, period_list, [i.code for i in framework.derived]
    )


@dataclass
class Monitoring:
    """Everything a page or report shows: the framework, the bases, the figures, the index."""

    framework: Framework
    bases: list[Partner]
    periods: list[str]
    values: index.Values  # reported and derived
    result: index.IndexResult | None

    @property
    def base_period(self) -> str | None:
        return self.result.base_period if self.result else None


def monitoring(
    base_period: str | None = None, framework: Framework | None = None, like: str | None = None
) -> Monitoring:
    """The framework in force over every period with figures; the index on ``base_period``
    (the earliest year, else the earliest period, when not given)."""
    framework = framework or framework_in_force()
    partners = bases()
    period_list = periods()
    slugs = [p.slug for p in partners]
    values = {
        k: v for k, v in reported([p.id for p in partners]).items() if framework.indicator(k[2])
    }
    values.update(derived_values(framework, slugs, period_list))
    base_period = base_period or default_base(period_list, like)
    result = index.compute(framework, values, slugs, base_period) if base_period else None
    return Monitoring(framework, partners, period_list, values, result)


def default_base(period_list: list[str], like: str | None = None) -> str | None:
    """The earliest year (the earliest quarter when ``like`` is a quarter, or when there are
    only quarters): the period = 100 unless one is chosen."""
    quarterly = bool(like and parse_period(like).quarter)
    same = [p for p in period_list if bool(parse_period(p).quarter) == quarterly]
    return (same or period_list or [None])[0]


def missing(
    framework: Framework, partners: list[Partner], values: index.Values, period: str
) -> list[tuple[Partner, list]]:
    """Each base with the reported indicators it has no figure for in ``period``."""
    out = []
    for p in partners:
        gaps = [i for i in framework.reported if (p.slug, period, i.code) not in values]
        if gaps:
            out.append((p, gaps))
    return out
