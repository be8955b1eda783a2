"""Full-text search over events' tokens: SQLite FTS5 or PostgreSQL GIN, same tokens, same hits.

Both indexes are built by migration 0003 over ``event.search_title`` and ``event.search_body``
(written by events.indexing from events.tokenize); a query is tokenized the same way and every
token is required. Results are ranked with title hits first (events.queries reads each tier
in the list's order, so that the database stops at the page: no score for every match).
Asked for a page ``in_order``, a word that matches many events on SQLite is checked against
the list's index in its order rather than read from the FTS5 index (events.read_order).
"""

from __future__ import annotations

from sqlalchemy import (
    ColumnElement,
    Integer,
    Select,
    TextClause,
    bindparam,
    column,
    func,
    literal_column,
    select,
    table,
    text,
)

from core.extensions import db
from events import read_order
from events.models import Event
from events.tokenize import query_tokens

SQLITE_INDEX_TABLE = "event_fts"
_FTS = table(SQLITE_INDEX_TABLE, column("rowid", Integer))


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


def _matching(match: str, name: str) -> TextClause:
    return text(f"{SQLITE_INDEX_TABLE} MATCH :{name}").bindparams(bindparam(name, match))


def _fts(match: str, name: str, in_order: bool) -> ColumnElement[bool]:
    """The events whose FTS5 row matches ``match``: an IN list SQLite builds once. With
    ``in_order``, a match of many events is not read by its rowids (read_order.unindexed), so
    that the list's order comes from its index and the database stops at the page."""
    hits = select(_FTS.c.rowid).where(_matching(match, name))
    dense = in_order and read_order.dense(hits)
    return (read_order.unindexed(Event.id) if dense else Event.id).in_(hits)


def _phrase(tokens: list[str]) -> str:
    return " ".join(f'"{token}"' for token in tokens)  # tokens are [a-z0-9]: nothing to escape


def _ts_query(tokens: list[str]) -> ColumnElement:
    return func.plainto_tsquery(literal_column("'simple'::regconfig"), " ".join(tokens))


def _title_document() -> ColumnElement:
    # Must read exactly like the title index's expression (migration 0007).
    return func.to_tsvector(literal_column("'simple'::regconfig"), Event.search_title)


def searchable(q: str) -> bool:
    return bool(query_tokens(q))


def apply(query: Select, q: str, *, in_order: bool = False) -> Select:
    """``query`` narrowed to events matching every token of ``q`` (in any field); ``in_order``
    for a page read in the list's order (see ``_fts``).

    A query with no usable token (only punctuation) matches nothing rather than everything.
    """
    tokens = query_tokens(q)
    if not tokens:
        return query.where(literal_column("1") == 0)
    if db.engine.dialect.name != "sqlite":
        return query.where(_document().op("@@")(_ts_query(tokens)))
    if in_order:
        return query.where(_fts(_phrase(tokens), "fts_any", in_order))
    # No order to keep (a count): the hits are joined as FTS5 reads them, so that a capped
    # count stops early instead of building the IN list of every hit first.
    joined = query.join(_FTS, _FTS.c.rowid == Event.id)
    return joined.where(_matching(_phrase(tokens), "fts_any"))


def in_title(q: str, *, in_order: bool = False) -> ColumnElement[bool]:
    """Every token of ``q`` is in the title: what ranks a hit first (so it matches ``q`` in
    any field as well)."""
    tokens = query_tokens(q)
    if db.engine.dialect.name == "sqlite":
        return _fts(f"search_title : ({_phrase(tokens)})", "fts_title", in_order)
    return _title_document().op("@@")(_ts_query(tokens))
