"""``huiju backup create|restore``: a copy that restores to the same rows; clear refusals."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path

import pytest
from click.testing import Result
from flask import Flask
from flask.testing import FlaskCliRunner

from core.app import create_app
from core.db_types import utcnow
from core.extensions import db
from federation.operations import upload_feed
from federation.sync import apply_body
from tests.calendars import calendar
from tests.factories import make_partner, make_user


def row_counts(path: Path) -> dict[str, int]:
    with closing(sqlite3.connect(path)) as conn:
        tables = [
            r[0]
            for r in conn.execute(
                "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'"
                " AND name NOT LIKE 'event_fts_%'"
            )
        ]
        return {t: conn.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in tables}


def integrity(path: Path) -> str:
    with closing(sqlite3.connect(path)) as conn:
        return conn.execute("PRAGMA integrity_check").fetchone()[0]


def invoke_on(url: str, *args: str) -> Result:
    """Run ``huiju backup …`` in another app (another database), in that app's context."""
    other = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "x"})
    with other.app_context():
        return other.test_cli_runner().invoke(args=["backup", *args])


@pytest.fixture
def sqlite_file(app: Flask) -> Iterator[Path]:
    if db.engine.dialect.name != "sqlite":
        pytest.skip("SQLite is backed up by Huiju; PostgreSQL by pg_dump (tested below)")
    yield Path(db.engine.url.database)


@pytest.fixture
def populated(app: Flask, sqlite_file: Path) -> Path:
    feed = upload_feed(make_partner("backed-up"), "programme.ics")
    make_user(role="admin")
    db.session.commit()
    assert (
        apply_body(feed, calendar(300), charset=None, trigger="import", now=utcnow()).status == "ok"
    )
    return sqlite_file


def test_a_backup_restores_into_a_fresh_database_with_the_same_rows(
    runner: FlaskCliRunner, populated: Path, tmp_path: Path
) -> None:
    backup = tmp_path / "huiju-backup.sqlite3"
    created = runner.invoke(args=["backup", "create", str(backup), "--json"])
    assert created.exit_code == 0, created.output
    assert integrity(backup) == "ok"
    fresh = tmp_path / "restored" / "huiju.sqlite3"
    restored = invoke_on(f"sqlite:///{fresh}", "restore", str(backup))
    assert restored.exit_code == 0, restored.output
    assert integrity(fresh) == "ok"
    counts = row_counts(fresh)
    assert counts == row_counts(populated)
    assert counts["event"] == 300 and counts["user_account"] == 1 and counts["alembic_version"]


def test_restoring_over_a_database_keeps_the_previous_one_beside_it(
    runner: FlaskCliRunner, populated: Path, tmp_path: Path
) -> None:
    backup = tmp_path / "b.sqlite3"
    assert runner.invoke(args=["backup", "create", str(backup)]).exit_code == 0
    target = tmp_path / "live.sqlite3"
    target.write_bytes(backup.read_bytes())
    result = invoke_on(f"sqlite:///{target}", "restore", str(backup), "--json")
    assert result.exit_code == 0, result.output
    saved = Path(target.name + ".before-restore")
    assert (tmp_path / saved).exists() and integrity(tmp_path / saved) == "ok"


def test_create_refuses_to_overwrite_a_file(
    runner: FlaskCliRunner, sqlite_file: Path, tmp_path: Path
) -> None:
    existing = tmp_path / "precious.txt"
    existing.write_text("keep me")
    result = runner.invoke(args=["backup", "create", str(existing)])
    assert result.exit_code == 1 and "exists already" in result.output
    assert existing.read_text() == "keep me"


def test_create_leaves_only_the_backup_and_touches_no_other_file(
    runner: FlaskCliRunner, populated: Path, tmp_path: Path
) -> None:
    folder = tmp_path / "bk"
    folder.mkdir()
    (folder / "victim.partial").write_text("someone else's file")
    result = runner.invoke(args=["backup", "create", str(folder / "victim")])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in folder.iterdir()) == ["victim", "victim.partial"]
    assert (folder / "victim.partial").read_text() == "someone else's file"
    restored = tmp_path / "restored.sqlite3"
    assert invoke_on(f"sqlite:///{restored}", "restore", str(folder / "victim")).exit_code == 0
    assert sorted(p.name for p in folder.iterdir()) == ["victim", "victim.partial"]
    assert row_counts(restored) == row_counts(populated)


def test_create_into_a_missing_folder_fails_in_one_line(
    runner: FlaskCliRunner, sqlite_file: Path, tmp_path: Path
) -> None:
    result = runner.invoke(args=["backup", "create", str(tmp_path / "nowhere" / "b.sqlite3")])
    assert result.exit_code == 1 and "There is no folder" in result.output
    assert len(result.output.strip().splitlines()) == 1


def _broken_backups(tmp_path: Path, good: Path) -> dict[str, Path]:
    text = tmp_path / "notes.txt"
    text.write_text("not a database\n")
    truncated = tmp_path / "truncated.sqlite3"
    truncated.write_bytes(good.read_bytes()[: 4096 * 3])
    foreign = tmp_path / "foreign.sqlite3"
    with closing(sqlite3.connect(foreign)) as conn:
        conn.execute("CREATE TABLE t (x)")
        conn.commit()
    return {
        "not a SQLite database": text,
        "cannot be read|damaged": truncated,
        "not a Huiju database": foreign,
        "no backup file": tmp_path / "missing.sqlite3",
    }


def test_a_bad_backup_is_refused_in_one_line_and_nothing_changes(
    runner: FlaskCliRunner, populated: Path, tmp_path: Path
) -> None:
    good = tmp_path / "good.sqlite3"
    assert runner.invoke(args=["backup", "create", str(good)]).exit_code == 0
    before = row_counts(populated)
    for message, path in _broken_backups(tmp_path, good).items():
        result = runner.invoke(args=["backup", "restore", str(path)])
        assert result.exit_code == 1, (path, result.output)
        assert "Traceback" not in result.output and len(result.output.strip().splitlines()) == 1
        assert any(m in result.output for m in message.split("|")), (message, result.output)
    assert row_counts(populated) == before


def test_postgresql_is_backed_up_with_pg_dump_and_the_password_is_not_shown() -> None:
    url = "postgresql+psycopg://huiju:s3cret@db.internal:5433/huiju"
    result = invoke_on(url, "create", "/backups/huiju.dump")
    assert result.exit_code == 1
    assert (
        "pg_dump -Fc -h db.internal -p 5433 -U huiju -d huiju -f /backups/huiju.dump"
        in result.output
    )
    assert "s3cret" not in result.output and len(result.output.strip().splitlines()) == 1
    restore = invoke_on(url, "restore", "/backups/huiju.dump")
    assert restore.exit_code == 1 and "pg_restore" in restore.output
    assert "s3cret" not in restore.output
