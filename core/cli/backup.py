"""``huiju backup create|restore``: a consistent copy of the database, and putting one back."""

from __future__ import annotations

from pathlib import Path

import click
from flask import current_app

from core.backup import (
    BackupError,
    create_sqlite_backup,
    pg_dump_command,
    pg_restore_command,
    restore_sqlite_backup,
    sqlite_path,
)
from core.cli.output import emit_json, fail
from core.extensions import db


def _database_file() -> tuple[str, Path | None]:
    url = current_app.config["SQLALCHEMY_DATABASE_URI"]
    try:
        return url, sqlite_path(url)
    except BackupError as error:
        fail(str(error))


@click.group()
def backup() -> None:
    """Back up or restore the SQLite database.

    PostgreSQL is backed up with pg_dump and restored with pg_restore.
    """


@backup.command("create")
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--json",
    "as_json",
    is_flag=True,
    help="Print the backup's path, schema revision and size as JSON.",
)
def create(path: Path, as_json: bool) -> None:
    """Copy the database to PATH, safely while the site runs."""
    url, database = _database_file()
    if database is None:
        fail(f"PostgreSQL is backed up with pg_dump: {pg_dump_command(url, str(path))}")
    try:
        revision = create_sqlite_backup(database, path)
    except (BackupError, OSError) as error:
        fail(str(error))
    if as_json:
        emit_json({"backup": str(path), "revision": revision, "bytes": path.stat().st_size})
    else:
        click.echo(f"Backed up {database} to {path} (schema {revision}).", err=True)


@backup.command("restore")
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--json",
    "as_json",
    is_flag=True,
    help="Print what was restored, and where the previous database went, as JSON.",
)
def restore(path: Path, as_json: bool) -> None:
    """Replace the database with the backup at PATH.

    Stop the web workers and the scheduler first; the current database is saved beside it
    before it is overwritten.
    """
    url, database = _database_file()
    if database is None:
        fail(f"PostgreSQL is restored with pg_restore: {pg_restore_command(url, str(path))}")
    db.engine.dispose()  # no pooled connection of ours keeps reading the old pages
    try:
        revision, saved = restore_sqlite_backup(path, database)
    except (BackupError, OSError) as error:
        fail(str(error))
    if as_json:
        emit_json({"restored": str(path), "revision": revision, "previous": _str(saved)})
        return
    click.echo(f"Restored {path} into {database} (schema {revision}).", err=True)
    if saved:
        click.echo(f"The previous database was saved as {saved}.", err=True)
    click.echo("Run `huiju db upgrade` if the backup is from an older version.", err=True)


def _str(path: Path | None) -> str | None:
    return str(path) if path else None
