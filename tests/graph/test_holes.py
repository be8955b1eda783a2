"""Burt's constraint and effective size agree with networkx's weighted definitions."""

from __future__ import annotations

import math

import networkx as nx
import pytest

from graph.holes import structural_holes
from tests.graph.test_engine import karate, weighted


@pytest.mark.parametrize("g", [weighted(0), weighted(4), karate(), nx.les_miserables_graph()])
def test_constraint_and_effective_size_equal_networkx(g: nx.Graph) -> None:
    partners = list(g)
    ours = structural_holes(g, partners)
    constraint = nx.constraint(g, partners, weight="weight")
    size = nx.effective_size(g, partners, weight="weight")
    for n in partners:
        if math.isnan(constraint[n]):  # a partner without links
            assert all(math.isnan(value) for value in ours[n])
            continue
        assert ours[n] == pytest.approx((constraint[n], size[n]), abs=1e-9)


def test_a_star_centre_spans_every_hole() -> None:
    g = nx.star_graph(4)
    nx.set_edge_attributes(g, 1.0, "weight")
    constraint, size = structural_holes(g, [0])[0]
    assert constraint == pytest.approx(4 * (1 / 4) ** 2) and size == pytest.approx(4)
