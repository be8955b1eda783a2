"""The databases every bench runs on, one after the other: a SQLite file in the bench's
temporary folder, and a fresh PostgreSQL database on 127.0.0.1:5432 created for the run and
dropped after it (``HUIJU_BENCH_POSTGRES_URL`` names another server's maintenance database).

    for kind in kinds(args.databases):
        with database(kind, folder) as url:
            ...
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

POSTGRES_SERVER = os.environ.get(
    "HUIJU_BENCH_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
)
KINDS = ("sqlite", "postgresql")


def kinds(option: str) -> list[str]:
    """``--databases sqlite,postgresql`` (the default: both)."""
    chosen = [kind.strip() for kind in option.split(",") if kind.strip()]
    unknown = set(chosen) - set(KINDS)
    if unknown:
        raise SystemExit(f"unknown database kind(s): {', '.join(sorted(unknown))}")
    return chosen


@contextmanager
def database(kind: str, folder: Path) -> Iterator[str]:
    """A SQLAlchemy URL of an empty database of ``kind``; a PostgreSQL one is dropped after."""
    if kind == "sqlite":
        path = folder / f"bench-{secrets.token_hex(4)}.sqlite3"
        yield f"sqlite:///{path}"
        return
    import sqlalchemy as sa

    name = f"huiju_bench_{secrets.token_hex(4)}"
    admin = sa.create_engine(POSTGRES_SERVER, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(sa.text(f'CREATE DATABASE "{name}"'))
    try:
        yield POSTGRES_SERVER.rsplit("/", 1)[0] + "/" + name
    finally:
        with admin.connect() as connection:
            connection.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()
