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
    links = [(u, v, w) for u, v, w in edges if u != v]
    # Dense networks would pull into a ball (and every node would then repel hundreds of
    # others): the pull is scaled down by the average number of links per node.
    damping = min(1.0, 4 * len(nodes) / max(1, 2 * len(links)))
    links = [(u, v, damping * math.log1p(w)) for u, v, w in links]
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
    """Each node's push (k² / distance) away from the nodes around it.

    Nodes in the same grid cell push each other one by one; each of the 24 cells around
    pushes as one mass at its centroid (a one-level Barnes–Hut), so a round costs about
    partners × (cell size + 24) whatever the density. Two nodes on the very same spot push
    nothing: the starting spiral never puts two there.
    """
    cell = 2 * k
    grid: dict[tuple[int, int], list[tuple[Hashable, float, float]]] = defaultdict(list)
    for n, (x, y) in pos.items():
        grid[int(x // cell), int(y // cell)].append((n, x, y))
    mass = {
        key: (len(here), sum(p[1] for p in here) / len(here), sum(p[2] for p in here) / len(here))
        for key, here in grid.items()
    }
    move: dict[Hashable, list[float]] = {}
    k2 = k * k
    for (ci, cj), here in grid.items():
        around = [
            mass[key]
            for di in (-2, -1, 0, 1, 2)
            for dj in (-2, -1, 0, 1, 2)
            if (di or dj) and (key := (ci + di, cj + dj)) in mass
        ]
        for n, x, y in here:
            fx = fy = 0.0
            for count, mx, my in around:
                dx, dy = x - mx, y - my
                f = count * k2 / max(dx * dx + dy * dy, 1e-12)
                fx += dx * f
                fy += dy * f
            for _m, mx, my in here:
                dx, dy = x - mx, y - my
                d2 = dx * dx + dy * dy
                if d2 > 0.0:
                    f = k2 / d2
                    fx += dx * f
                    fy += dy * f
            move[n] = [fx, fy]
    return move
