"""How many shortest routes between two groups of partners run through each partner (pure).

This is betweenness restricted to (source, target) pairs, the measure behind the Delta ↔
overseas brokers. networkit has no such variant and networkx's takes minutes on a few
thousand partners, so it is computed here with numpy and scipy, many sources at once:

1. scipy's compiled Dijkstra gives the distances from a batch of sources;
2. an arc u→v lies on a shortest route from s exactly when ``d(s,u) + len(u,v) == d(s,v)``
   (the same floating-point test networkx makes, so ties are found alike);
3. path counts and Brandes' dependencies follow from these arcs as two triangular systems,
   solved by repeated sparse products: the arcs form a DAG, so the iteration is exact
   after as many rounds as the longest route has hops.

The answer equals ``2 * nx.betweenness_centrality_subset(g, sources, targets, weight)``
(networkx halves its undirected result), which ``tests/graph/test_routes.py`` checks.
"""

from __future__ import annotations

from collections.abc import Collection, Hashable
from typing import TYPE_CHECKING

from graph.engine import Edges, edge_arrays

if TYPE_CHECKING:
    import networkx as nx
    import numpy as np

# Distances of one batch of sources are a (batch × partners) matrix and the arc test a
# (batch × 2·links) one: this many cells per batch keeps a batch near 50 MB at any size.
CELLS_PER_BATCH = 3_000_000


def routes_through(
    g: nx.Graph,
    sources: Collection[Hashable],
    targets: Collection[Hashable],
    weight: str = "distance",
) -> dict[Hashable, float]:
    """Per partner, the (source, target) pairs whose shortest routes run through it.

    A pair with several equally short routes counts for each partner the share of its
    routes through that partner. Endpoints do not count for themselves, and a pair counts
    once whichever way it is walked; ``weight`` is the edge length.
    """
    import numpy as np

    edges = edge_arrays(g, weight)
    n = len(edges.nodes)
    index = {node: i for i, node in enumerate(edges.nodes)}
    is_target = np.zeros(n)
    is_target[[index[t] for t in targets]] = 1.0
    starts = np.array([index[s] for s in sources], dtype=np.int64)
    total = np.zeros(n)
    batch = max(1, CELLS_PER_BATCH // (n + 2 * len(edges.values) + 1))
    for first in range(0, len(starts), batch):
        total += _dependencies(edges, starts[first : first + batch], is_target)
    return {node: float(total[i]) for i, node in enumerate(edges.nodes)}


def _dependencies(edges: Edges, starts: np.ndarray, is_target: np.ndarray) -> np.ndarray:
    """Brandes' dependencies on the targets, summed over the sources ``starts``."""
    import numpy as np

    n, b = len(edges.nodes), len(starts)
    tails = np.concatenate([edges.heads, edges.tails])  # every edge both ways
    heads = np.concatenate([edges.tails, edges.heads])
    lengths = np.concatenate([edges.values, edges.values])
    dag = _shortest_route_arcs(n, tails, heads, lengths, starts)  # (b·n)², row u → column v
    origin = np.zeros(b * n)
    origin[np.arange(b) * n + starts] = 1.0
    paths = _closure(dag.T.tocsr(), origin)  # σ: shortest routes from the source
    reached = paths > 0
    counted = np.where(reached, np.tile(is_target, b), 0.0)
    share = np.divide(counted, paths, out=np.zeros_like(paths), where=reached)
    # y(p) = 1_T(p)/σ(p) + Σ over children t of y(t); then δ(p) = σ(p) · Σ children y(t).
    below = _closure(dag, share)
    dependency = paths * (below - share)
    dependency[np.arange(b) * n + starts] = 0.0
    return dependency.reshape(b, n).sum(axis=0)


def _shortest_route_arcs(
    n: int, tails: np.ndarray, heads: np.ndarray, lengths: np.ndarray, starts: np.ndarray
):
    """The arcs on shortest routes from each start, as one block-diagonal sparse matrix."""
    import numpy as np
    import scipy.sparse as sp
    from scipy.sparse.csgraph import dijkstra

    graph = sp.csr_array((lengths, (tails, heads)), shape=(n, n))
    # One row per partner, one column per start: the arc test then reads whole rows, about
    # three times faster than gathering columns of the (start × partner) matrix.
    distance = np.ascontiguousarray(dijkstra(graph, directed=True, indices=starts).T)
    before = distance[tails]
    on_route = np.isfinite(before) & (before + lengths[:, None] == distance[heads])
    arc, block = np.nonzero(on_route)
    size = len(starts) * n
    rows, cols = block * n + tails[arc], block * n + heads[arc]
    return sp.csr_array((np.ones(len(arc)), (rows, cols)), shape=(size, size))


def _closure(step, start: np.ndarray) -> np.ndarray:
    """The fixed point of ``x = start + step @ x``; reached exactly, ``step`` being a DAG."""
    import numpy as np

    x = start
    while True:
        following = start + step @ x
        if np.array_equal(following, x):
            return x
        x = following
