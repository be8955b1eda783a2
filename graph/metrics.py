"""Who matters in the cooperation network, and how it holds together (pure).

Every function takes the graph from :func:`graph.build.build_graph`. Distances for
shortest paths use the edge attribute ``distance`` (1/weight, so strong ties are short);
PageRank, Louvain and Burt's measures use ``weight`` directly.

The costly measures run on compiled code (:mod:`graph.engine`, :mod:`graph.routes`) and
agree with networkx's exact algorithms. Exact betweenness still costs O(nm): it is exact
up to :data:`EXACT_BETWEENNESS_MAX_WORK` (partners × links, a few seconds on one core);
beyond, networkit estimates it from :data:`BETWEENNESS_SAMPLES` seeded sources, so
repeated runs on the same graph agree.
"""

from __future__ import annotations

import heapq
import math
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

import networkx as nx

from graph import engine
from graph.build import OVERSEAS
from graph.holes import structural_holes
from graph.routes import routes_through

SEED = 42
# 2,000 partners with 10,000 links (2e7) take about a second, 10,000 with 50,000 (5e8)
# about a minute: the bound keeps exact scores within a few seconds.
EXACT_BETWEENNESS_MAX_WORK = 50_000_000
BETWEENNESS_SAMPLES = 256


@dataclass(frozen=True)
class NodeMetrics:
    """One partner's standing: ties (plain and weighted), brokerage, influence, community."""

    weighted_degree: float
    degree: int
    betweenness: float
    pagerank: float
    community: int


@dataclass(frozen=True)
class Broker:
    """A partner carrying strong routes between the Delta and overseas partners.

    ``share`` is the fraction of (Delta, overseas) partner pairs whose strongest route
    runs through the partner (split evenly when several routes tie). ``constraint``
    (Burt) is low and ``effective_size`` high when the partner's contacts do not know
    each other, i.e. when it spans a structural hole.
    """

    partner: int
    slug: str
    share: float
    constraint: float
    effective_size: float


@dataclass(frozen=True)
class Periphery:
    """Partners at the edge of the network.

    ``isolated`` have no link and ``pendant`` exactly one; ``outer_shell`` (the 1-shell
    of the k-core decomposition) hang on by a single chain of ties, pendants included.
    """

    isolated: list[int]
    pendant: list[int]
    outer_shell: list[int]


@dataclass(frozen=True)
class LinkSuggestion:
    """Two unlinked partners worth introducing, and the partners they both work with."""

    a: int
    b: int
    score: float
    via: tuple[int, ...]
    via_slugs: tuple[str, ...]


def betweenness(g: nx.Graph, *, seed: int = SEED) -> dict[int, float]:
    """Normalised betweenness on ``distance``, as networkx's; exact up to the work bound."""
    if exact_betweenness(g):
        return engine.betweenness(g, weight="distance")
    return engine.estimated_betweenness(g, BETWEENNESS_SAMPLES, seed, weight="distance")


def exact_betweenness(g: nx.Graph) -> bool:
    """Whether :func:`betweenness` is exact for ``g`` (else a seeded estimate)."""
    return len(g) * g.number_of_edges() <= EXACT_BETWEENNESS_MAX_WORK


def pagerank(g: nx.Graph) -> dict[int, float]:
    """PageRank on ``weight`` (networkx's, computed by networkit)."""
    return engine.pagerank(g, weight="weight")


def communities(g: nx.Graph, seed: int = SEED) -> list[frozenset[int]]:
    """Louvain communities (on ``weight``), largest first; ties broken by smallest id.

    The order is what makes community ids (list positions) stable between runs.
    """
    found = engine.communities(g, seed, weight="weight")
    return sorted(found, key=lambda c: (-len(c), min(c)))


def centrality(g: nx.Graph, *, seed: int = SEED) -> dict[int, NodeMetrics]:
    """Every partner's :class:`NodeMetrics`; each measure is computed once for all nodes."""
    between = betweenness(g, seed=seed)
    rank = pagerank(g)
    community_of = {n: i for i, c in enumerate(communities(g, seed)) for n in c}
    return {
        n: NodeMetrics(
            weighted_degree=float(g.degree(n, weight="weight")),
            degree=g.degree(n),
            betweenness=between[n],
            pagerank=rank[n],
            community=community_of[n],
        )
        for n in g
    }


def cross_group_edges(g: nx.Graph) -> list[tuple[int, int]]:
    """Edges joining a Delta partner and an overseas partner, as (delta, overseas), sorted."""
    found = []
    for u, v in g.edges():
        if g.nodes[v]["delta"] and g.nodes[u]["region"] == OVERSEAS:
            u, v = v, u
        if g.nodes[u]["delta"] and g.nodes[v]["region"] == OVERSEAS:
            found.append((u, v))
    return sorted(found)


def delta_overseas_brokers(g: nx.Graph, top: int = 10) -> list[Broker]:
    """The ``top`` partners carrying the strongest routes between the Delta and overseas.

    Betweenness restricted to (Delta source, overseas target) pairs on ``distance``;
    only partners that carry some such route are returned, most important first.
    Burt's constraint and effective size (:mod:`graph.holes`) are computed for those
    partners only.
    """
    delta = [n for n, d in g.nodes(data="delta") if d]
    overseas = [n for n, r in g.nodes(data="region") if r == OVERSEAS]
    if not delta or not overseas:
        return []
    # Routes are undirected, so either side may be the sources: one Dijkstra per source
    # makes the smaller side (usually overseas) far cheaper.
    sources, targets = sorted((delta, overseas), key=len)
    carried = routes_through(g, sources, targets, weight="distance")
    pairs = len(delta) * len(overseas)
    ranked = _top_items({n: c / pairs for n, c in carried.items() if c > 0}, top, g)
    holes = structural_holes(g, [n for n, _ in ranked], weight="weight")
    return [Broker(n, g.nodes[n]["slug"], share, *holes[n]) for n, share in ranked]


def bridges(g: nx.Graph) -> list[tuple[int, int]]:
    """Links whose loss would split the network, each as (smaller id, larger id), sorted."""
    return sorted(tuple(sorted(edge)) for edge in nx.bridges(g))


def isolated_and_peripheral(g: nx.Graph) -> Periphery:
    """Partners without links, with one link, and in the outermost k-core shell."""
    core = nx.core_number(g)
    return Periphery(
        isolated=sorted(n for n, d in g.degree() if d == 0),
        pendant=sorted(n for n, d in g.degree() if d == 1),
        outer_shell=sorted(n for n, k in core.items() if k == 1),
    )


def suggest_links(g: nx.Graph, top: int = 10) -> list[LinkSuggestion]:
    """The ``top`` unlinked pairs with the highest Adamic–Adar score.

    Only pairs with a common neighbour can score, so they are found by walking two
    hops instead of scoring all n² non-edges. Adamic–Adar ignores weights on purpose:
    a shared partner with few ties is a more telling introduction than a busy hub.
    """
    shared: dict[tuple[int, int], list[int]] = defaultdict(list)
    for w in g:
        around = sorted(g[w])
        for i, u in enumerate(around):
            for v in around[i + 1 :]:
                if not g.has_edge(u, v):
                    shared[u, v].append(w)
    scored = {pair: sum(1 / math.log(g.degree(w)) for w in via) for pair, via in shared.items()}
    best = heapq.nsmallest(top, scored, key=lambda pair: (-scored[pair], pair))
    return [_suggestion(g, pair, scored[pair], sorted(shared[pair])) for pair in best]


def _suggestion(g: nx.Graph, pair: tuple[int, int], score: float, via: list[int]) -> LinkSuggestion:
    """A :class:`LinkSuggestion` with the common neighbours named by slug."""
    slugs = tuple(g.nodes[w]["slug"] for w in via)
    return LinkSuggestion(pair[0], pair[1], score, tuple(via), slugs)


def summary(g: nx.Graph, top: int = 5, *, seed: int = SEED) -> dict[str, Any]:
    """The network at a glance, as JSON-ready data with partners named by slug.

    Shape: ``{"nodes", "edges", "components", "communities", "density", "top":
    {"degree", "betweenness", "pagerank"}, "bridges", "isolated"}``; each ``top`` list
    holds ``{"slug", "value"}`` (degree counts distinct partners), bridges are
    ``[slug, slug]`` pairs and isolated partners a list of slugs. Each metric is
    computed exactly once, which is what keeps this within reach of raw networkx.
    """
    slug = dict(g.nodes(data="slug"))
    leaders = {
        "degree": dict(g.degree()),
        "betweenness": betweenness(g, seed=seed),
        "pagerank": pagerank(g),
    }
    return {
        "nodes": g.number_of_nodes(),
        "edges": g.number_of_edges(),
        "components": nx.number_connected_components(g),
        "communities": len(communities(g, seed)),
        "density": _rounded(nx.density(g)),
        "top": {name: _leaderboard(values, top, g) for name, values in leaders.items()},
        "bridges": [[slug[u], slug[v]] for u, v in bridges(g)],
        "isolated": sorted(slug[n] for n in nx.isolates(g)),
    }


def _leaderboard(values: dict[int, float], top: int, g: nx.Graph) -> list[dict[str, Any]]:
    """The ``top`` partners by value as ``{"slug", "value"}`` rows."""
    return [
        {"slug": g.nodes[n]["slug"], "value": _rounded(v)} for n, v in _top_items(values, top, g)
    ]


def _top_items(values: dict[int, float], top: int, g: nx.Graph) -> list[tuple[int, float]]:
    """The ``top`` (partner, value) pairs, highest value first, ties by slug for stability."""
    return heapq.nsmallest(
        top, values.items(), key=lambda item: (-item[1], g.nodes[item[0]]["slug"])
    )


def _rounded(value: float) -> float | int:
    """Integers stay integers; other values keep four significant digits, which is
    enough to rank partners and still readable at 10,000 nodes (PageRank ~ 1e-4)."""
    if isinstance(value, int):
        return value
    return float(f"{value:.4g}")
