"""Reading events for pages, feeds, the API and the staff review of duplicates (no writes
here)."""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Select,
    String,
    and_,
    cast,
    false,
    func,
    literal_column,
    or_,
    select,
)
from sqlalchemy.dialects import postgresql
from sqlalchemy.dialects.postgresql import aggregate_order_by
from sqlalchemy.orm import aliased, joinedload

from core.db_types import utcnow
from core.extensions import db
from core.ids import MAX_ID
from events import clusters, dedupe, office_days, read_order, search, topics
from events.criteria import EventFilter, shanghai_midnight, time_window
from events.models import Event, EventCluster
from events.month import MAX_DAYS_SPANNED, SHOWN_PER_DAY, MonthEvent, Span
from partners.models import Partner

REVIEW_WINDOW_DAYS = 180  # how far ahead the staff review looks for uncertain pairs
# Matches are counted up to this many (beyond the page asked for): an exact count of 85,000
# upcoming events reads them all, "more than 1,000" reads 1,001 index entries.
COUNT_CAP = 1000


@dataclass(frozen=True)
class Page:
    items: list[Event]
    total: int  # exact when ``exact``, else a lower bound: there are more than ``total``
    page: int
    per_page: int
    exact: bool = True
    estimated: bool = False  # ``total`` is the query planner's estimate (PostgreSQL)

    @property
    def pages(self) -> int:
        """The number of pages (when not ``exact``: known so far, and one more to go)."""
        known = max(1, -(-self.total // self.per_page))
        return known if self.exact else max(known, self.page + 1)

    @property
    def total_kind(self) -> str:
        """How ``total`` counts: "exact", "at_least" (more than it) or "estimate"."""
        return "estimate" if self.estimated else ("exact" if self.exact else "at_least")


def with_clusters() -> Select[tuple[Event]]:
    """Events with their cluster joined, as ``visible()`` needs."""
    return select(Event).outerjoin(EventCluster, Event.cluster_id == EventCluster.id)


def visible() -> ColumnElement[bool]:
    """What visitors see: no tombstones, nothing staff hid, and one canonical event per
    duplicate cluster (of a query with the clusters joined: ``with_clusters``)."""
    return and_(
        Event.removed_at.is_(None),
        Event.hidden_at.is_(None),
        or_(Event.cluster_id.is_(None), EventCluster.canonical_id == Event.id),
    )


def shown_series_date(member: Any = Event) -> list[ColumnElement[bool]]:
    """A date of a series (an occurrence with a RECURRENCE-ID) that visitors may see: no
    tombstone, nothing staff hid. ``member``: Event or an alias of it."""
    return [member.recurrence_id != "", member.removed_at.is_(None), member.hidden_at.is_(None)]


def visible_events() -> Select[tuple[Event]]:
    return with_clusters().where(visible())


def capped_count(query: Select, at_least: int = 0) -> tuple[int, bool, bool]:
    """How many rows ``query`` selects: ``(count, exact, estimated)``. Counted up to COUNT_CAP
    (or ``at_least``, the rows up to the page shown); past it, not exact ("more than count").
    On PostgreSQL a search the planner expects to match many more is not counted at all: its
    estimate is given (counting 1,000 matches re-reads 1,000 texts; the estimate costs a plan)."""
    cap = max(COUNT_CAP, at_least)
    ids = query.with_only_columns(Event.id).order_by(None)
    if db.engine.dialect.name == "postgresql":
        estimate = _planner_rows(ids)
        if estimate > 2 * cap:
            return estimate, False, True
    limited = ids.limit(cap + 1).subquery()
    counted = db.session.scalar(select(func.count()).select_from(limited)) or 0
    return (counted, True, False) if counted <= cap else (cap, False, False)


def _planner_rows(query: Select) -> int:
    compiled = query.compile(db.engine)
    connection = db.session.connection()
    plan = connection.exec_driver_sql(f"EXPLAIN (FORMAT JSON) {compiled}", compiled.params)
    plan = plan.scalar_one()
    plan = json.loads(plan) if isinstance(plan, str) else plan
    return int(plan[0]["Plan"]["Plan Rows"])


def _paged(
    query: Select,
    order: list[ColumnElement],
    page: int,
    per_page: int,
    counted: Select | None = None,
) -> Page:
    """One page in ``order``: the database stops at the page (an index in that order). The
    total is counted of ``counted`` (the same rows, read without the page's order hints)."""
    offset = (page - 1) * per_page
    total, exact, estimated = capped_count(query if counted is None else counted, offset + per_page)
    items = db.session.scalars(
        query.options(joinedload(Event.partner))
        .order_by(*order, Event.id)
        .limit(per_page)
        .offset(offset)
    ).all()
    return Page(list(items), total, page, per_page, exact, estimated)


def _ranked(f: EventFilter, now: datetime, one_per_series: bool = False) -> Page:
    """A search's page: events with every word in the title first, then the others, each
    tier in the list's order. Each tier is read like a plain list (top-k in the order of an
    index, no relevance score computed for every match), the second only when the first
    does not fill the page. A title hit matches in any field too: the first tier needs only
    the title's words."""
    query, counted, order = _page_and_count(replace(f, q=""), now, one_per_series)
    offset, need = (f.page - 1) * f.per_page, f.page * f.per_page
    titled = db.session.scalars(
        query.with_only_columns(Event.id)
        .where(search.in_title(f.q, in_order=True))
        .order_by(*order, Event.id)
        .limit(need)
    ).all()
    ids = list(titled[offset:need])
    if len(titled) < need:
        ids += db.session.scalars(
            search.apply(query.with_only_columns(Event.id), f.q, in_order=True)
            .where(~search.in_title(f.q))
            .order_by(*order, Event.id)
            .limit(need - len(titled))
            .offset(max(0, offset - len(titled)))
        ).all()
    found = db.session.scalars(
        select(Event).options(joinedload(Event.partner)).where(Event.id.in_(ids))
    ).all()
    by_id = {e.id: e for e in found}
    total, exact, estimated = capped_count(search.apply(counted, f.q), need)
    items = [by_id[i] for i in ids if i in by_id]
    return Page(items, total, f.page, f.per_page, exact, estimated)


def upcoming(now: datetime, *, page: int = 1, per_page: int = 20) -> Page:
    """Events that have not ended yet and still take place, soonest first; a series shows
    its next date only (the home page's "Coming up")."""
    query = visible_events().where(
        Event.end_at >= now, Event.status != "cancelled", _first_of_series(now, None, past=False)
    )
    return _paged(query, [Event.start_at], page, per_page)


def featured(now: datetime, limit: int = 3) -> list[Event]:
    """What staff put on the home page, among the visible events not ended yet."""
    query = visible_events().where(Event.featured_at.is_not(None), Event.end_at >= now)
    return list(
        db.session.scalars(
            query.options(joinedload(Event.partner)).order_by(Event.start_at).limit(limit)
        )
    )


def _like_escaped(value: str) -> str:
    return value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _partner_conditions(f: EventFilter) -> list[ColumnElement]:
    """The filter's conditions on the event's partner (of a query joining Partner)."""
    conditions = []
    if f.partner:
        conditions.append(Partner.slug == f.partner)
    if f.region:
        conditions.append(Partner.region == f.region)
    if f.country:
        conditions.append(Partner.country == f.country)
    if f.city:
        city = f.city.casefold()
        conditions.append(or_(func.lower(Partner.city_en) == city, Partner.city_zh == f.city))
    return conditions


def _event_conditions(f: EventFilter) -> list[ColumnElement]:
    conditions = []
    if f.language:
        conditions.append(Event.language == f.language)
    if f.mode:
        conditions.append(Event.online.is_(f.mode == "online"))
    if f.category:
        # categories is a JSON list: match one whole element, case-folded, on both databases;
        # any spelling partners use for the same topic ("AI", "人工智能") matches.
        column = func.lower(cast(Event.categories, String))
        patterns = [
            f'%"{_like_escaped(c.casefold())}"%'
            for c in topics.same_topic(f.category, used_categories())
        ]
        conditions.append(or_(*(column.like(p, escape="\\") for p in patterns)))
    return conditions


def filtered(
    f: EventFilter,
    now: datetime,
    shown: ColumnElement[bool] | None = None,
    *,
    one_per_series: bool = False,
    in_order: bool = False,
) -> tuple[Select, list[ColumnElement]]:
    """The events ``f`` selects among those ``shown`` lets through (``visible()`` unless
    given), and their order; with ``one_per_series``, a recurring event's first date in the
    window only (its last for past events). ``in_order``: for a page read in that order (on
    SQLite, a filter selecting many events does not drive the query: events.read_order);
    past events, read newest first, keep their plan."""
    query = with_clusters().where(visible() if shown is None else shown)
    start, end = time_window(f, now)
    past = f.when == "past" and not (f.date_from or f.date_to)
    in_order = in_order and not past and read_order.on_sqlite()
    partner_conditions = _partner_conditions(f)
    if partner_conditions and not _any_partner(partner_conditions):
        query = query.where(false())
    elif partner_conditions:
        query = query.join(Partner, _partner_join(partner_conditions, in_order))
        query = query.where(*partner_conditions)
    query = query.where(*_event_conditions(f))
    ends = read_order.unindexed(Event.end_at) if in_order else Event.end_at
    query = query.where(*([Event.end_at < end] if past else _overlap(start, end, ends=ends)))
    order: list[ColumnElement] = [Event.start_at.desc() if past else Event.start_at]
    if one_per_series:
        query = query.where(_first_of_series(start, end, past=past))
    if f.q:
        query = search.apply(query, f.q, in_order=in_order)
    return query, order


def _any_partner(conditions: list[ColumnElement]) -> bool:
    """Whether any partner meets ``conditions`` (one lookup in the small partner table). When
    none does (overseas and China, a country no partner is in), the query says so outright:
    PostgreSQL's planner took the partner filters as independent, expected a few partners,
    and read every event in date order before finding none (4 s for a search at 100,000
    events)."""
    return db.session.scalar(select(Partner.id).where(*conditions).limit(1)) is not None


def _partner_join(conditions: list[ColumnElement], in_order: bool) -> ColumnElement[bool]:
    """Events joined to their partner; by the event's partner index only when the partners
    ``conditions`` select have few events, or the page is not read in order."""
    matching = select(Event.id).join(Partner, Partner.id == Event.partner_id).where(*conditions)
    if in_order and read_order.dense(matching):
        return Partner.id == read_order.unindexed(Event.partner_id)
    return Partner.id == Event.partner_id


def _first_of_series(
    start: datetime | None, end: datetime | None, *, past: bool
) -> ColumnElement[bool]:
    """A single event, or the date of its series no other visible date in the window comes
    before (after, for past events): a weekly salon is listed once, not seven times."""
    other = aliased(Event)
    window = (
        [other.end_at < end] if past else _overlap(start, end, other)
    )  # the same window as the list's
    earlier = other.start_at > Event.start_at if past else other.start_at < Event.start_at
    sibling = (
        select(other.id)
        .where(
            other.feed_id == Event.feed_id,
            other.uid == Event.uid,
            *shown_series_date(other),
            earlier,
            *window,
        )
        .exists()
    )
    return or_(Event.recurrence_id == "", ~sibling)


def _overlap(
    start: datetime | None, end: datetime | None, event: Any = Event, ends: Any = None
) -> list[ColumnElement]:
    """``event`` overlaps the window; ``ends``: its end column as the query should read it."""
    conditions = []
    if start is not None:
        conditions.append((event.end_at if ends is None else ends) >= start)
    if end is not None:
        conditions.append(event.start_at < end)
    return conditions


def listing(f: EventFilter, now: datetime, *, one_per_series: bool = False) -> Page:
    """A page of the events ``f`` selects (the list page shows a series once; the API and
    feeds list every date)."""
    if f.q and search.searchable(f.q):
        return _ranked(f, now, one_per_series)
    query, counted, order = _page_and_count(f, now, one_per_series)
    return _paged(query, order, f.page, f.per_page, counted)


def _page_and_count(
    f: EventFilter, now: datetime, one_per_series: bool
) -> tuple[Select, Select, list[ColumnElement]]:
    """``filtered`` for the page (read in order) and for its count: one query but on SQLite."""
    query, order = filtered(f, now, one_per_series=one_per_series, in_order=True)
    if not read_order.on_sqlite():
        return query, query, order
    return query, filtered(f, now, one_per_series=one_per_series)[0], order


def month_days(
    f: EventFilter, first: date, now: datetime, shown: int = SHOWN_PER_DAY
) -> tuple[list[Span], list[MonthEvent]]:
    """The filtered events of the month that starts on ``first``: how many cover which Shanghai
    days (events.month.Span), and the events the month shows, in start order. The month's
    events are grouped by (first day, last day), from an index (``ix_event_shown_days``):
    only the first ``shown`` of the events with the same first and last days can be among the
    first ``shown`` of any day they cover, and only those are read whole. PostgreSQL groups
    them itself; SQLite's rows are grouped here (a ROW_NUMBER window ranks the same in the
    database, but SQLite's sort of the month's 7,000 rows by partition cost more than
    reading them)."""
    after = (first + timedelta(days=32)).replace(day=1)
    days = replace(f, when="upcoming", date_from=first, date_to=after - timedelta(days=1))
    query, _order = filtered(days, now, in_order=True)
    # An event that starts more than MAX_DAYS_SPANNED days before the month shows on none of
    # its days (a day more for an all-day event's midnight east of Shanghai): this bound lets
    # the database read the month's starts by index, not every event ending after it begins.
    query = query.where(
        Event.start_at >= shanghai_midnight(first - timedelta(MAX_DAYS_SPANNED + 1))
    )
    spans, ids = (_spans_grouped if read_order.on_sqlite() else _spans_aggregated)(query, shown)
    columns = [getattr(Event, name) for name in MonthEvent.__dataclass_fields__]
    rows = db.session.execute(
        select(*columns).where(Event.id.in_(ids)).order_by(Event.start_at, Event.id)
    )
    return spans, [MonthEvent(*row) for row in rows]


def _spans_grouped(query: Select, shown: int) -> tuple[list[Span], list[int]]:
    """SQLite: the month's (id, first day, last day) in start order, grouped here."""
    spans: dict[tuple[str, str], int] = {}
    ids: list[int] = []
    narrow = query.with_only_columns(Event.id, *office_days.days_as_text())
    for event_id, first_day, last_day in db.session.execute(
        narrow.order_by(Event.start_at, Event.id)
    ):
        seen = spans.get((first_day, last_day), 0)
        spans[first_day, last_day] = seen + 1
        if seen < shown:
            ids.append(event_id)
    return [
        Span(date.fromisoformat(first_day), date.fromisoformat(last_day), count)
        for (first_day, last_day), count in spans.items()
    ], ids


def _spans_aggregated(query: Select, shown: int) -> tuple[list[Span], list[int]]:
    """PostgreSQL: grouped by the database, each (first day, last day) with its count and its
    first ``shown`` ids in start order: some 60 rows to read instead of 7,000 (5 ms less CPU
    for a month of 100,000 events)."""
    first_ids = postgresql.array_agg(aggregate_order_by(Event.id, Event.start_at, Event.id))
    grouped = query.with_only_columns(
        office_days.first_day(), office_days.last_day(), func.count(), first_ids[1:shown]
    ).group_by(literal_column("1"), literal_column("2"))
    spans, ids = [], []
    for first_day, last_day, count, first in db.session.execute(grouped):
        spans.append(Span(first_day, last_day, count))
        ids += first
    return spans, ids


def event_with_cluster(event_id: int) -> tuple[Event | None, list[Event]]:
    """An event (tombstones included: their pages say cancelled) and the others in its cluster."""
    if not 0 < event_id <= MAX_ID:  # PostgreSQL would refuse the value, not just miss it
        return None, []
    event = db.session.get(Event, event_id, options=[joinedload(Event.partner)])
    if event is None or event.cluster_id is None:
        return event, []
    others = db.session.scalars(
        select(Event)
        .options(joinedload(Event.partner))
        .where(
            Event.cluster_id == event.cluster_id,
            Event.id != event.id,
            Event.removed_at.is_(None),
            Event.hidden_at.is_(None),
        )
        .order_by(Event.id)
    ).all()
    return event, list(others)


def partner_count() -> int:
    return db.session.scalar(select(func.count(Partner.id))) or 0


def partners() -> list[Partner]:
    return list(db.session.scalars(select(Partner).order_by(Partner.name_en)))


def countries() -> list[str]:
    """The countries of partners with visible events (the country menu's choices). Each
    partner is asked whether it has one, which its first visible event answers; no pass
    over every event (PostgreSQL, 50,000 events of 1,000 partners: 9 ms, against 78 ms)."""
    has_events = visible_events().where(Event.partner_id == Partner.id).exists()
    query = select(Partner.country).where(Partner.country != "", has_events).distinct()
    return sorted(db.session.scalars(query))


def used_categories() -> list[str]:
    """Every category, as partners spell it, on stored events (sorted, case-folded)."""
    rows = db.session.scalars(
        select(Event.categories).where(Event.removed_at.is_(None)).limit(5000)
    )
    seen = {c.strip(): None for cats in rows for c in (cats or []) if c and c.strip()}
    return sorted(seen, key=str.casefold)


def categories(limit: int = 200) -> list[str]:
    """The filter's choices: one spelling per topic partners use on visible events."""
    return topics.one_per_topic(used_categories())[:limit]


def upcoming_for_partner(partner_id: int, now: datetime, limit: int = 20) -> list[Event]:
    """A partner's own events that have not ended, soonest first (its page's list)."""
    return list(
        db.session.scalars(
            select(Event)
            .options(joinedload(Event.partner))
            .where(
                Event.partner_id == partner_id,
                Event.removed_at.is_(None),
                Event.hidden_at.is_(None),
                Event.end_at >= now,
            )
            .order_by(Event.start_at, Event.id)
            .limit(limit)
        )
    )


# The staff review of duplicates: what the matcher was unsure of, and the clusters it made.


def uncertain_pairs(limit: int = 100) -> list[tuple[Event, Event, float]]:
    """Pairs scoring between the thresholds that no staff decision or cluster settled."""
    now = utcnow()
    events = list(
        db.session.scalars(
            select(Event)
            .options(joinedload(Event.partner))
            .where(
                Event.removed_at.is_(None),
                Event.end_at >= now,
                Event.start_at < now + timedelta(days=REVIEW_WINDOW_DAYS),
            )
        )
    )
    by_id = {e.id: e for e in events}
    decided = set(clusters.staff_decisions())
    found = []
    for match in dedupe.matches(map(clusters.listing, events), floor=dedupe.REVIEW):
        a, b = by_id[match.a], by_id[match.b]
        settled = (a.cluster_id and a.cluster_id == b.cluster_id) or clusters.pair_key(
            a, b
        ) in decided
        if match.score < dedupe.MERGE and not settled:
            found.append((a, b, match.score))
    return sorted(found, key=lambda t: -t[2])[:limit]


def current_clusters(limit: int = 100) -> list[tuple[EventCluster, list[Event]]]:
    rows = db.session.scalars(
        select(Event)
        .options(joinedload(Event.partner))
        .where(Event.cluster_id.is_not(None), Event.removed_at.is_(None))
        .order_by(Event.start_at.desc(), Event.id)
    ).all()
    grouped: dict[int, list[Event]] = {}
    for event in rows:
        grouped.setdefault(event.cluster_id, []).append(event)
    found = [(db.session.get(EventCluster, cid), members) for cid, members in grouped.items()]
    return found[:limit]
