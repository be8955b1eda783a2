"""Where each partner sits in the network picture: a seeded force layout in plain Python (pure).

networkx's layouts need numpy (and its spring layout took ~10 s of CPU at 2,000 partners),
so the picture is laid out here: communities start in their own patch of the plane, largest
in the middle, then a Fruchterman–Reingold pass pulls linked partners together and pushes
close ones apart. Repulsion only acts between partners in neighbouring grid cells, which
keeps each round linear in partners plus links; the same graph always gives the same picture.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Hashable, Iterable, Mapping, Sequence

Point = tuple[float, float]
GOLDEN_ANGLE = math.pi * (3 - math.sqrt(5))


def force_layout(
    nodes: Sequence[Hashable],
    edges: Iterable[tuple[Hashable, Hashable, float]],
    groups: Sequence[Iterable[Hashable]] = (),
    rounds: int | None = None,
) -> dict[Hashable, Point]:
    """Positions in a unit-ish square for ``nodes`` linked by weighted ``edges``.

    ``groups`` (communities, largest first) decide the starting patches; nodes in no group
    start in a patch of their own. More rounds for small networks, fewer for large ones.
    """
    if not nodes:
        return {}
    links = [(u, v, math.log1p(w)) for u, v, w in edges if u != v]
    pos = _start(nodes, groups)
    k = math.sqrt(1.0 / len(nodes))  # the ideal distance between neighbours
    rounds = rounds or (80 if len(nodes) <= 200 else 40 if len(nodes) <= 1000 else 25)
    step = 0.1
    for i in range(rounds):
        move = _repulsion(pos, k)
        for u, v, strength in links:
            (xu, yu), (xv, yv) = pos[u], pos[v]
            dx, dy = xu - xv, yu - yv
            pull = math.hypot(dx, dy) * strength / k
            mu, mv = move[u], move[v]
            mu[0] -= dx * pull
            mu[1] -= dy * pull
            mv[0] += dx * pull
            mv[1] += dy * pull
        temperature = step * (1 - i / rounds)
        for n in nodes:
            mx, my = move[n]
            length = math.hypot(mx, my) or 1.0
            shift = min(length, temperature)
            x, y = pos[n]
            pos[n] = (x + mx / length * shift, y + my / length * shift)
    return pos


def _start(nodes: Sequence[Hashable], groups: Sequence[Iterable[Hashable]]) -> dict:
    """Each group in a disc of its own along a sunflower spiral, largest first."""
    members = [list(group) for group in groups]
    grouped = {n for group in members for n in group}
    members += [[n] for n in nodes if n not in grouped]
    total = len(nodes)
    pos: dict[Hashable, Point] = {}
    for g, group in enumerate(members):
        centre = _spiral(g, 0.5 * math.sqrt(max(1, len(members)) / total) + 0.02)
        radius = 0.5 * math.sqrt(len(group) / total)
        for i, n in enumerate(group):
            dx, dy = _spiral(i, radius / math.sqrt(len(group)))
            pos[n] = (centre[0] + dx, centre[1] + dy)
    return {n: pos[n] for n in nodes}


def _spiral(i: int, spacing: float) -> Point:
    radius = spacing * math.sqrt(i + 0.5)
    return (radius * math.cos(i * GOLDEN_ANGLE), radius * math.sin(i * GOLDEN_ANGLE))


def _repulsion(pos: Mapping[Hashable, Point], k: float) -> dict[Hashable, list[float]]:
    """Each node's push away from the nodes within two ideal distances (k² / distance)."""
    cell = 2 * k
    grid: dict[tuple[int, int], list[Hashable]] = defaultdict(list)
    for n, (x, y) in pos.items():
        grid[int(x // cell), int(y // cell)].append(n)
    move = {n: [0.0, 0.0] for n in pos}
    k2, reach = k * k, cell * cell
    for (ci, cj), here in grid.items():
        near = [
            m for di in (-1, 0, 1) for dj in (-1, 0, 1) for m in grid.get((ci + di, cj + dj), ())
        ]
        for n in here:
            x, y = pos[n]
            push = move[n]
            for m in near:
                if m == n:
                    continue
                dx, dy = x - pos[m][0], y - pos[m][1]
                d2 = dx * dx + dy * dy
                if d2 > reach:
                    continue
                if d2 < 1e-12:  # two nodes on one spot: part them in a fixed direction
                    dx, dy, d2 = 1e-3 * (1 if repr(n) > repr(m) else -1), 1e-3, 2e-6
                push[0] += dx * k2 / d2
                push[1] += dy * k2 / d2
    return move
