"""Who can introduce us to X: strongest-tie chains of cooperation between two partners (pure).

A path's length is the sum of ``distance`` = 1/weight over its links, so a path made of
strong ties is short even with an extra hop: two close partners introduce better than
one hop through a stranger.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import islice, pairwise

import networkx as nx

from graph.errors import GraphError, NoPath, UnknownPartner

__all__ = ["NoPath", "PathResult", "UnknownPartner", "introduction_path"]


@dataclass(frozen=True)
class PathResult:
    """One chain of introductions from ``nodes[0]`` to ``nodes[-1]``.

    ``strength`` is the weakest link's weight: an introduction chain is only as good as
    its weakest tie, and, unlike a product, the minimum stays in the units staff enter
    (a weight of 3 means "three cooperations"). ``distance`` is the sum of 1/weight the
    ranking used (lower is better).
    """

    nodes: tuple[int, ...]
    slugs: tuple[str, ...]
    strength: float
    distance: float

    @property
    def intermediaries(self) -> tuple[int, ...]:
        """The partners doing the introducing, in order (the endpoints excluded)."""
        return self.nodes[1:-1]

    @property
    def hops(self) -> int:
        """How many links the chain uses."""
        return len(self.nodes) - 1


def introduction_path(g: nx.Graph, a: int, b: int, alternatives: int = 2) -> list[PathResult]:
    """The strongest-tie path from ``a`` to ``b``, then up to ``alternatives`` runners-up.

    Paths are simple (no partner twice) and ordered by total distance, so the first is
    the strongest-tie path and the rest are the next best (networkx's
    ``shortest_simple_paths``, Yen's algorithm).

    Raises:
        UnknownPartner: ``a`` or ``b`` is not in the graph.
        NoPath: no chain of links joins them.
        GraphError: ``a`` and ``b`` are the same partner, or ``alternatives`` is negative.
    """
    _check_question(g, a, b, alternatives)
    found = nx.shortest_simple_paths(g, a, b, weight="distance")
    try:
        return [_path_result(g, path) for path in islice(found, 1 + alternatives)]
    except nx.NetworkXNoPath:
        raise NoPath(a, b) from None


def _check_question(g: nx.Graph, a: int, b: int, alternatives: int) -> None:
    """Refuse questions with no sensible answer before any search starts."""
    for partner in (a, b):
        if partner not in g:
            raise UnknownPartner(partner)
    if a == b:
        raise GraphError(f"Partner {a!r} needs no introduction to itself.")
    if alternatives < 0:
        raise GraphError(f"alternatives must be 0 or more, not {alternatives!r}.")


def _path_result(g: nx.Graph, path: list[int]) -> PathResult:
    """Describe one path of node ids as a :class:`PathResult`."""
    links = [g.edges[u, v] for u, v in pairwise(path)]
    return PathResult(
        nodes=tuple(path),
        slugs=tuple(g.nodes[n]["slug"] for n in path),
        strength=min(link["weight"] for link in links),
        distance=sum(link["distance"] for link in links),
    )
