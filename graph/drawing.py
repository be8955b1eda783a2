"""Geometry for the pictures of the network and of its growth (pure, no Flask).

Positions come from a deterministic force layout, so the same data always gives the same
picture; everything here is linear in nodes plus edges once the layout is known.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from itertools import pairwise

import networkx as nx

from graph.growth import YearRow
from graph.layout import force_layout

WIDTH, HEIGHT, MARGIN = 1000, 680, 24
PALETTE_SIZE = 10  # classes .net-c0 … .net-c8 in site.css; the rest share .net-cx


@dataclass(frozen=True)
class NodeMark:
    id: int
    x: float
    y: float
    r: float
    colour: str
    on_path: bool


@dataclass(frozen=True)
class EdgeMark:
    source: int
    target: int
    x1: float
    y1: float
    x2: float
    y2: float
    width: float
    on_path: bool


def layout(g: nx.Graph, groups: Sequence[Collection[int]] = ()) -> dict[int, tuple[float, float]]:
    """Node positions inside the drawing area, rounded to one decimal (smaller pages).

    ``groups`` (the communities, largest first) start apart, so each settles in its own
    part of the picture; see :mod:`graph.layout` (plain Python, no numpy).
    """
    if len(g) == 0:
        return {}
    if len(g) == 1:
        return {next(iter(g)): (WIDTH / 2, HEIGHT / 2)}
    raw = force_layout(list(g), g.edges(data="weight", default=1.0), groups)
    return _fit(raw)


def _fit(raw: Mapping[int, Sequence[float]]) -> dict[int, tuple[float, float]]:
    """Scale raw layout coordinates into the drawing area.

    The picture is wider than high and a layout is about round: each axis is scaled to
    fill the area, but neither more than half again as much as the other, so that shapes
    stay recognisable while the names get the width.
    """
    xs = [float(p[0]) for p in raw.values()]
    ys = [float(p[1]) for p in raw.values()]
    span_x, span_y = (max(xs) - min(xs)) or 1.0, (max(ys) - min(ys)) or 1.0
    sx, sy = (WIDTH - 2 * MARGIN) / span_x, (HEIGHT - 2 * MARGIN) / span_y
    least = min(sx, sy)
    sx, sy = min(sx, 1.5 * least), min(sy, 1.5 * least)
    dx = (WIDTH - (max(xs) - min(xs)) * sx) / 2
    dy = (HEIGHT - (max(ys) - min(ys)) * sy) / 2
    return {
        n: (
            round((float(p[0]) - min(xs)) * sx + dx, 1),
            round((float(p[1]) - min(ys)) * sy + dy, 1),
        )
        for n, p in raw.items()
    }


def colour_classes(groups: Mapping[int, str | int]) -> tuple[dict[int, str], list[tuple]]:
    """A colour class per node from its group, and the legend ``[(group, class, count)]``.

    The largest groups get the distinct colours; the rest share the neutral ``cx``.
    """
    sizes = Counter(groups.values())
    ranked = sorted(sizes, key=lambda group: (-sizes[group], str(group)))
    cls = {
        group: f"net-c{i}" if i < PALETTE_SIZE - 1 else "net-cx" for i, group in enumerate(ranked)
    }
    legend = [(group, cls[group], sizes[group]) for group in ranked[: PALETTE_SIZE - 1]]
    rest = sum(sizes[group] for group in ranked[PALETTE_SIZE - 1 :])
    if rest:
        legend.append((None, "net-cx", rest))
    return {n: cls[group] for n, group in groups.items()}, legend


def scene(
    g: nx.Graph,
    positions: Mapping[int, tuple[float, float]],
    size_by: Mapping[int, float],
    colours: Mapping[int, str],
    path: Sequence[int] = (),
    shown: Collection[int] | None = None,
) -> tuple[list[EdgeMark], list[NodeMark]]:
    """Edges and nodes to draw, edges first (so nodes sit on top), path marks last.

    ``shown`` limits the picture to some partners (filters); ``size_by`` sets the radius
    (square-root scaled, so the area follows the value); edge width follows weight.
    """
    keep = set(g) if shown is None else set(shown)
    on_path_edges = {frozenset(pair) for pair in pairwise(path)}
    # Scales over the whole network, so a partner keeps its size whatever the filters.
    top = max(size_by.values(), default=0.0) or 1.0
    heaviest = max((w for _, _, w in g.edges(data="weight")), default=1.0)
    edges = [
        _edge_mark(u, v, w, heaviest, positions, frozenset((u, v)) in on_path_edges)
        for u, v, w in g.edges(data="weight")
        if u in keep and v in keep
    ]
    nodes = [
        NodeMark(n, *positions[n], _radius(size_by.get(n, 0.0), top), colours[n], n in path)
        for n in g
        if n in keep
    ]
    return sorted(edges, key=lambda e: e.on_path), sorted(nodes, key=lambda m: m.on_path)


def path_overlay(
    g: nx.Graph,
    positions: Mapping[int, tuple[float, float]],
    size_by: Mapping[int, float],
    path: Sequence[int],
) -> tuple[list[EdgeMark], list[NodeMark]]:
    """The marks of one path, drawn on top of an unchanged (cacheable) picture."""
    top = max(size_by.values(), default=0.0) or 1.0
    heaviest = max((w for _, _, w in g.edges(data="weight")), default=1.0)
    edges = [
        _edge_mark(u, v, g.edges[u, v]["weight"], heaviest, positions, True)
        for u, v in pairwise(path)
    ]
    nodes = [NodeMark(n, *positions[n], _radius(size_by.get(n, 0.0), top), "", True) for n in path]
    return edges, nodes


def _edge_mark(u, v, w, heaviest, positions, on_path) -> EdgeMark:
    (x1, y1), (x2, y2) = positions[u], positions[v]
    width = round(0.6 + 3.4 * math.sqrt(w / heaviest), 2)
    return EdgeMark(u, v, x1, y1, x2, y2, width, on_path)


def _radius(value: float, top: float) -> float:
    return round(3 + 11 * math.sqrt(max(value, 0.0) / top), 1)


@dataclass(frozen=True)
class Bar:
    year: int
    x: float
    width: float
    partners_y: float
    partners_h: float
    links_y: float
    links_h: float


def growth_bars(rows: Sequence[YearRow], width: int = 640, height: int = 240) -> list[Bar]:
    """Side-by-side bars per year: new partners and new links, on one shared scale."""
    if not rows:
        return []
    top = max(max(r.new_partners, r.new_links) for r in rows) or 1
    slot = (width - 40) / len(rows)
    bar = max(2.0, slot * 0.38)
    base = height - 24
    scale = (base - 10) / top
    return [
        Bar(
            r.year,
            round(40 + i * slot + slot * 0.1, 1),
            round(bar, 1),
            round(base - r.new_partners * scale, 1),
            round(r.new_partners * scale, 1),
            round(base - r.new_links * scale, 1),
            round(r.new_links * scale, 1),
        )
        for i, r in enumerate(rows)
    ]
