"""Keep PostgreSQL's planner statistics as current as the writes that outdate them.

The planner chooses every plan from its statistics. A table it has never analysed, or one
that has grown tenfold since, gets estimates of one row, and with them plans that read one
table once per row of another: the event list took 6 to 10 s instead of 2 ms during a first
sync round of 50,000 events, until the statistics were refreshed. PostgreSQL's autovacuum
refreshes them, but only once a minute at best, and not at all where it is turned off (as on
the machines this project's CI runs on); its manual advises running ANALYZE after a bulk load.

So the writers of bulk changes (the derived step after each sync, push or upload) call
``refresh()``: one catalog query, and an ANALYZE of the tables that have changed by more than
autovacuum itself would wait for (its ``autovacuum_analyze_threshold`` plus
``autovacuum_analyze_scale_factor`` times the rows), one process at a time. Where autovacuum
keeps up, the counters are already reset and nothing runs. ANALYZE reads a sample, holds no
lock that reads or writes wait for, and takes a fraction of a second at 100,000 events.

SQLite's planner uses statistics only once ANALYZE has been run, which Huiju never does: its
fixed heuristics cannot go stale, so ``refresh()`` does nothing there.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable

from sqlalchemy import bindparam, text

from core.extensions import db

log = logging.getLogger("huiju.planner_stats")
LOCK_KEY = 0x6875_6961  # "huia": one ANALYZE at a time, whatever number of processes write

_STALE = text(
    """
    SELECT s.relname
    FROM pg_stat_user_tables AS s JOIN pg_class AS c ON c.oid = s.relid
    WHERE s.schemaname = current_schema() AND s.relname IN :tables
      AND s.n_mod_since_analyze >
          current_setting('autovacuum_analyze_threshold')::float
          + current_setting('autovacuum_analyze_scale_factor')::float * greatest(c.reltuples, 0)
    ORDER BY s.relname
    """
).bindparams(bindparam("tables", expanding=True))


def stale(tables: Iterable[str]) -> list[str]:
    """Those of ``tables`` whose statistics autovacuum would refresh now (PostgreSQL)."""
    if db.engine.dialect.name != "postgresql":
        return []
    return list(db.session.scalars(_STALE, {"tables": sorted(tables)}))


def refresh(tables: Iterable[str]) -> list[str]:
    """ANALYZE those of ``tables`` whose statistics are stale, in a transaction of its own
    (commits the session), unless another process is doing it already. Returns the tables
    analysed. A failure is logged in one line and rolled back: the next call tries again."""
    try:
        names = stale(tables)
        if not names:
            db.session.rollback()  # end the catalog read's transaction: never idle in one
            return []
        taken = db.session.scalar(text("SELECT pg_try_advisory_xact_lock(:key)"), {"key": LOCK_KEY})
        if taken:
            for name in names:  # names come from the catalog, compared with ours: no injection
                db.session.execute(text(f'ANALYZE "{name}"'))
        db.session.commit()
        return names if taken else []
    except Exception as error:  # one line: CLI output stays traceback-free
        db.session.rollback()
        log.error("planner statistics could not be refreshed: %r", error)
        return []
