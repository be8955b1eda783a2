"""introduction_path: strongest-tie chains, their alternatives, and the questions refused."""

from __future__ import annotations

import networkx as nx
import pytest

from graph.build import LinkEdge, PartnerNode, build_graph
from graph.errors import GraphError
from graph.paths import NoPath, UnknownPartner, introduction_path


def network(weighted_edges: list[tuple[int, int, float]], nodes: tuple[int, ...] = ()) -> nx.Graph:
    """A cooperation graph; partner ``n`` has slug ``p<n>``."""
    ids = sorted({*nodes, *(n for u, v, _ in weighted_edges for n in (u, v))})
    partners = [PartnerNode(n, f"p{n}", f"P{n}", "", "park", "shanghai", "CN", "") for n in ids]
    return build_graph(partners, [LinkEdge(u, v, "mou", w) for u, v, w in weighted_edges])


def test_strong_ties_beat_a_weak_direct_link() -> None:
    # 1-2 directly by a weak tie (distance 1), or via 3 by two strong ties (0.1 + 0.1)
    g = network([(1, 2, 1.0), (1, 3, 10.0), (3, 2, 10.0)])
    best, alternative = introduction_path(g, 1, 2)
    assert best.nodes == (1, 3, 2) and best.slugs == ("p1", "p3", "p2")
    assert (best.intermediaries, best.hops, best.strength) == ((3,), 2, 10.0)
    assert best.distance == pytest.approx(0.2)
    assert (alternative.nodes, alternative.intermediaries, alternative.hops) == ((1, 2), (), 1)
    assert alternative.strength == 1.0


def test_strength_is_the_weakest_link() -> None:
    g = network([(1, 2, 5.0), (2, 3, 0.5), (3, 4, 5.0)])
    (only,) = introduction_path(g, 1, 4)
    assert (only.strength, only.intermediaries) == (0.5, (2, 3))


def test_alternatives_come_in_order_and_stop_when_none_are_left() -> None:
    g = network([(1, 2, 1), (2, 4, 1), (1, 3, 2), (3, 4, 2), (1, 5, 4), (5, 4, 4)])
    found = introduction_path(g, 1, 4, alternatives=5)
    assert [p.intermediaries for p in found] == [(5,), (3,), (2,)]
    assert [p.nodes for p in introduction_path(g, 1, 4, alternatives=0)] == [(1, 5, 4)]


def test_no_path_across_components() -> None:
    g = network([(1, 2, 1), (3, 4, 1)])
    with pytest.raises(NoPath, match="partner 1 to partner 4") as caught:
        introduction_path(g, 1, 4)
    assert isinstance(caught.value, ValueError)
    assert (caught.value.source, caught.value.target) == (1, 4)


def test_unknown_partner_is_named() -> None:
    g = network([(1, 2, 1)])
    with pytest.raises(UnknownPartner, match="42"):
        introduction_path(g, 1, 42)


@pytest.mark.parametrize(("a", "b", "alternatives"), [(1, 1, 2), (1, 2, -1)])
def test_questions_without_an_answer_are_refused(a: int, b: int, alternatives: int) -> None:
    with pytest.raises(GraphError):
        introduction_path(network([(1, 2, 1)]), a, b, alternatives)
