"""Metrics on small graphs whose answers are known by construction."""

from __future__ import annotations

import json
from collections.abc import Iterable

import networkx as nx
import pytest

from graph import metrics
from graph.build import LinkEdge, PartnerNode, build_graph
from graph.metrics import (
    bridges,
    centrality,
    communities,
    cross_group_edges,
    delta_overseas_brokers,
    isolated_and_peripheral,
    suggest_links,
    summary,
)


def network(
    edges: Iterable[tuple[int, int]],
    nodes: Iterable[int] = (),
    regions: dict[int, str] | None = None,
) -> nx.Graph:
    """A cooperation graph over ``edges`` (weight 1); partner ``n`` has slug ``p<n>``."""
    edges = list(edges)
    ids = sorted({*nodes, *(n for edge in edges for n in edge)})
    regions = regions or {}
    partners = [
        PartnerNode(n, f"p{n}", f"P{n}", f"伙伴{n}", "park", regions.get(n, "shanghai"), "CN", "")
        for n in ids
    ]
    return build_graph(partners, [LinkEdge(u, v, "mou") for u, v in edges])


def top_slugs(result: dict, metric: str, k: int) -> set[str]:
    return {row["slug"] for row in result["top"][metric][:k]}


def test_barbell_bridge_is_found_and_its_ends_lead_betweenness() -> None:
    g = network(nx.barbell_graph(5, 0).edges())  # K5 (0–4) and K5 (5–9) joined by 4–5
    assert bridges(g) == [(4, 5)]
    result = summary(g, top=2)
    assert result["bridges"] == [["p4", "p5"]]
    assert top_slugs(result, "betweenness", 2) == {"p4", "p5"}
    assert result["components"] == 1


def test_star_centre_tops_degree_and_pagerank() -> None:
    g = network(nx.star_graph(6).edges())
    result = summary(g, top=3)
    assert result["top"]["degree"][0] == {"slug": "p0", "value": 6}
    assert result["top"]["pagerank"][0]["slug"] == "p0"
    by_node = centrality(g)
    assert max(by_node, key=lambda n: by_node[n].pagerank) == 0
    assert by_node[0].degree == 6 and by_node[0].weighted_degree == 6.0
    assert by_node[0].betweenness == pytest.approx(1.0)


def test_louvain_splits_two_dense_clusters_joined_by_one_edge() -> None:
    left = nx.complete_graph(range(0, 6)).edges()
    right = nx.complete_graph(range(6, 11)).edges()
    g = network([*left, *right, (5, 6)])
    found = communities(g)
    assert found == [frozenset(range(6)), frozenset(range(6, 11))]  # largest first
    assert summary(g)["communities"] == 2
    assert {centrality(g)[n].community for n in range(6)} == {0}


def delta_world() -> nx.Graph:
    """A Shanghai park (1) linking a Hefei base group (2, 3, 4) and Helsinki (5) / Sydney (6).

    The park knows Hefei bases 2 and 3 and both overseas partners; base 4 reaches the
    park only through 2 or 3, and Helsinki and Sydney also know each other.
    """
    regions = {1: "shanghai", 2: "anhui", 3: "anhui", 4: "anhui", 5: "overseas", 6: "overseas"}
    edges = [(1, 2), (1, 3), (2, 3), (2, 4), (3, 4), (1, 5), (1, 6), (5, 6)]
    return network(edges, regions=regions)


def test_shanghai_park_brokers_between_hefei_and_the_world() -> None:
    g = delta_world()
    brokers = delta_overseas_brokers(g)
    park = brokers[0]
    assert park.partner == 1 and park.slug == "p1"
    # 8 (Delta, overseas) pairs; the park carries every one except its own two.
    assert park.share == pytest.approx(6 / 8)
    assert [b.partner for b in brokers] == [1, 2, 3]  # 2 and 3 split base 4's routes
    assert brokers[1].share == pytest.approx(1 / 8)
    assert park.constraint < brokers[1].constraint
    assert park.effective_size > brokers[1].effective_size


def test_broker_share_is_a_fraction_of_pairs() -> None:
    g = network([(1, 2), (2, 3)], regions={1: "jiangsu", 2: "shanghai", 3: "overseas"})
    # pairs (1, 3) and (2, 3): 2 carries the first and is an end of the second
    assert [(b.partner, b.share) for b in delta_overseas_brokers(g)] == [(2, 0.5)]


def test_no_brokers_without_both_sides() -> None:
    assert delta_overseas_brokers(network([(1, 2), (2, 3)])) == []


def test_cross_group_edges_put_the_delta_end_first() -> None:
    assert cross_group_edges(delta_world()) == [(1, 5), (1, 6)]
    g = network([(9, 1)], regions={9: "overseas", 1: "zhejiang"})
    assert cross_group_edges(g) == [(1, 9)]


def test_isolated_pendant_and_outer_shell() -> None:
    # a triangle 1-2-3, a chain 3-4-5 hanging off it, and 6 with no link
    g = network([(1, 2), (2, 3), (1, 3), (3, 4), (4, 5)], nodes=[6])
    periphery = isolated_and_peripheral(g)
    assert periphery.isolated == [6]
    assert periphery.pendant == [5]
    assert periphery.outer_shell == [4, 5]
    assert summary(g)["isolated"] == ["p6"]


def test_suggestions_name_the_common_neighbour() -> None:
    g = network([(1, 2), (2, 3), (3, 4), (4, 1), (1, 5)])  # square 1-2-3-4 plus 5 on 1
    suggestions = suggest_links(g, top=10)
    pairs = {(s.a, s.b): s for s in suggestions}
    assert set(pairs) == {(1, 3), (2, 4), (2, 5), (4, 5)}
    assert pairs[1, 3].via == (2, 4) and pairs[1, 3].via_slugs == ("p2", "p4")
    assert pairs[2, 5].via_slugs == ("p1",)
    # 1 and 3 share two partners; 2 and 4 share 1 and 3, but 1 is busier
    assert (suggestions[0].a, suggestions[0].b) == (1, 3)
    assert suggest_links(g, top=1) == suggestions[:1]


def test_summary_shape_is_json_ready() -> None:
    g = network([(1, 2), (2, 3)], nodes=[4])
    result = summary(g)
    assert list(result) == [
        "nodes", "edges", "components", "communities", "density", "top", "bridges", "isolated",
    ]  # fmt: skip
    assert list(result["top"]) == ["degree", "betweenness", "pagerank"]
    assert (result["nodes"], result["edges"], result["components"]) == (4, 2, 2)
    assert result["density"] == pytest.approx(2 / 6, rel=1e-3)
    assert result["bridges"] == [["p1", "p2"], ["p2", "p3"]]
    assert json.loads(json.dumps(result)) == result


def test_empty_graph_summary() -> None:
    result = summary(nx.Graph())
    assert (result["nodes"], result["communities"], result["top"]["degree"]) == (0, 0, [])


def test_betweenness_is_exact_within_the_work_bound_and_a_seeded_estimate_beyond(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    g = network(nx.path_graph(30).edges())
    exact = nx.betweenness_centrality(g, weight="distance")
    assert metrics.exact_betweenness(g)
    assert metrics.betweenness(g) == pytest.approx(exact, abs=1e-9)
    monkeypatch.setattr(metrics, "EXACT_BETWEENNESS_MAX_WORK", 100)
    monkeypatch.setattr(metrics, "BETWEENNESS_SAMPLES", 5)
    assert not metrics.exact_betweenness(g)
    estimate = metrics.betweenness(g)
    assert estimate == metrics.betweenness(g)  # same seed, same estimate
    assert estimate != pytest.approx(exact, abs=1e-9)
    assert max(estimate, key=estimate.get) in {13, 14, 15, 16}  # still the middle of the path


def test_brokers_do_not_depend_on_which_side_is_larger() -> None:
    # delta_world with the sides swapped: the same pairs, so the same shares
    g = delta_world()
    mirror = g.copy()
    for _, data in mirror.nodes(data=True):
        data["region"] = "shanghai" if data["region"] == "overseas" else "overseas"
        data["delta"] = data["region"] == "shanghai"
    shares = [(b.partner, b.share) for b in delta_overseas_brokers(g)]
    assert [(b.partner, b.share) for b in delta_overseas_brokers(mirror)] == shares
