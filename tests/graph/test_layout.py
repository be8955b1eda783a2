"""The picture's layout: the same every time, communities apart, and no numpy needed."""

import math
import sys

import networkx as nx
import pytest
from flask.testing import FlaskClient

from core.extensions import db
from graph import drawing
from graph.layout import force_layout
from tests.factories import make_link, make_partner


def _two_clubs() -> tuple[nx.Graph, list[list[int]]]:
    g = nx.Graph()
    clubs = [list(range(0, 12)), list(range(12, 24))]
    for club in clubs:
        g.add_edges_from((a, b, {"weight": 2.0}) for a in club for b in club if a < b)
    g.add_edge(0, 12, weight=1.0)
    g.add_node(99)  # a partner without links still gets a place
    return g, clubs


def test_the_layout_is_the_same_every_time_and_inside_the_picture() -> None:
    g, clubs = _two_clubs()
    first, second = drawing.layout(g, clubs), drawing.layout(g, clubs)
    assert first == second and set(first) == set(g)
    for x, y in first.values():
        assert drawing.MARGIN - 0.1 <= x <= drawing.WIDTH - drawing.MARGIN + 0.1
        assert drawing.MARGIN - 0.1 <= y <= drawing.HEIGHT - drawing.MARGIN + 0.1


def test_communities_sit_apart() -> None:
    g, clubs = _two_clubs()
    pos = force_layout(list(g), g.edges(data="weight"), clubs)

    def mean_distance(pairs) -> float:
        pairs = list(pairs)
        return sum(math.dist(pos[a], pos[b]) for a, b in pairs) / len(pairs)

    inside = mean_distance((a, b) for club in clubs for a in club for b in club if a < b)
    across = mean_distance((a, b) for a in clubs[0] for b in clubs[1])
    assert across > 1.5 * inside


def test_the_network_page_works_without_numpy_scipy_and_networkit(
    client: FlaskClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    """What CI checks in a fresh venv: with the compiled libraries gone, the page answers."""
    for name in ("numpy", "scipy", "networkit"):
        monkeypatch.setitem(sys.modules, name, None)  # any import of them raises ImportError
    partners = [make_partner(f"p{i}", name_en=f"Partner {i}") for i in range(6)]
    for a, b in zip(partners, partners[1:], strict=False):
        make_link(a, b, "mou")
    db.session.commit()
    page = client.get("/en/network?focus=p2")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "Partner 1" in html and 'class="network-details"' in html
