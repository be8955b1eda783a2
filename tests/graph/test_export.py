"""Exports: every format round-trips through the reader networkx (or csv) offers."""

from __future__ import annotations

import csv
import io
import json
from datetime import date

import networkx as nx
import pytest

from graph.build import LinkEdge, PartnerNode, build_graph
from graph.export import flat_value, to_csv, to_gexf, to_graphml, to_node_link_json


@pytest.fixture
def g() -> nx.Graph:
    partners = [
        PartnerNode(1, "changyang", "Changyang Campus", "长阳创谷", "park", "shanghai", "CN",
                    "Shanghai", date(2020, 1, 1)),
        PartnerNode(2, "slush", "Slush Shanghai", "Slush 上海", "international", "overseas", "FI",
                    "Helsinki", None),
        PartnerNode(3, "hefei-base", "Hefei base", "合肥基地", "base", "anhui", "CN", "Hefei"),
    ]  # fmt: skip
    links = [
        LinkEdge(1, 2, "cohost", 2, date(2021, 5, 1)),
        LinkEdge(1, 2, "mou", 1, date(2020, 9, 1), date(2022, 1, 1)),
    ]
    return build_graph(partners, links)


def assert_same_network(original: nx.Graph, read: nx.Graph) -> None:
    assert set(read) == set(original)
    assert {frozenset(e) for e in read.edges()} == {frozenset(e) for e in original.edges()}
    assert read.nodes[1]["name_zh"] == "长阳创谷"
    assert read.nodes[1]["joined_on"] == "2020-01-01"
    assert "joined_on" not in read.nodes[2]  # unknown stays unknown
    assert read.nodes[3]["delta"] is True
    edge = read.edges[1, 2]
    assert (edge["weight"], edge["count"]) == (3.0, 2)
    assert (edge["kinds"], edge["since"]) == ("cohost;mou", "2020-09-01")


def test_gexf_round_trips(g: nx.Graph) -> None:
    data = to_gexf(g)
    assert data.startswith(b"<?xml")
    read = nx.read_gexf(io.BytesIO(data), node_type=int)
    assert_same_network(g, read)
    assert read.nodes[2]["label"] == "Slush Shanghai"


def test_graphml_round_trips(g: nx.Graph) -> None:
    assert_same_network(g, nx.read_graphml(io.BytesIO(to_graphml(g)), node_type=int))


def test_node_link_json_round_trips(g: nx.Graph) -> None:
    data = json.loads(json.dumps(to_node_link_json(g), ensure_ascii=False))
    assert_same_network(g, nx.node_link_graph(data, edges="links"))


def test_csv_tables(g: nx.Graph) -> None:
    nodes_csv, edges_csv = to_csv(g)
    nodes = list(csv.DictReader(io.StringIO(nodes_csv)))
    assert nodes_csv.splitlines()[0].startswith("id,slug,name_en,name_zh,kind,region")
    assert [row["slug"] for row in nodes] == ["changyang", "slush", "hefei-base"]
    assert (nodes[1]["joined_on"], nodes[2]["delta"]) == ("", "True")
    (edge,) = csv.DictReader(io.StringIO(edges_csv))
    assert (edge["source_slug"], edge["target_slug"]) == ("changyang", "slush")
    assert edge["kinds"] == "cohost;mou"
    assert (float(edge["weight"]), edge["until"]) == (3.0, "")


def test_exports_leave_the_graph_untouched(g: nx.Graph) -> None:
    to_gexf(g), to_graphml(g), to_node_link_json(g), to_csv(g)
    assert g.edges[1, 2]["kinds"] == ("cohost", "mou")
    assert "label" not in g.nodes[1]


def test_empty_graph_exports() -> None:
    empty = nx.Graph()
    assert nx.read_graphml(io.BytesIO(to_graphml(empty))).number_of_nodes() == 0
    assert nx.read_gexf(io.BytesIO(to_gexf(empty))).number_of_nodes() == 0
    assert to_csv(empty)[0].startswith("id,slug")


@pytest.mark.parametrize(
    ("value", "flat"),
    [(date(2021, 5, 1), "2021-05-01"), ({"mou", "cohost"}, "cohost;mou"), (("b", "a"), "a;b"),
     (True, True), (2.5, 2.5), (3, 3)],
)  # fmt: skip
def test_flat_value(value: object, flat: object) -> None:
    assert flat_value(value) == flat
