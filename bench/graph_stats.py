"""Benchmark: ``graph.metrics.summary`` against bare networkx computing the same metrics.

Usage (from the project root)::

    python bench/graph_stats.py [--repeats N] [--sizes 2000x10000,10000x50000]

For each size a seeded power-law cluster graph gets random weights (1–5) and regions
(one partner in ten overseas), is turned into partner and link rows and built with
``build_graph``. ``summary`` and a bare script then run on that same graph in the same
process, alternating which goes first, and the best time of each is compared. Both
estimate betweenness from the same seeded sample of sources above
``EXACT_BETWEENNESS_MAX_NODES`` (networkx's ``k``), which dominates the cost. The
target is ours / bare <= 1.2.
"""

from __future__ import annotations

import argparse
import heapq
import random
import time
from collections.abc import Callable
from typing import Any

import networkx as nx

from graph.build import LinkEdge, PartnerNode, build_graph
from graph.metrics import (
    BETWEENNESS_SAMPLES,
    EXACT_BETWEENNESS_MAX_NODES,
    SEED,
    summary,
)

REGIONS = ("shanghai", "jiangsu", "zhejiang", "anhui")
TARGET_RATIO = 1.2


def random_network(nodes: int, edges: int, seed: int = 7) -> nx.Graph:
    """A seeded power-law cluster graph of about ``edges`` links, built like real rows."""
    rng = random.Random(seed)
    shape = nx.powerlaw_cluster_graph(nodes, max(1, edges // nodes), 0.1, seed=seed)
    partners = [_random_partner(n, rng) for n in shape]
    links = [LinkEdge(u, v, "mou", float(rng.randint(1, 5))) for u, v in shape.edges()]
    return build_graph(partners, links)


def _random_partner(n: int, rng: random.Random) -> PartnerNode:
    """Partner ``n``: overseas one time in ten, else in a random Delta region."""
    region = "overseas" if rng.random() < 0.1 else rng.choice(REGIONS)
    return PartnerNode(n, f"p{n}", f"Partner {n}", f"伙伴{n}", "park", region, "CN", "")


def bare_summary(g: nx.Graph, top: int = 5) -> dict[str, Any]:
    """The same metrics as ``summary``, straight from networkx, ids instead of slugs."""
    n = g.number_of_nodes()
    k = None if n <= EXACT_BETWEENNESS_MAX_NODES else min(n, BETWEENNESS_SAMPLES)
    leaders = {
        "degree": dict(g.degree()),
        "betweenness": nx.betweenness_centrality(g, k=k, weight="distance", seed=SEED),
        "pagerank": nx.pagerank(g, weight="weight"),
    }
    return {
        "nodes": n,
        "edges": g.number_of_edges(),
        "components": nx.number_connected_components(g),
        "communities": len(nx.community.louvain_communities(g, weight="weight", seed=SEED)),
        "density": nx.density(g),
        "top": {m: heapq.nlargest(top, v.items(), key=lambda i: i[1]) for m, v in leaders.items()},
        "bridges": list(nx.bridges(g)),
        "isolated": list(nx.isolates(g)),
    }


def timed(run: Callable[[], Any]) -> tuple[float, Any]:
    """CPU seconds one call of ``run`` takes, and its result.

    CPU time of this process rather than wall time: the comparison should not depend on
    whatever else the machine is running (test suites, other benchmarks) meanwhile.
    """
    started = time.process_time()
    result = run()
    return time.process_time() - started, result


def compare(g: nx.Graph, repeats: int) -> tuple[float, float]:
    """Best seconds of ``summary`` and of the bare script over ``repeats`` alternating rounds."""
    ours, bare = [], []
    for round_ in range(repeats):
        # Alternate who runs first so warm caches and CPU boost favour neither side.
        pair = [(ours, lambda: summary(g)), (bare, lambda: bare_summary(g))]
        for times, run in pair if round_ % 2 == 0 else reversed(pair):
            seconds, result = timed(run)
            times.append(seconds)
        assert result["communities"] > 0
    return min(ours), min(bare)


def main() -> None:
    """Run every size and print one line per size with both times and their ratio."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--sizes", default="2000x10000,10000x50000")
    args = parser.parse_args()
    print(f"{'graph':>14} {'build':>8} {'summary':>9} {'bare nx':>9} {'ratio':>6}  target")
    for size in args.sizes.split(","):
        nodes, edges = (int(part) for part in size.split("x"))
        build_seconds, g = timed(lambda n=nodes, m=edges: random_network(n, m))
        ours, bare = compare(g, args.repeats)
        label = f"{g.number_of_nodes()}/{g.number_of_edges()}"
        verdict = "ok" if ours / bare <= TARGET_RATIO else "SLOW"
        print(
            f"{label:>14} {build_seconds:7.2f}s {ours:8.2f}s {bare:8.2f}s {ours / bare:6.3f}"
            f"  <= {TARGET_RATIO} {verdict}",
            flush=True,
        )


if __name__ == "__main__":
    main()
