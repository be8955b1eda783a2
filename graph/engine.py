"""The compiled engine behind the costly network metrics: networkit on a copy of the graph (pure).

networkx stays the model: :func:`graph.build.build_graph` builds, filters and exports the
``nx.Graph`` as before. For the metrics that cost O(nm) or iterate over the whole graph
(betweenness, PageRank, Louvain communities) the graph is copied into networkit's compact
C++ graph, node ``i`` standing for partner ``nodes[i]``, the algorithm runs there and the
results come back keyed by partner id. Each function answers what networkx's exact
algorithm answers (``tests/graph/test_engine.py`` compares them): the same normalisation,
the same weights, the same treatment of partners without links.

networkx, networkit and numpy are imported only when a metric runs, so building the app
or running a command that measures nothing does not pay for them. Without networkit (and so
without numpy), PageRank and the communities fall back to plain Python, which is what keeps
the public network page working in an install without the compiled libraries.
"""

from __future__ import annotations

from collections.abc import Hashable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import networkit
    import networkx as nx
    import numpy as np

# Betweenness is summed per thread and the sums added up in whichever order the threads
# finish, so the last bits of a score can differ between two runs. Rounding to twelve
# significant digits (far below what any page shows) keeps equal scores equal, which is
# what keeps leaderboards, ranked with ties broken by slug, stable from run to run.
BETWEENNESS_DIGITS = 12


@dataclass(frozen=True)
class Edges:
    """The graph as arrays: edge ``k`` joins ``nodes[heads[k]]`` and ``nodes[tails[k]]``.

    ``values`` holds each edge's weight attribute (``distance`` or ``weight``); every
    undirected edge appears once.
    """

    nodes: list[Hashable]
    heads: np.ndarray
    tails: np.ndarray
    values: np.ndarray


def edge_arrays(g: nx.Graph, weight: str) -> Edges:
    """``g``'s edges as index arrays plus the ``weight`` attribute of each."""
    import numpy as np

    nodes = list(g)
    index = {node: i for i, node in enumerate(nodes)}
    m = g.number_of_edges()
    heads, tails, values = (np.empty(m, dtype=t) for t in (np.int64, np.int64, np.float64))
    for k, (u, v, value) in enumerate(g.edges(data=weight, default=1.0)):
        heads[k], tails[k], values[k] = index[u], index[v], value
    return Edges(nodes, heads, tails, values)


def compiled(edges: Edges) -> networkit.Graph:
    """The undirected, weighted networkit graph of ``edges`` (node ``i`` = ``nodes[i]``)."""
    import networkit as nk

    coo = (edges.values, (edges.heads, edges.tails))
    return nk.GraphFromCoo(coo, n=len(edges.nodes), weighted=True, directed=False)


def betweenness(g: nx.Graph, weight: str = "distance") -> dict[Hashable, float]:
    """Exact normalised betweenness with ``weight`` as edge length.

    Equals ``nx.betweenness_centrality(g, weight=weight)``: the count of shortest paths
    through a partner over all ordered pairs, divided by (n-1)(n-2).
    """
    import networkit as nk

    if len(g) == 0:
        return {}
    edges = edge_arrays(g, weight)
    raw = nk.centrality.Betweenness(compiled(edges), normalized=False).run().scores()
    return _normalised(edges, raw)


def estimated_betweenness(
    g: nx.Graph, samples: int, seed: int, weight: str = "distance"
) -> dict[Hashable, float]:
    """Betweenness as :func:`betweenness`, estimated from ``samples`` seeded sources.

    networkit's estimator (Geisberger, Sanders and Schultes) weighs each sampled route by
    how far along it a partner sits, which removes the bias of plain source sampling; the
    sources are drawn before the parallel part, so a seed gives the same estimate.
    """
    import networkit as nk

    if len(g) == 0:
        return {}
    edges = edge_arrays(g, weight)
    nk.setSeed(seed, False)
    estimate = nk.centrality.EstimateBetweenness(compiled(edges), samples, False, True)
    return _normalised(edges, estimate.run().scores())


def _normalised(edges: Edges, raw: list[float]) -> dict[Hashable, float]:
    """networkit's ordered-pair counts, scaled as networkx scales them."""
    n = len(edges.nodes)
    # networkit counts every ordered pair of an undirected graph, as networkx does before
    # its rescaling; networkx leaves graphs of two partners or fewer unscaled.
    scale = 1 / ((n - 1) * (n - 2)) if n > 2 else 1.0
    return {
        node: float(f"{raw[i] * scale:.{BETWEENNESS_DIGITS}g}")
        for i, node in enumerate(edges.nodes)
    }


def pagerank(
    g: nx.Graph, weight: str = "weight", alpha: float = 0.85, tol: float = 1e-10
) -> dict[Hashable, float]:
    """PageRank with ``weight`` as edge strength, as ``nx.pagerank(g, weight=weight)``.

    A partner without links (a sink) hands its rank to everyone evenly, as in networkx;
    the iteration runs to a tighter tolerance than networkx's default, so the two agree
    to networkx's own precision.
    """
    if len(g) == 0:
        return {}
    nk = _networkit()
    if nk is None:
        return _pagerank_python(g, weight, alpha, tol)
    edges = edge_arrays(g, weight)
    algorithm = nk.centrality.PageRank(
        compiled(edges),
        damp=alpha,
        tol=tol,
        distributeSinks=nk.centrality.SinkHandling.DistributeSinks,
    )
    algorithm.norm = nk.centrality.Norm.L1_NORM
    scores = algorithm.run().scores()
    total = sum(scores)  # networkx's ranks add up to one; make sure ours do too
    return {node: scores[i] / total for i, node in enumerate(edges.nodes)}


def communities(g: nx.Graph, seed: int, weight: str = "weight") -> list[frozenset[Hashable]]:
    """Louvain communities on ``weight`` (networkit's PLM with refinement), unordered.

    The sequential variant with a fixed seed is deterministic: the same graph always gets
    the same partition, which keeps community colours and ids stable between page loads.
    Partners without links are communities of their own, as in networkx.
    """
    if len(g) == 0:
        return []
    nk = _networkit()
    if nk is None:
        import networkx as nx

        return [frozenset(c) for c in nx.community.louvain_communities(g, weight, seed=seed)]
    edges = edge_arrays(g, weight)
    nk.setSeed(seed, False)
    partition = _plm(nk, compiled(edges))
    groups: dict[int, set[Hashable]] = {}
    for i, node in enumerate(edges.nodes):
        groups.setdefault(partition[i], set()).add(node)
    return [frozenset(group) for group in groups.values()]


def _plm(nk: Any, graph: networkit.Graph) -> list[int]:
    """PLM's subset id per node; ``par="none"`` moves nodes one by one, in a fixed order."""
    detector = nk.community.PLM(graph, refine=True, gamma=1.0, par="none")
    return detector.run().getPartition().getVector()


def _networkit() -> Any:
    """networkit, or None where it (or numpy, which it needs) is not installed."""
    try:
        import networkit
    except ImportError:
        return None
    return networkit


def _pagerank_python(g: nx.Graph, weight: str, alpha: float, tol: float) -> dict[Hashable, float]:
    """networkx's PageRank by plain power iteration (the fallback without networkit)."""
    n = len(g)
    strength = {u: sum(d.get(weight, 1.0) for d in g[u].values()) for u in g}
    rank = dict.fromkeys(g, 1.0 / n)
    for _round in range(1000):
        sinks = alpha * sum(rank[u] for u in g if not strength[u]) / n
        following = dict.fromkeys(g, (1 - alpha) / n + sinks)
        for u in g:
            if strength[u]:
                share = alpha * rank[u] / strength[u]
                for v, d in g[u].items():
                    following[v] += share * d.get(weight, 1.0)
        change = sum(abs(following[u] - rank[u]) for u in g)
        rank = following
        if change < n * tol:
            break
    total = sum(rank.values())
    return {u: r / total for u, r in rank.items()}
