"""Full-text search over events' tokens: SQLite FTS5 or PostgreSQL GIN, same tokens, same hits.

Both indexes are built by migration 0003 over ``event.search_title`` and ``event.search_body``
(written by events.indexing from events.tokenize); a query is tokenized the same way and every
token is required. Results are ranked with title hits first (bm25 / ts_rank weights).
"""

from __future__ import annotations

from sqlalchemy import ColumnElement, Float, Integer, Select, func, literal_column, text

from core.extensions import db
from events.models import Event
from events.tokenize import query_tokens

TITLE_WEIGHT = 10.0
SQLITE_INDEX_TABLE = "event_fts"


def include_in_autogenerate(name: str | None, type_: str, parent_names: dict) -> bool:
    """Alembic ``include_name`` hook: the FTS5 table and its shadow tables are made by raw SQL
    in migration 0003, so comparing models with the database must not propose dropping them."""
    return not (type_ == "table" and (name or "").startswith(SQLITE_INDEX_TABLE))


def _document() -> ColumnElement:
    # Must read exactly like the GIN index's expression or PostgreSQL will not use the index.
    return func.to_tsvector(
        literal_column("'simple'::regconfig"),
        Event.search_title.op("||")(literal_column("' '")).op("||")(Event.search_body),
    )


def _sqlite(query: Select, tokens: list[str]) -> tuple[Select, ColumnElement]:
    match = " ".join(f'"{token}"' for token in tokens)  # tokens are [a-z0-9]: nothing to escape
    hits = (
        text(
            "SELECT rowid AS id, bm25(event_fts, :title_weight, 1.0) AS rank"
            " FROM event_fts WHERE event_fts MATCH :match"
        )
        .bindparams(match=match, title_weight=TITLE_WEIGHT)
        .columns(id=Integer, rank=Float)
        .subquery("hits")
    )
    return query.join(hits, hits.c.id == Event.id), hits.c.rank.asc()


def _postgresql(query: Select, tokens: list[str]) -> tuple[Select, ColumnElement]:
    ts_query = func.plainto_tsquery(literal_column("'simple'::regconfig"), " ".join(tokens))
    title = func.setweight(
        func.to_tsvector(literal_column("'simple'::regconfig"), Event.search_title),
        literal_column("'A'"),
    )
    body = func.setweight(
        func.to_tsvector(literal_column("'simple'::regconfig"), Event.search_body),
        literal_column("'D'"),
    )
    rank = func.ts_rank(title.op("||")(body), ts_query)
    return query.where(_document().op("@@")(ts_query)), rank.desc()


def apply(query: Select, q: str) -> tuple[Select, ColumnElement | None]:
    """``query`` narrowed to events matching every token of ``q``, and the ranking to order by.

    A query with no usable token (only punctuation) matches nothing rather than everything.
    """
    tokens = query_tokens(q)
    if not tokens:
        return query.where(literal_column("1") == 0), None
    if db.engine.dialect.name == "sqlite":
        return _sqlite(query, tokens)
    return _postgresql(query, tokens)
