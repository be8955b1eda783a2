"""Routes between two groups of partners agree with networkx's subset betweenness."""

from __future__ import annotations

import networkx as nx
import pytest

from graph import routes
from graph.routes import routes_through
from tests.graph.test_engine import karate, weighted


def networkx_routes(g: nx.Graph, sources, targets, weight: str) -> dict:
    # networkx halves undirected subset betweenness although each pair is walked once.
    raw = nx.betweenness_centrality_subset(g, sources, targets, weight=weight)
    return {n: 2 * b for n, b in raw.items()}


@pytest.mark.parametrize("seed", range(5))
def test_weighted_routes_equal_networkx(seed: int) -> None:
    g = weighted(seed)
    sources = [n for n in g if n % 4 == 0]
    targets = [n for n in g if n % 4 != 0]
    ours = routes_through(g, sources, targets)
    assert ours == pytest.approx(networkx_routes(g, sources, targets, "distance"), abs=1e-9)


def test_equally_short_routes_are_shared_as_in_networkx() -> None:
    g = nx.grid_2d_graph(4, 5)  # unit lengths: many ties
    sources, targets = [(0, 0), (3, 4)], [n for n in g if n[0] in (1, 2)]
    ours = routes_through(g, sources, targets, weight="length")
    assert ours == pytest.approx(networkx_routes(g, sources, targets, "length"), abs=1e-9)


def test_batches_add_up_to_the_same_answer(monkeypatch: pytest.MonkeyPatch) -> None:
    g = karate()
    sources, targets = list(range(0, 34, 3)), list(range(1, 34, 3))
    whole = routes_through(g, sources, targets)
    monkeypatch.setattr(routes, "CELLS_PER_BATCH", 1)  # one source per batch
    assert routes_through(g, sources, targets) == pytest.approx(whole, abs=1e-12)
    assert whole == pytest.approx(networkx_routes(g, sources, targets, "distance"), abs=1e-9)


def test_unreachable_targets_and_loners_carry_nothing() -> None:
    g = nx.Graph([(1, 2), (2, 3), (4, 5)], distance=1.0)
    g.add_node(6)
    assert routes_through(g, [1, 4, 6], [3, 5]) == {1: 0, 2: 1.0, 3: 0, 4: 0, 5: 0, 6: 0}
