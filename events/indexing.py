"""What the sync calls after writing events: search tokens, and forgetting stale VEVENT blocks.

Search tokens are cheap and computed here, at write time. The pre-rendered VEVENT blocks are
not: rendering them with icalendar costs several times the whole import, so a changed event's
blocks are set to NULL here and rendered after the sync by the scheduler or the CLI
(events.export.warm_chunks).
Runs inside the caller's transaction and only flushes; column queries and executemany
updates, no ORM objects (an import may change 16,000 occurrences).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from functools import lru_cache
from itertools import chain
from typing import Any

from sqlalchemy import Text, Update, bindparam, case, cast, select, update

from core.extensions import db
from events.models import Event
from events.tokenize import tokens
from partners.models import Partner

CHUNK = 500
TABLE = Event.__table__


def search_fields(row: Any, cache: dict[str, list[str]] | None = None) -> dict[str, str]:
    """The search columns of one event (pure): ``row`` has the event's texts, categories and
    its partner's names as ``partner_en`` / ``partner_zh``, its categories as the column's JSON
    text ``categories_json``. The same text is tokenized once
    per ``cache``: a feed repeats its places, categories and partner names, a series all of
    its texts."""
    cache = {} if cache is None else cache
    return {
        "search_title": _joined(cache, row.title_en, row.title_zh),
        "search_body": _joined(
            cache,
            row.description_en,
            row.description_zh,
            row.location_en,
            row.location_zh,
            _categories(cache, row.categories_json),
            row.partner_en or "",
            row.partner_zh or "",
        ),
    }


def _categories(cache: dict[str, Any], raw: str | None) -> str:
    """The categories as one text, from the column's JSON text: decoded once per distinct
    value (a feed uses a handful of categories; decoding each row's list costs more)."""
    key = f"json:{raw}"
    if key not in cache:
        cache[key] = " ".join(json.loads(raw) or []) if raw else ""
    return cache[key]


def _joined(cache: dict[str, list[str]], *texts: str) -> str:
    """``tokenize.search_text`` of ``texts``, with each text's tokens looked up in ``cache``."""
    for text in texts:
        if text not in cache:
            cache[text] = tokens(text)
    return " ".join(dict.fromkeys(chain.from_iterable(cache[text] for text in texts)))


def chunks(ids: Iterable[int], size: int = CHUNK) -> Iterable[list[int]]:
    ordered = sorted(set(ids))
    for start in range(0, len(ordered), size):
        yield ordered[start : start + size]


def id_batches(ids: Iterable[int], column: Any) -> Iterable[tuple[Any, set[int]]]:
    """WHERE clauses that cover ``ids``, each with the ids it is for: one range when the ids
    are dense (a first import's rows are consecutive; one range scan beats 32 IN lists),
    IN lists of CHUNK otherwise. A range can match other rows: keep those whose id is wanted."""
    ordered = sorted(set(ids))
    if ordered and ordered[-1] - ordered[0] < 2 * len(ordered):
        yield column.between(ordered[0], ordered[-1]), set(ordered)
        return
    for start in range(0, len(ordered), CHUNK):
        part = ordered[start : start + CHUNK]
        yield column.in_(part), set(part)


def _rows(where: Any, wanted: set[int]) -> list[Any]:
    rows = db.session.execute(
        select(
            Event.id,
            Event.title_en,
            Event.title_zh,
            Event.description_en,
            Event.description_zh,
            Event.location_en,
            Event.location_zh,
            cast(Event.categories, Text).label("categories_json"),
            Event.search_title,
            Event.search_body,
            Partner.name_en.label("partner_en"),
            Partner.name_zh.label("partner_zh"),
        )
        .outerjoin(Partner, Partner.id == Event.partner_id)
        .where(where)
    ).all()
    return [row for row in rows if row.id in wanted]


def refresh(event_ids: Iterable[int]) -> None:
    """Recompute the search tokens of ``event_ids`` and drop their VEVENT blocks (missing ids
    are skipped)."""
    ids = list(event_ids)
    for where, wanted in id_batches(ids, Event.id):
        rows = _rows(where, wanted)
        for start in range(0, len(rows), CHUNK):
            _refresh_rows(rows[start : start + CHUNK])
    expire_loaded(ids, "search_title", "search_body", "ics_en", "ics_zh")
    db.session.flush()


def _refresh_rows(rows: list[Any]) -> None:
    retokened: dict[int, tuple[str, str]] = {}
    cache: dict[str, list[str]] = {}  # per chunk: memory stays flat on a big import
    for row in rows:
        fields = search_fields(row, cache)
        new = (fields["search_title"], fields["search_body"])
        if new != (row.search_title, row.search_body):
            retokened[row.id] = new
    _store([row.id for row in rows], retokened)


def _store(chunk: list[int], retokened: dict[int, tuple[str, str]]) -> None:
    """Two statements per chunk. Only rows whose tokens changed name the search columns (the
    FTS5 trigger on SQLite fires for every UPDATE naming them), and they get their values from
    a CASE in one statement: the trigger's index writes are flushed once per statement, so
    one statement per row (executemany) costs several times more."""
    same = [i for i in chunk if i not in retokened]
    if same:
        db.session.execute(
            update(TABLE).where(TABLE.c.id.in_(same)).values(ics_en=None, ics_zh=None)
        )
    if retokened:
        params: dict[str, Any] = {}
        for n, (event_id, (title, body)) in enumerate(sorted(retokened.items())):
            params.update({f"i{n}": event_id, f"t{n}": title, f"b{n}": body})
        db.session.execute(_retoken_statement(len(retokened)), params)


@lru_cache(maxsize=16)
def _retoken_statement(size: int) -> Update:
    """``UPDATE … SET search_title = CASE id WHEN :i0 THEN :t0 …`` for ``size`` rows, built
    once per size (constructing a 500-branch CASE costs more than running it)."""
    n = range(size)
    ids = [bindparam(f"i{k}") for k in n]
    return (
        update(TABLE)
        .where(TABLE.c.id.in_(ids))
        .values(
            search_title=case(*[(ids[k], bindparam(f"t{k}")) for k in n], value=TABLE.c.id),
            search_body=case(*[(ids[k], bindparam(f"b{k}")) for k in n], value=TABLE.c.id),
            ics_en=None,
            ics_zh=None,
        )
    )


def expire_loaded(event_ids: Iterable[int], *attributes: str) -> None:
    """Column updates bypass the ORM: events already loaded in the session re-read these."""
    wanted = set(event_ids)
    for key, obj in list(db.session.identity_map.items()):
        if key[0] is Event and key[1][0] in wanted:  # the key: no load of an expired object
            db.session.expire(obj, list(attributes))
