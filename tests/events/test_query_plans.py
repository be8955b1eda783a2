"""The list's, the search's and the API's statements can be served by indexes: no sequential
scan of ``event`` (PostgreSQL, sequential scans disabled so that the planner shows what the
indexes can do on a small table), no full scan of it (SQLite); a search computes no score for
every match; counts stop at the cap. On SQLite, a page whose filter matches many events is read
in the list's order and stops at the page, one whose filter matches few is read by the filter's
index (events.read_order); either way the page is the same."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta

import pytest
from flask import Flask
from sqlalchemy import event as sa_event
from werkzeug.datastructures import MultiDict

from core.db_types import utcnow
from core.extensions import db
from events import queries, read_order
from events.criteria import parse
from tests.factories import make_event, make_feed, make_partner

FILTERS = [
    {},
    {"page": "3"},
    {"when": "past"},
    {"when": "week"},
    {"region": "shanghai"},
    {"language": "zh"},
    {"q": "杨浦"},
    {"q": "summit"},
    {"q": "summit", "region": "shanghai"},
]


@contextmanager
def statements() -> Iterator[list[tuple[str, object]]]:
    seen: list[tuple[str, object]] = []

    def record(_conn, _cursor, statement, parameters, _context, _many) -> None:
        if not statement.lstrip().upper().startswith("EXPLAIN"):
            seen.append((statement, parameters))

    engine = db.engine
    sa_event.listen(engine, "before_cursor_execute", record)
    try:
        yield seen
    finally:
        sa_event.remove(engine, "before_cursor_execute", record)


def plan(statement: str, parameters: object) -> str:
    connection = db.session.connection()
    if db.engine.dialect.name == "postgresql":
        connection.exec_driver_sql("SET LOCAL enable_seqscan = off")
        rows = connection.exec_driver_sql(f"EXPLAIN {statement}", parameters)
        return "\n".join(row[0] for row in rows)
    rows = connection.exec_driver_sql(f"EXPLAIN QUERY PLAN {statement}", parameters)
    return "\n".join(row[-1] for row in rows)


@pytest.fixture
def events(app: Flask) -> None:
    partner = make_partner("p-plan", region="shanghai")
    feed = make_feed(partner)
    soon = utcnow() + timedelta(days=2)
    for n in range(30):
        make_event(
            feed,
            start=soon + timedelta(hours=n - 60),
            title_en=f"Summit {n}",
            title_zh="杨浦创业",
            location_zh="杨浦区",
        )
    db.session.commit()


@pytest.mark.parametrize("args", FILTERS, ids=lambda a: "&".join(f"{k}={v}" for k, v in a.items()))
def test_the_list_is_served_by_indexes(events: None, args: dict[str, str]) -> None:
    f = parse(MultiDict(args))
    with statements() as seen:
        page = queries.listing(f, utcnow())
    assert page.total >= 0
    on_event = [(s, p) for s, p in seen if " event" in s and "FROM event" in s]
    assert on_event
    for statement, parameters in on_event:
        text = plan(statement, parameters)
        assert "Seq Scan on event " not in text + " ", text
        assert "SCAN event\n" not in text + "\n" and not text.endswith("SCAN event"), text
        assert "ts_rank" not in statement and "bm25" not in statement
    db.session.rollback()


def test_counts_stop_at_the_cap(events: None, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(queries, "COUNT_CAP", 10)
    page = queries.listing(parse(MultiDict({"when": "all"})), utcnow())
    if page.total_kind != "estimate":  # PostgreSQL: when the planner expects far more
        assert (page.total, page.total_kind) == (20, "at_least")  # the cap, or the page's end
        assert page.pages == 2  # this one and a next
    exact = queries.listing(parse(MultiDict({"when": "all", "q": "summit 7"})), utcnow())
    assert (exact.total, exact.total_kind) == (1, "exact")


def page_plans(args: dict[str, str]) -> list[str]:
    """The plans of the statements reading a page of ``args`` in the list's order."""
    with statements() as seen:
        queries.listing(parse(MultiDict(args)), utcnow())
    ordered = [(s, p) for s, p in seen if "ORDER BY event.start_at" in s]
    assert ordered
    return [plan(s, p) for s, p in ordered]


DENSE_FILTERS = [{}, {"region": "shanghai"}, {"q": "summit"}, {"q": "杨浦"}, {"partner": "p-plan"}]


@pytest.mark.parametrize(
    "args", DENSE_FILTERS, ids=lambda a: "&".join(f"{k}={v}" for k, v in a.items())
)
def test_a_filter_matching_many_is_read_in_the_lists_order(
    events: None, args: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    if db.engine.dialect.name != "sqlite":
        pytest.skip("PostgreSQL's planner chooses by its statistics")
    monkeypatch.setattr(read_order, "DENSE", 5)  # the fixture's 30 events are "many"
    for text in page_plans(args):
        # either index in the list's order: by start, or the shown events' days by start
        assert "ix_event_start_end" in text or "ix_event_shown_days" in text, text
        assert "TEMP B-TREE FOR ORDER BY" not in text, text  # stops at the page: no sort
    db.session.rollback()


def test_a_filter_matching_few_is_read_by_its_own_index(
    events: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    if db.engine.dialect.name != "sqlite":
        pytest.skip("PostgreSQL's planner chooses by its statistics")
    monkeypatch.setattr(read_order, "DENSE", 1000)
    (region,) = page_plans({"region": "shanghai"})
    assert "USING INDEX ix_event_partner_id" in region, region
    for text in page_plans({"q": "summit"}):
        assert "SCAN event_fts" in text and "ix_event_start_end" not in text, text
    db.session.rollback()


@pytest.fixture
def mixed(app: Flask) -> None:
    """Two partners in two regions; "forum" in some titles, in other events' places only."""
    soon = utcnow() + timedelta(days=1)
    for region in ("shanghai", "jiangsu"):
        feed = make_feed(make_partner(region=region))
        for n in range(12):
            make_event(
                feed,
                start=soon + timedelta(hours=7 * n - 30, minutes=len(region)),
                hours=1 + n % 3,
                title_en=f"Forum {n}" if n % 3 == 0 else f"Salon {n}",
                location_en="Forum hall" if n % 2 else "Hall",
            )
    db.session.commit()


MIXED = [
    {"region": "shanghai"},
    {"region": "shanghai", "per_page": "5", "page": "2"},
    {"q": "forum"},
    {"q": "forum", "per_page": "3", "page": "2"},
    {"q": "forum", "per_page": "3", "page": "3"},
    {"q": "forum hall", "region": "jiangsu"},
    {"q": "forum", "when": "past"},
    {"q": "forum", "when": "all", "per_page": "4", "page": "2"},
]


@pytest.mark.parametrize("args", MIXED, ids=lambda a: "&".join(f"{k}={v}" for k, v in a.items()))
def test_the_page_is_the_same_whichever_index_reads_it(
    mixed: None, args: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    f, now = parse(MultiDict(args)), utcnow()
    pages = []
    for dense in (1, 10**6):  # every filter read in order / every filter by its own index
        monkeypatch.setattr(read_order, "DENSE", dense)
        page = queries.listing(f, now, one_per_series=True)
        pages.append(([e.id for e in page.items], page.total, page.total_kind))
    assert pages[0] == pages[1]
    assert pages[0][0]  # the fixture matches every case


@pytest.mark.parametrize("args", FILTERS, ids=lambda a: "&".join(f"{k}={v}" for k, v in a.items()))
def test_the_month_is_served_by_indexes(events: None, args: dict[str, str]) -> None:
    now = utcnow()
    with statements() as seen:
        spans, shown = queries.month_days(parse(MultiDict(args)), now.date().replace(day=1), now)
    assert sum(span.count for span in spans) >= len(shown)
    on_event = [(s, p) for s, p in seen if "FROM event" in s]
    assert on_event
    for statement, parameters in on_event:
        text = plan(statement, parameters)
        assert "Seq Scan on event " not in text + " ", text
        assert "SCAN event\n" not in text + "\n" and not text.endswith("SCAN event"), text
    db.session.rollback()


@pytest.mark.parametrize(
    "args",
    [
        {"region": "overseas", "country": "CN", "when": "all", "q": "杨浦"},
        {"country": "ZZ"},
        {"partner": "no-such-partner", "q": "summit"},
    ],
    ids=lambda a: "&".join(f"{k}={v}" for k, v in a.items()),
)
def test_partner_filters_no_partner_meets_read_no_event(events: None, args: dict[str, str]) -> None:
    """Overseas and in China: the planner took the two filters as independent, expected a few
    partners and read every event in date order before finding none (4 s for a search at
    100,000 events). The statements now carry a constant false filter that stops them."""
    with statements() as seen:
        page = queries.listing(parse(MultiDict(args)), utcnow())
    assert (page.items, page.total, page.total_kind) == ([], 0, "exact")
    # Statements on the event table (SQLite's bounded probe of the search index aside).
    on_event = [(s, p) for s, p in seen if re.search(r"FROM event\b(?!_fts)", s)]
    assert on_event
    for statement, parameters in on_event:
        text = plan(statement, parameters)
        if db.engine.dialect.name == "postgresql":
            assert "One-Time Filter: false" in text, text
            assert "Index Scan" not in text and "Bitmap" not in text, text
        else:  # SQLite's plan lists its loops; the constant term ends them before a row
            assert any(f in statement.lower() for f in (" 0 = 1", " false", "1!=1")), statement
    db.session.rollback()


def test_a_list_no_partner_meets_says_no_event_matches(events: None, app: Flask) -> None:
    """(A country or partner no one has gets a note from the page itself: not queried.)"""
    args = {"region": "overseas", "country": "CN", "q": "杨浦"}
    response = app.test_client().get("/en/events", query_string=args)
    assert response.status_code == 200
    assert "No events match." in response.get_data(as_text=True)
