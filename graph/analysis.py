"""The parts of a cached snapshot the pages, the API and the CLI use, each computed once.

Every part is computed on demand by the first request that needs it and kept with the
snapshot (one per data version and date window, see :mod:`graph.cache`). The brokerage
measures run on compiled code, so even they are ready within the request.
"""

from __future__ import annotations

import json
from typing import Any

import networkx as nx

from graph import drawing, metrics
from graph.cache import Snapshot
from graph.growth import YearRow, growth_by_year


def ranking(snap: Snapshot) -> dict[int, dict[str, float | int]]:
    """Per partner: degree, weighted degree, PageRank and community (fast measures only)."""
    return snap.part("ranking", _ranking)


def _ranking(snap: Snapshot) -> dict[int, dict[str, float | int]]:
    g = snap.graph
    rank = metrics.pagerank(g)
    community_of = {n: i for i, c in enumerate(metrics.communities(g)) for n in c}
    return {
        n: {
            "degree": g.degree(n),
            "weighted_degree": float(g.degree(n, weight="weight")),
            "pagerank": rank[n],
            "community": community_of[n],
        }
        for n in g
    }


def positions(snap: Snapshot) -> dict[int, tuple[float, float]]:
    return snap.part("layout", lambda s: drawing.layout(s.graph, _community_members(s)))


def _community_members(snap: Snapshot) -> list[list[int]]:
    """The partners of each community, community 0 (the largest) first."""
    members: dict[int, list[int]] = {}
    for n, r in ranking(snap).items():
        members.setdefault(r["community"], []).append(n)
    return [members[c] for c in sorted(members)]


def community_leaders(snap: Snapshot) -> dict[int, int]:
    """Each community's most central partner (highest PageRank, then smallest slug): the
    partner the community is named after."""
    return snap.part("leaders", _community_leaders)


def _community_leaders(snap: Snapshot) -> dict[int, int]:
    slug = dict(snap.graph.nodes(data="slug"))
    best: dict[int, int] = {}
    for n, r in ranking(snap).items():
        c, current = r["community"], best.get(r["community"])
        if current is None or (-r["pagerank"], slug[n]) < (
            -ranking(snap)[current]["pagerank"],
            slug[current],
        ):
            best[c] = n
    return best


def structure(snap: Snapshot) -> dict[str, Any]:
    """Bridges, periphery, link suggestions and the headline counts."""
    return snap.part("structure", _structure)


def _structure(snap: Snapshot) -> dict[str, Any]:
    g = snap.graph
    return {
        "nodes": g.number_of_nodes(),
        "edges": g.number_of_edges(),
        "components": nx.number_connected_components(g) if len(g) else 0,
        "communities": len({r["community"] for r in ranking(snap).values()}),
        "density": nx.density(g) if len(g) > 1 else 0.0,
        "bridges": metrics.bridges(g),
        "periphery": metrics.isolated_and_peripheral(g),
        "suggestions": metrics.suggest_links(g),
    }


def brokerage(snap: Snapshot) -> dict[str, Any]:
    """Betweenness and the Delta↔overseas brokers."""
    return snap.part("brokerage", _brokerage)


def _brokerage(snap: Snapshot) -> dict[str, Any]:
    return {
        "betweenness": metrics.betweenness(snap.graph),
        "brokers": metrics.delta_overseas_brokers(snap.graph),
    }


def growth(snap: Snapshot) -> list[YearRow]:
    """Growth by year over all the data (the date window does not apply to history)."""
    return snap.part("growth", lambda s: growth_by_year(s.partners, s.links))


def api_json(snap: Snapshot) -> bytes:
    """The JSON document of ``/api/v1/graph``, serialised once per snapshot."""
    return snap.part("api_json", _api_json)


def _api_json(snap: Snapshot) -> bytes:
    g, rank, pos = snap.graph, ranking(snap), positions(snap)
    nodes = [
        {
            "id": n,
            **{key: g.nodes[n][key] for key in ("slug", "name_en", "name_zh", "kind", "region")},
            "x": pos[n][0],
            "y": pos[n][1],
            **rank[n],
        }
        for n in g
    ]
    edges = [
        {"source": u, "target": v, "weight": d["weight"], "kinds": list(d["kinds"])}
        for u, v, d in g.edges(data=True)
    ]
    return json_bytes({"version": snap.version, "nodes": nodes, "edges": edges})


def json_bytes(document: Any) -> bytes:
    """Compact UTF-8 JSON (names stay readable Chinese rather than escapes)."""
    return json.dumps(document, ensure_ascii=False, separators=(",", ":"), default=str).encode()
