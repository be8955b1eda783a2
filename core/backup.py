"""Backups of the database: SQLite copied with its online backup API, PostgreSQL left to pg_dump.

SQLite's backup API copies a consistent snapshot while the web and the scheduler keep running
(a plain file copy of a database in WAL mode can miss committed pages still in the -wal file).
Restoring writes the backup into the configured file through the same API, so the file is
replaced page by page under SQLite's own write lock; stop the web workers and the scheduler
first all the same, or requests in flight will see the old data vanish under them.
"""

from __future__ import annotations

import os
import shlex
import sqlite3
import tempfile
from contextlib import closing
from pathlib import Path

from sqlalchemy.engine import make_url

SQLITE_MAGIC = b"SQLite format 3\x00"
# The files SQLite may keep beside a database while it is open.
SIDE_FILES = ("-wal", "-shm", "-journal")


class BackupError(Exception):
    """A backup or restore that cannot be done; the message says why and what to do."""


def sqlite_path(url: str) -> Path | None:
    """The database file of a SQLite URL; None for other databases (or in-memory SQLite)."""
    parsed = make_url(url)
    if not parsed.drivername.startswith("sqlite"):
        return None
    if not parsed.database or parsed.database == ":memory:":
        raise BackupError("The database is in memory: there is no file to back up.")
    return Path(parsed.database)


def pg_dump_command(url: str, destination: str) -> str:
    """The pg_dump command for a PostgreSQL URL, without its password (give that through
    PGPASSWORD or ~/.pgpass, never on a command line other users can see)."""
    parsed = make_url(url)
    parts = ["pg_dump", "-Fc"]
    for flag, value in (("-h", parsed.host), ("-p", parsed.port), ("-U", parsed.username)):
        if value:
            parts += [flag, str(value)]
    parts += ["-d", parsed.database or "", "-f", destination]
    return shlex.join(parts)


def pg_restore_command(url: str, source: str) -> str:
    parsed = make_url(url)
    parts = ["pg_restore", "--clean", "--if-exists", "--no-owner"]
    for flag, value in (("-h", parsed.host), ("-p", parsed.port), ("-U", parsed.username)):
        if value:
            parts += [flag, str(value)]
    parts += ["-d", parsed.database or "", source]
    return shlex.join(parts)


def _read_only(path: Path) -> sqlite3.Connection:
    return sqlite3.connect(path.resolve().as_uri() + "?mode=ro", uri=True)


def _copy(source: Path, target: Path) -> None:
    """Copy the database ``source`` into ``target`` with SQLite's online backup API."""
    with closing(_read_only(source)) as reader, closing(sqlite3.connect(target)) as writer:
        writer.execute("PRAGMA busy_timeout=10000")
        reader.backup(writer)  # all pages in one step: one consistent snapshot


def create_sqlite_backup(database: Path, destination: Path) -> str:
    """Copy ``database`` into a new file ``destination``; returns its schema revision.

    The copy is made in a temporary file of its own beside ``destination`` (never a fixed
    name that might be someone else's file) and linked under the name asked for only once
    it is checked; it is one self-contained file, without -wal or -shm beside it."""
    if not database.exists():
        raise BackupError(f"The database file {database} does not exist.")
    if destination.exists():
        raise BackupError(f"{destination} exists already; choose a new file name.")
    if not destination.parent.is_dir():
        raise BackupError(f"There is no folder {destination.parent}; create it first.")
    handle, name = tempfile.mkstemp(
        dir=destination.parent, prefix=f".{destination.name}.", suffix=".partial"
    )
    os.close(handle)
    partial = Path(name)
    try:
        _copy(database, partial)
        _leave_wal_mode(partial)
        revision = check_backup(partial)
        _publish(partial, destination)
    finally:
        remove_with_side_files(partial)
    return revision


def _leave_wal_mode(path: Path) -> None:
    """The copy carries the live database's WAL mode, which makes every reader of it leave
    -wal and -shm files behind: a backup is a single file in rollback-journal mode."""
    with closing(sqlite3.connect(path)) as conn:
        conn.execute("PRAGMA journal_mode=DELETE")


def _publish(partial: Path, destination: Path) -> None:
    """Give the checked copy its name, never over a file that appeared in the meantime."""
    try:
        os.link(partial, destination)
    except FileExistsError:
        raise BackupError(f"{destination} exists already; choose a new file name.") from None
    except OSError:  # a file system without hard links: check, then rename
        if destination.exists():
            raise BackupError(f"{destination} exists already; choose a new file name.") from None
        partial.replace(destination)


def remove_with_side_files(path: Path) -> None:
    """``path`` and the -wal, -shm and -journal files SQLite may have left beside it."""
    for suffix in ("", *SIDE_FILES):
        path.with_name(path.name + suffix).unlink(missing_ok=True)


def check_backup(path: Path) -> str:
    """Check a backup file: a sound SQLite database made by Huiju. Returns its revision."""
    if not path.is_file():
        raise BackupError(f"There is no backup file {path}.")
    with path.open("rb") as handle:
        if handle.read(len(SQLITE_MAGIC)) != SQLITE_MAGIC:
            raise BackupError(f"{path} is not a SQLite database.")
    try:
        with closing(_read_only(path)) as conn:
            verdict = [row[0] for row in conn.execute("PRAGMA integrity_check")]
            if verdict != ["ok"]:
                raise BackupError(f"{path} is damaged: {verdict[0]}")
            return _revision(conn, path)
    except sqlite3.DatabaseError as error:
        raise BackupError(f"{path} cannot be read as a database ({error}).") from None


def _revision(conn: sqlite3.Connection, path: Path) -> str:
    tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    if "alembic_version" not in tables:
        raise BackupError(f"{path} is not a Huiju database (it has no alembic_version table).")
    row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
    if row is None:
        raise BackupError(f"{path} has no schema revision recorded.")
    return str(row[0])


def restore_sqlite_backup(backup: Path, database: Path) -> tuple[str, Path | None]:
    """Check ``backup`` and write it into ``database``. The current database, if any, is first
    saved beside it. Returns (the backup's revision, where the previous database was saved)."""
    revision = check_backup(backup)
    saved = None
    if database.exists():
        saved = _unused_name(database.with_name(database.name + ".before-restore"))
        create_sqlite_backup(database, saved)
    database.parent.mkdir(parents=True, exist_ok=True)
    _copy(backup, database)
    return revision, saved


def _unused_name(path: Path) -> Path:
    candidate, n = path, 1
    while candidate.exists():
        n += 1
        candidate = path.with_name(f"{path.name}.{n}")
    return candidate
