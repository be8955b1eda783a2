"""``huiju graph stats`` and ``huiju graph export`` against a real database."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import networkx as nx
import pytest
from flask import Flask
from flask.testing import FlaskCliRunner

from core.extensions import db
from partners.models import Link
from tests.factories import make_partner

KEYS = {"nodes", "edges", "components", "communities", "density", "top", "bridges", "isolated"}


@pytest.fixture
def network(app: Flask) -> None:
    a, b, c = make_partner("tongji"), make_partner("fudan"), make_partner("nordic")
    make_partner("alone")
    db.session.add_all(
        [
            Link(source_id=a.id, target_id=b.id, kind="mou", weight=2, since=date(2020, 1, 1)),
            Link(source_id=b.id, target_id=c.id, kind="referral", since=date(2023, 1, 1)),
        ]
    )
    db.session.commit()


def test_stats_json_prints_only_the_summary(runner: FlaskCliRunner, network: None) -> None:
    result = runner.invoke(args=["graph", "stats", "--json"])
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout)
    assert set(summary) == KEYS
    assert summary["nodes"] == 4 and summary["edges"] == 2
    assert summary["isolated"] == ["alone"]
    assert {"degree", "betweenness", "pagerank"} <= set(summary["top"])
    assert sorted(map(sorted, summary["bridges"])) == [["fudan", "nordic"], ["fudan", "tongji"]]


def test_stats_within_a_window(runner: FlaskCliRunner, network: None) -> None:
    result = runner.invoke(args=["graph", "stats", "--json", "--until", "2021-12-31"])
    assert json.loads(result.stdout)["edges"] == 1
    result = runner.invoke(args=["graph", "stats", "--json", "--since", "2022"])
    assert json.loads(result.stdout)["edges"] == 2  # the 2020 MOU is open-ended


def test_stats_refuses_a_bad_date(runner: FlaskCliRunner, network: None) -> None:
    result = runner.invoke(args=["graph", "stats", "--since", "last spring"])
    assert result.exit_code != 0 and "not a date" in result.output
    result = runner.invoke(args=["graph", "stats", "--since", "2023", "--until", "2020"])
    assert result.exit_code != 0 and "comes before" in result.output


def test_stats_for_people(runner: FlaskCliRunner, network: None) -> None:
    result = runner.invoke(args=["graph", "stats"])
    assert result.exit_code == 0 and "nodes" in result.output and "alone" in result.output


def test_export_gexf_writes_a_file(runner: FlaskCliRunner, network: None, tmp_path: Path) -> None:
    target = tmp_path / "network.gexf"
    result = runner.invoke(args=["graph", "export", "--format", "gexf", "--output", str(target)])
    assert result.exit_code == 0, result.output
    g = nx.read_gexf(target)
    assert g.number_of_nodes() == 4 and g.number_of_edges() == 2


def test_export_graphml_to_stdout(runner: FlaskCliRunner, network: None) -> None:
    result = runner.invoke(args=["graph", "export", "--format", "graphml"])
    assert result.exit_code == 0
    assert result.stdout.startswith("<?xml") and "graphml" in result.stdout


def test_export_csv_writes_nodes_and_edges(
    runner: FlaskCliRunner, network: None, tmp_path: Path
) -> None:
    result = runner.invoke(
        args=["graph", "export", "--format", "csv", "--output", str(tmp_path / "net.csv")]
    )
    assert result.exit_code == 0, result.output
    nodes = (tmp_path / "net-nodes.csv").read_text(encoding="utf-8").splitlines()
    edges = (tmp_path / "net-edges.csv").read_text(encoding="utf-8").splitlines()
    assert len(nodes) == 5 and len(edges) == 3
    result = runner.invoke(args=["graph", "export", "--format", "csv", "--output", str(tmp_path)])
    assert (tmp_path / "nodes.csv").exists() and (tmp_path / "edges.csv").exists()


def test_export_to_an_unwritable_place_fails_in_one_line(
    runner: FlaskCliRunner, network: None, tmp_path: Path
) -> None:
    target = tmp_path / "missing" / "network.json"
    result = runner.invoke(args=["graph", "export", "--format", "json", "--output", str(target)])
    assert result.exit_code != 0 and "cannot write" in result.output
    assert "Traceback" not in result.output
