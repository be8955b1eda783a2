"""Start-up benchmark: Huiju's CLI as a user runs it against the bare Flask CLI, same venv.

    python bench/startup.py [--runs 7] [--databases sqlite,postgresql]

Each figure is a whole process (interpreter start included), the best and the median of
``--runs``, measured in this run:

  * ``flask --app <a one-route app> routes``: the bare Flask CLI (the baseline);
  * ``python -c "import core.app"`` and ``create_app()``, for the split;
  * ``huiju --help`` (goal ≤ 2× the baseline);
  * ``huiju feeds list`` on an empty, migrated database (goal ≤ 2× the baseline), on SQLite
    and on PostgreSQL;
  * the floor under that goal: the smallest Flask-SQLAlchemy app (one model, one command that
    lists its rows) running its command on the same database. Any command that reads the
    database through Flask-SQLAlchemy, which the stack fixes, starts at this figure; the
    ratio to it is Huiju's own share of the start-up.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))
from databases import database, kinds  # noqa: E402

BIN = Path(sys.executable).parent
ONE_ROUTE = """from flask import Flask

app = Flask(__name__)


@app.route("/")
def index():
    return "hello"
"""
# The floor: Flask, Flask-SQLAlchemy, one model and a command listing its rows.
ONE_MODEL = """import click
from flask import Flask
from flask_sqlalchemy import SQLAlchemy
from sqlalchemy import select

app = Flask(__name__)
app.config["SQLALCHEMY_DATABASE_URI"] = __import__("os").environ["HUIJU_DATABASE_URL"]
db = SQLAlchemy(app)


class Feed(db.Model):
    id = db.Column(db.Integer, primary_key=True)
    url = db.Column(db.String(2000))


@app.cli.command("list")
def list_feeds():
    for feed in db.session.scalars(select(Feed).order_by(Feed.id)):
        click.echo(f"{feed.id} {feed.url}")
"""


def timed(command: list[str], env: dict[str, str], runs: int) -> tuple[float, float, float]:
    """(best wall, median wall, best CPU) seconds of ``runs`` runs of the whole process, after
    one warm-up run. CPU time (user + system) is what a busy machine inflates least."""
    subprocess.run(command, env=env, check=True, capture_output=True)
    walls, cpus = [], []
    for _ in range(runs):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        started = time.perf_counter()
        subprocess.run(command, env=env, check=True, capture_output=True)
        walls.append(time.perf_counter() - started)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpus.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    return min(walls), statistics.median(walls), min(cpus)


def line(label: str, figures: tuple[float, ...], base: tuple[float, ...], goal: str) -> None:
    best, median, cpu = figures
    print(
        f"{label:52} wall best {best:5.2f} s (ratio {best / base[0]:4.2f}), "
        f"median {median:5.2f} s ({median / base[1]:4.2f}); "
        f"CPU {cpu:5.2f} s ({cpu / base[2]:4.2f})  {goal}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--databases", default="sqlite,postgresql")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="huiju-bench-startup-") as tmp:
        folder = Path(tmp)
        (folder / "one_route.py").write_text(ONE_ROUTE)
        (folder / "one_model.py").write_text(ONE_MODEL)
        env = {
            **os.environ,
            "HUIJU_INSTANCE_PATH": str(folder / "instance"),
            "HUIJU_SCHEDULER": "off",
            "HUIJU_SECRET_KEY": "bench",
            "PYTHONPATH": str(PROJECT),
        }
        flask = [str(BIN / "flask"), "--app", str(folder / "one_route.py"), "routes"]
        base = timed(flask, env, args.runs)
        line("flask --app one_route.py routes (baseline)", base, base, "")
        python = [sys.executable, "-c"]
        line("python -c 'import core.app'", timed([*python, "import core.app"], env, 3), base, "")
        build = "from core.app import create_app; create_app()"
        line("python -c 'create_app()'", timed([*python, build], env, 3), base, "")
        line("huiju --help", timed([str(BIN / "huiju"), "--help"], env, args.runs), base, "≤ 2")
        for kind in kinds(args.databases):
            with database(kind, folder) as url:
                db_env = {**env, "HUIJU_DATABASE_URL": url}
                subprocess.run(
                    [str(BIN / "huiju"), "db", "upgrade"],
                    env=db_env,
                    check=True,
                    capture_output=True,
                )
                listing = [str(BIN / "huiju"), "feeds", "list"]
                ours = timed(listing, db_env, args.runs)
                line(f"huiju feeds list ({kind}, empty)", ours, base, "≤ 2")
                floor = timed(
                    [str(BIN / "flask"), "--app", str(folder / "one_model.py"), "list"],
                    db_env,
                    args.runs,
                )
                line(f"floor: one-model Flask-SQLAlchemy list ({kind})", floor, base, "")
                line(f"huiju feeds list ÷ that floor ({kind})", ours, floor, "")


if __name__ == "__main__":
    main()
