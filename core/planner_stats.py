"""Keep PostgreSQL's planner statistics as current as the writes that outdate them.

The planner chooses every plan from its statistics. A table it has never analysed, or one
that has grown tenfold since, gets estimates of one row, and with them plans that read one
table once per row of another: the event list took 6 to 10 s instead of 2 ms during a first
sync round of 50,000 events, until the statistics were refreshed. PostgreSQL's autovacuum
refreshes them, but only once a minute at best, and not at all where it is turned off (as on
the machines this project's CI runs on); its manual advises running ANALYZE after a bulk load.

So the writers of bulk changes call ``refresh()``: the derived step after each sync, push or
upload for the tables a sync writes, and each scheduler tick for every table (what staff
edit included). It is one catalog query, and an ANALYZE of the tables that have changed by
more than autovacuum itself would wait for (its ``autovacuum_analyze_threshold`` plus
``autovacuum_analyze_scale_factor`` times the rows) and were not analysed in the last
``MIN_INTERVAL`` seconds, one process at a time. Where autovacuum keeps up, the counters are
already reset and nothing runs. ANALYZE reads a sample and holds no lock that reads or
writes wait for.

Unlike autovacuum, it also analyses a table that has rows but was never analysed, however
small. Autovacuum waits for more than 50 changes, so an alliance's 40 partners were never
analysed: the planner took a country filter to match one partner and read the search index
once per partner, 172 ms for a list that takes 11 ms once the 50-row table is analysed.

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
# A table analysed once is not analysed again for this long, however fast it grows: from
# then on the planner scales the rows it knows of by the table's current size, and what
# the sample says of its columns (null fractions, the spread of dates) changes slowly.
# An ANALYZE of 50,000 events costs about half a second; a first round of that many new
# events analysed the table 42 times without this pause.
MIN_INTERVAL = 30.0

_STALE = text(
    """
    SELECT s.relname
    FROM pg_stat_user_tables AS s JOIN pg_class AS c ON c.oid = s.relid
    WHERE s.schemaname = current_schema() AND s.relname IN :tables
      AND (
        s.n_mod_since_analyze >
          current_setting('autovacuum_analyze_threshold')::float
          + current_setting('autovacuum_analyze_scale_factor')::float * greatest(c.reltuples, 0)
        OR (greatest(s.last_analyze, s.last_autoanalyze) IS NULL AND s.n_mod_since_analyze > 0)
      )
      AND coalesce(greatest(s.last_analyze, s.last_autoanalyze), '-infinity')
          < now() - make_interval(secs => :interval)
    ORDER BY s.relname
    """
).bindparams(bindparam("tables", expanding=True))


def stale(tables: Iterable[str], min_interval: float | None = None) -> list[str]:
    """Those of ``tables`` whose statistics autovacuum would refresh now, and that were not
    analysed in the last ``min_interval`` seconds (``MIN_INTERVAL``: PostgreSQL only)."""
    if db.engine.dialect.name != "postgresql":
        return []
    pause = MIN_INTERVAL if min_interval is None else min_interval
    values = {"tables": sorted(tables), "interval": pause}
    return list(db.session.scalars(_STALE, values))


def refresh(tables: Iterable[str], min_interval: float | None = None) -> list[str]:
    """ANALYZE those of ``tables`` whose statistics are stale, in a transaction of its own
    (commits the session), unless another process is doing it already. Returns the tables
    analysed. A failure is logged in one line and rolled back: the next call tries again."""
    if db.engine.dialect.name != "postgresql":
        return []  # and the caller's session is left as it was
    try:
        names = stale(tables, min_interval)
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
