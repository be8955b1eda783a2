"""Which index SQLite reads a list's page by: the filter's own, or the list's order.

SQLite's planner keeps no statistics that could tell it how many events a region, a partner or
a searched word selects, so it drives a filtered page by the filter's index (a region's
partners' events, a word's FTS5 hits) and sorts every match for a page of 20: 20,000 events
for a region or a common word at 100,000. A filter that selects many events is better read
the other way: the list's index in its order (``ix_event_start_end``), each entry checked,
stopping once the page is full. That is the wrong way for a filter that selects few (it would
walk the whole index to find them).

So the page's query asks first: does the filter select at least ``DENSE`` rows (an index read
that stops there)? If so, its condition is written ``+column`` (SQLite's way of saying "not by
this column's index") and the list's order drives; if not, its own index drives and the sort
is small. Counts are read without these hints (no order: the filter's index is the right
one). PostgreSQL's planner has statistics and chooses for itself: nothing changes there.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Select, func, select
from sqlalchemy.sql import operators
from sqlalchemy.sql.expression import UnaryExpression

from core.extensions import db

# A filter matching this many rows fills a page after about need * events / DENSE entries of
# the order's index (1,000 for a page of 20 at 100,000 events); one matching fewer is sorted
# whole, at most DENSE rows.
DENSE = 2000


def on_sqlite() -> bool:
    return db.engine.dialect.name == "sqlite"


def unindexed(column: Any) -> Any:
    """``column`` as SQLite's ``+column``: the same value (and no affinity, which the values
    compared here never need), but no index drives the query by it. Unchanged elsewhere."""
    if not on_sqlite():
        return column
    return UnaryExpression(column, operator=operators.custom_op("+"), type_=column.type)


def dense(rows: Select) -> bool:
    """Whether ``rows`` selects at least DENSE rows (read up to DENSE, no further)."""
    limited = rows.limit(DENSE).subquery()
    return (db.session.scalar(select(func.count()).select_from(limited)) or 0) >= DENSE
