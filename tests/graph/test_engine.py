"""The compiled engine answers what networkx's exact algorithms answer, on small graphs."""

from __future__ import annotations

import random

import networkx as nx
import pytest

from graph import engine
from graph.build import LinkEdge, PartnerNode, build_graph


def weighted(seed: int, nodes: int = 40, edges: int = 90, isolated: int = 2) -> nx.Graph:
    """A seeded random network built like real rows: weights 1–5, some pairs linked twice
    (weights add up), and a few partners without links."""
    rng = random.Random(seed)
    shape = nx.gnm_random_graph(nodes, edges, seed=seed)
    partners = [
        PartnerNode(n, f"p{n}", f"P{n}", f"伙伴{n}", "park", "shanghai", "CN", "")
        for n in range(nodes + isolated)
    ]
    links = [LinkEdge(u, v, "mou", float(rng.randint(1, 5))) for u, v in shape.edges()]
    links += [LinkEdge(u, v, "cohost", 2.0) for u, v in list(shape.edges())[::7]]
    return build_graph(partners, links)


def karate() -> nx.Graph:
    g = nx.karate_club_graph()
    for _, _, data in g.edges(data=True):
        data["distance"] = 1 / data["weight"]
    return g


GRAPHS = [weighted(seed) for seed in range(6)] + [karate(), nx.les_miserables_graph()]


@pytest.mark.parametrize("g", GRAPHS)
def test_betweenness_equals_networkx_exact(g: nx.Graph) -> None:
    weight = "distance" if "distance" in next(iter(g.edges(data=True)))[2] else "weight"
    ours = engine.betweenness(g, weight=weight)
    assert ours == pytest.approx(nx.betweenness_centrality(g, weight=weight), abs=1e-9)


def test_betweenness_counts_every_tie_as_networkx_does() -> None:
    # Unit lengths on a grid: many equally short routes between most pairs.
    g = nx.grid_2d_graph(5, 6)
    ours = engine.betweenness(g, weight="length")
    assert ours == pytest.approx(nx.betweenness_centrality(g), abs=1e-9)


@pytest.mark.parametrize("g", GRAPHS)
def test_pagerank_equals_networkx(g: nx.Graph) -> None:
    ours = engine.pagerank(g, weight="weight")
    tight = nx.pagerank(g, weight="weight", tol=1e-13, max_iter=2000)
    assert ours == pytest.approx(tight, abs=1e-9)
    assert sum(ours.values()) == pytest.approx(1.0)
    # networkx's default tolerance (what the pages used to show) is coarser than ours
    assert ours == pytest.approx(nx.pagerank(g, weight="weight"), abs=1e-4)


@pytest.mark.parametrize("g", GRAPHS)
def test_communities_are_a_partition_as_good_as_networkx_louvain(g: nx.Graph) -> None:
    ours = engine.communities(g, seed=42, weight="weight")
    assert sorted(n for c in ours for n in c) == sorted(g)  # every partner exactly once
    theirs = nx.community.louvain_communities(g, weight="weight", seed=42)
    quality = nx.community.modularity(g, ours, weight="weight")
    assert quality >= nx.community.modularity(g, theirs, weight="weight") - 0.02
    assert engine.communities(g, seed=42, weight="weight") == ours  # seeded: stable


def test_communities_split_two_cliques_and_keep_loners_alone() -> None:
    g = nx.union(nx.complete_graph(range(6)), nx.complete_graph(range(6, 11)))
    g.add_edge(5, 6)
    g.add_node(99)
    found = {frozenset(c) for c in engine.communities(g, seed=1)}
    assert found == {frozenset(range(6)), frozenset(range(6, 11)), frozenset({99})}


def test_estimated_betweenness_is_seeded_and_near_the_exact_one() -> None:
    g = karate()
    exact = engine.betweenness(g)
    estimate = engine.estimated_betweenness(g, samples=200, seed=7)
    assert engine.estimated_betweenness(g, samples=200, seed=7) == estimate
    assert max(estimate, key=estimate.get) == max(exact, key=exact.get)
    assert sum(estimate.values()) == pytest.approx(sum(exact.values()), rel=0.25)


@pytest.mark.parametrize("size", [0, 1, 2])
def test_tiny_graphs(size: int) -> None:
    g = nx.path_graph(size)
    assert engine.betweenness(g) == nx.betweenness_centrality(g)
    assert engine.pagerank(g) == pytest.approx(nx.pagerank(g))
    assert sorted(n for c in engine.communities(g, seed=1) for n in c) == list(range(size))


def test_edge_arrays_keep_node_order_and_weights() -> None:
    g = nx.Graph()
    g.add_nodes_from([30, 10, 20])
    g.add_edge(10, 20, weight=3.0)
    edges = engine.edge_arrays(g, "weight")
    assert edges.nodes == [30, 10, 20]
    assert (list(edges.heads), list(edges.tails), list(edges.values)) == ([1], [2], [3.0])
