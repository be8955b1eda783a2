"""The list's, the search's and the API's statements can be served by indexes: no sequential
scan of ``event`` (PostgreSQL, sequential scans disabled so that the planner shows what the
indexes can do on a small table), no full scan of it (SQLite); a search computes no score for
every match; counts stop at the cap."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta

import pytest
from flask import Flask
from sqlalchemy import event as sa_event
from werkzeug.datastructures import MultiDict

from core.db_types import utcnow
from core.extensions import db
from events import queries
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
    partner = make_partner(region="shanghai")
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
