"""Start-up stays lazy: building the app, `huiju --help` and `huiju feeds list` import none of
the heavy libraries a page or a command imports when it runs (docs/architecture.md,
"Start-up"). Checked by what a fresh process holds in ``sys.modules``, not by timing."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from core.lazy import lazy, views_of
from core.migrate import DB_COMMAND

HEAVY = (
    "networkx",
    "networkit",
    "openpyxl",
    "icalendar",
    "recurring_ical_events",
    "requests",
    "reportlab",
    "numpy",
    "scipy",
    "alembic",
    "apscheduler",
    "email_validator",
)

REPORT = f"import json, sys; print(json.dumps([m for m in {HEAVY!r} if m in sys.modules]))"


def run_python(code: str, instance: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "HUIJU_INSTANCE_PATH": str(instance), "HUIJU_SCHEDULER": "off"}
    env.pop("HUIJU_EMBEDDED_SCHEDULER", None)
    return subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=120
    )


def loaded(result: subprocess.CompletedProcess[str]) -> list[str]:
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_building_the_app_imports_no_heavy_library(tmp_path: Path) -> None:
    code = (
        "from core.app import create_app\n"
        f"create_app({{'SQLALCHEMY_DATABASE_URI': 'sqlite:///{tmp_path}/x.db'}})\n" + REPORT
    )
    assert loaded(run_python(code, tmp_path)) == []


def test_help_imports_no_heavy_library_and_creates_no_instance(tmp_path: Path) -> None:
    instance = tmp_path / "instance"
    code = (
        "import contextlib, io, sys\n"
        "from core.console import main\n"
        "sys.argv = ['huiju', '--help']\n"
        "with contextlib.redirect_stdout(io.StringIO()) as out, "
        "contextlib.suppress(SystemExit):\n"
        "    main()\n"
        "assert 'feeds' in out.getvalue() and 'db' in out.getvalue(), out.getvalue()\n"
        "import json\n"
        "print(json.dumps([m for m in ('sqlalchemy', 'babel', 'core.app') if m in sys.modules]))\n"
        + REPORT
    )
    result = run_python(code, instance)
    assert loaded(result) == []
    # Not even the app: the commands' lines come from core.cli.listing.
    assert json.loads(result.stdout.strip().splitlines()[-2]) == []
    assert not instance.exists()  # no secret key, no compiled catalogs for a help text


def test_a_listing_command_imports_no_heavy_library(tmp_path: Path) -> None:
    database = f"sqlite:///{tmp_path}/x.db"
    code = (
        "from core.app import create_app\n"
        "from core.extensions import db\n"
        f"app = create_app({{'SQLALCHEMY_DATABASE_URI': '{database}'}})\n"
        "with app.app_context():\n"
        "    db.create_all()\n"  # not Alembic: the schema is the test's, not the command's
        "with app.app_context():\n"
        "    result = app.test_cli_runner().invoke(args=['feeds', 'list', '--json'])\n"
        "assert result.exit_code == 0 and result.output.strip() == '[]', result.output\n" + REPORT
    )
    assert loaded(run_python(code, tmp_path)) == []


def test_a_lazy_view_is_imported_on_its_first_call() -> None:
    join = lazy("os.path:join")
    assert (join.__module__, join.__name__) == ("os.path", "join")
    assert "function" not in vars(join)  # nothing imported yet
    assert join("a", "b") == os.path.join("a", "b")
    view = views_of("os")
    assert view("path.basename")("/x/y") == "y"
    with pytest.raises(ValueError):
        lazy("no-colon")


def test_the_deferred_db_group_runs_flask_migrate(app) -> None:
    result = CliRunner().invoke(DB_COMMAND, ["--help"])
    assert result.exit_code == 0 and "upgrade" in result.output
    runner = app.test_cli_runner()
    outcome = runner.invoke(args=["db", "current"])
    assert outcome.exit_code == 0, outcome.output
