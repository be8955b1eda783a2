"""`huiju feeds …` as scripts use it: JSON only on stdout, one-line errors, honest exit codes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from flask.testing import FlaskCliRunner
from pytest_httpserver import HTTPServer

from core.extensions import db
from tests.calendars import calendar, upcoming, vevent
from tests.corpus import CORPUS
from tests.factories import make_partner


def _json_lines(output: str) -> list[dict]:
    return [json.loads(line) for line in output.splitlines() if line.strip()]


@pytest.fixture
def partner(app):
    partner = make_partner("corpus-partner")
    db.session.commit()
    return partner


@pytest.mark.corpus
def test_every_corpus_file_is_imported_or_reported(runner: FlaskCliRunner, partner) -> None:
    files = sorted(CORPUS.glob("*.ics"))
    result = runner.invoke(args=["feeds", "import", "corpus-partner", *map(str, files), "--json"])
    outcomes = {Path(o["file"]).name: o for o in _json_lines(result.stdout)}
    assert len(outcomes) == len(files) == 60
    for path in files:
        outcome = outcomes[path.name]
        vevents = path.read_bytes().upper().count(b"BEGIN:VEVENT")
        if outcome["status"] == "error":
            assert outcome["error"], path.name
            continue
        counted = outcome["added"] + outcome["updated"] + outcome["unchanged"]
        counted += outcome["outside_window"]
        assert counted + len(outcome["skipped"]) == vevents, path.name
        assert all(s["reason"] for s in outcome["skipped"])
    errors = [name for name, o in outcomes.items() if o["status"] == "error"]
    assert errors == ["not-ics-html-login-page.ics"]
    assert result.exit_code == 1 and "Traceback" not in result.output
    again = _json_lines(
        runner.invoke(args=["feeds", "import", "corpus-partner", *map(str, files), "--json"]).stdout
    )
    assert all(
        o["added"] == o["updated"] == o["removed"] == 0 for o in again if o["status"] == "ok"
    )


def test_components_outside_the_window_are_not_counted_as_added(
    runner: FlaskCliRunner, partner, tmp_path: Path
) -> None:
    path = tmp_path / "past.ics"
    old = vevent("old", "20000105T100000Z", summary="Long ago", dtstamp="20000101T000000Z")
    path.write_bytes(calendar(old, upcoming("soon", 3)))
    result = runner.invoke(args=["feeds", "import", "corpus-partner", str(path), "--json"])
    (outcome,) = _json_lines(result.stdout)
    assert (outcome["added"], outcome["outside_window"]) == (1, 1)
    assert outcome["window"]["start"] < outcome["window"]["end"]
    other = tmp_path / "past-again.ics"
    other.write_bytes(path.read_bytes())
    text = runner.invoke(args=["feeds", "import", "corpus-partner", str(other)])
    assert "1 outside the window" in text.output


def test_add_list_and_sync(runner: FlaskCliRunner, partner, httpserver: HTTPServer) -> None:
    httpserver.expect_request("/cal.ics").respond_with_data(
        calendar(upcoming("a", 2)), content_type="text/calendar"
    )
    added = runner.invoke(
        args=["feeds", "add", "corpus-partner", httpserver.url_for("/cal.ics"), "--json"]
    )
    assert added.exit_code == 0, added.output
    feed_id = json.loads(added.stdout)["id"]
    synced = runner.invoke(args=["feeds", "sync", "--all", "--json"])
    assert synced.exit_code == 0
    assert _json_lines(synced.stdout)[0]["added"] == 1
    listed = json.loads(runner.invoke(args=["feeds", "list", "--json"]).stdout)
    row = next(r for r in listed if r["id"] == feed_id)
    assert {
        "id",
        "partner",
        "url",
        "status",
        "last_error",
        "events",
        "last_sync_at",
        "next_sync_at",
    } <= set(row)
    assert (row["status"], row["events"], row["partner"]) == ("ok", 1, "corpus-partner")


@pytest.mark.parametrize(
    "url", ["http://127.0.0.2:8080/cal.ics", "http://0x7f000002/x.ics", "ftp://127.0.0.1/cal.ics"]
)
def test_refused_urls_fail_in_one_line(runner: FlaskCliRunner, partner, url: str) -> None:
    result = runner.invoke(args=["feeds", "add", "corpus-partner", url, "--json"])
    assert result.exit_code == 1
    assert result.stdout == ""
    assert "Traceback" not in result.output


def test_failed_sync_exits_non_zero(
    runner: FlaskCliRunner,
    partner,
    httpserver: HTTPServer,
) -> None:
    httpserver.expect_request("/gone.ics").respond_with_data("", status=404)
    runner.invoke(args=["feeds", "add", "corpus-partner", httpserver.url_for("/gone.ics")])
    result = runner.invoke(args=["feeds", "sync", "--all", "--json"])
    assert result.exit_code == 1
    assert _json_lines(result.stdout)[0]["status"] == "error"


def test_unknown_partner_and_feed(runner: FlaskCliRunner, partner) -> None:
    assert runner.invoke(args=["feeds", "add", "nobody", "http://127.0.0.1/x.ics"]).exit_code == 1
    assert runner.invoke(args=["feeds", "sync", "999"]).exit_code == 1
    assert runner.invoke(args=["feeds", "confirm", "999"]).exit_code == 1
