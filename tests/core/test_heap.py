"""A process's start-up heap leaves the garbage collector's full passes (core.heap): the
console script and the WSGI module freeze what building the app left alive, so a sync or a
page walks only what it made itself. Checked in fresh processes: freezing this test
process would keep its fixtures' apps forever."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

PROBE = (
    "import gc, json\n"
    "frozen = gc.get_freeze_count()\n"
    "before = len(gc.get_objects(generation=2))\n"
    "gc.collect()\n"
    "print(json.dumps([frozen, before, app.name]))\n"
)


@pytest.mark.parametrize(
    "build",
    [
        "from core.console import _create_app\napp = _create_app()\n",
        "from wsgi import app\n",
    ],
    ids=["console script", "wsgi"],
)
def test_an_entry_point_freezes_what_start_up_built(tmp_path: Path, build: str) -> None:
    env = {
        **os.environ,
        "HUIJU_INSTANCE_PATH": str(tmp_path),
        "HUIJU_SCHEDULER": "off",
        "HUIJU_DATABASE_URL": f"sqlite:///{tmp_path}/x.db",
    }
    env.pop("HUIJU_EMBEDDED_SCHEDULER", None)
    result = subprocess.run(
        [sys.executable, "-c", build + PROBE],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        cwd=Path(__file__).resolve().parents[2],
    )
    assert result.returncode == 0, result.stderr
    frozen, in_full_pass, name = json.loads(result.stdout.strip().splitlines()[-1])
    assert name == "huiju"
    assert frozen > 50_000  # the modules, the app, its routes, mappers and templates
    assert in_full_pass < frozen / 10  # what a full pass still walks: what came after
