"""`huiju demo` then `huiju run` on another port, as a shell sees them: the demo feeds follow."""

from __future__ import annotations

import json
import os
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit

import pytest

pytestmark = pytest.mark.slow
STARTUP_SECONDS = 60


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    """A fresh instance and SQLite file, no scheduler, nothing saying where the site lives."""
    inherited = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith("FLASK_") and k not in ("HUIJU_PUBLIC_URL", "WERKZEUG_RUN_MAIN")
    }
    return {
        **inherited,
        "HUIJU_INSTANCE_PATH": str(tmp_path / "instance"),
        "HUIJU_DATABASE_URL": f"sqlite:///{tmp_path / 'huiju.sqlite3'}",
        "HUIJU_SCHEDULER": "off",
    }


def _huiju(env: dict[str, str], *args: str) -> subprocess.CompletedProcess:
    done = subprocess.run(["huiju", *args], env=env, capture_output=True, text=True, timeout=180)
    assert done.returncode == 0, done.stderr
    return done


@contextmanager
def _server(env: dict[str, str], origin: str, log: Path, *args: str) -> Iterator[None]:
    """`huiju run …` in its own process until it answers at ``origin``; always stopped after."""
    with log.open("w") as stderr:
        server = subprocess.Popen(
            ["huiju", "run", *args], env=env, stdout=subprocess.DEVNULL, stderr=stderr
        )
    try:
        _wait_until_answering(server, origin, log)
        yield
    finally:
        server.terminate()
        try:
            server.wait(10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait(10)


def _wait_until_answering(server: subprocess.Popen, origin: str, log: Path) -> None:
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        assert server.poll() is None, log.read_text()
        try:
            with urllib.request.urlopen(f"{origin}/healthz", timeout=2):
                return
        except (urllib.error.URLError, OSError):
            time.sleep(0.2)
    pytest.fail(f"huiju run did not answer at {origin}: {log.read_text()}")


def _feeds(env: dict[str, str]) -> list[dict]:
    """The pull feeds (the demo's entered calendars have no address)."""
    feeds = json.loads(_huiju(env, "feeds", "list", "--json").stdout)
    return [f for f in feeds if f["source"] == "pull"]


def test_the_demo_feeds_sync_from_the_port_huiju_run_serves(
    env: dict[str, str], tmp_path: Path, unused_origin: str
) -> None:
    _huiju(env, "demo", "--no-sync")
    assert {f["url"].split("/demo/")[0] for f in _feeds(env)} == {"http://127.0.0.1:5000"}
    port = str(urlsplit(unused_origin).port)
    log = tmp_path / "run.log"
    with _server(env, unused_origin, log, "--port", port):
        synced = _huiju(env, "feeds", "sync", "--all", "--json")
    results = [json.loads(line) for line in synced.stdout.splitlines()]
    assert len(results) >= 8 and {r["status"] for r in results} == {"ok"}, results
    assert f"Demo feeds now sync from {unused_origin}/demo/feeds/" in log.read_text()
    assert {f["url"].split("/demo/")[0] for f in _feeds(env)} == {unused_origin}


def test_an_explicit_public_url_for_another_port_is_named_at_start_up(
    env: dict[str, str], tmp_path: Path, unused_origin: str
) -> None:
    _huiju(env, "demo", "--no-sync")
    with (tmp_path / "instance" / "huiju.env").open("a") as env_file:
        env_file.write("HUIJU_PUBLIC_URL=http://127.0.0.1:5000\n")
    log = tmp_path / "run.log"
    port = str(urlsplit(unused_origin).port)
    with _server({**env, "FLASK_RUN_PORT": port}, unused_origin, log):
        pass
    assert (
        f"Demo feeds do not follow this server ({unused_origin}): HUIJU_PUBLIC_URL is "
        f"http://127.0.0.1:5000; set it to {unused_origin}, or unset it"
    ) in log.read_text()
    assert {f["url"].split("/demo/")[0] for f in _feeds(env)} == {"http://127.0.0.1:5000"}
