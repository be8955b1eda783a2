"""Which partners' names the network picture shows, and where (pure, no Flask).

A name is worth showing only where it can be read: the most central partners are labelled
first, each beside its circle at the first of a few places (above, below, right, left) that
overlaps no name already placed and stays inside the picture; a name with no free place is
left out (its circle keeps its tooltip, and zooming in shows more names). Overlaps are found
through a grid of cells one label high, so placing labels is linear in their number.
"""

from __future__ import annotations

import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

Box = tuple[float, float, float, float]  # left, top, right, bottom
GAP = 2.0  # between a circle and its name, in the picture's units


@dataclass(frozen=True)
class Candidate:
    """A partner that would like its name shown: its circle and its name."""

    id: int
    x: float
    y: float
    r: float
    text: str


@dataclass(frozen=True)
class PlacedLabel:
    """A name to draw: ``x``/``y`` is the text's anchor point (SVG ``text-anchor``, baseline)."""

    id: int
    x: float
    y: float
    anchor: str
    box: Box
    text: str


def circle_box(x: float, y: float, r: float) -> Box:
    """The square a circle fits in, as an obstacle for names."""
    return (x - r, y - r, x + r, y + r)


def text_width(text: str, font_size: float) -> float:
    """An estimate of the drawn width: CJK characters are square, Latin ones about half."""
    wide = sum(1 for ch in text if unicodedata.east_asian_width(ch) in ("W", "F"))
    return (wide + 0.56 * (len(text) - wide)) * font_size


def place_labels(
    candidates: Iterable[Candidate],
    font_size: float,
    bounds: Box,
    limit: int | None = None,
    obstacles: Iterable[Box] = (),
) -> list[PlacedLabel]:
    """Labels for ``candidates`` (most important first), no two of them overlapping.

    At most ``limit`` labels are placed; every placed box lies inside ``bounds`` and covers
    none of the ``obstacles`` (the circles, so that no name hides a partner).
    """
    grid = _Grid(font_size * 1.3)
    for box in obstacles:
        grid.add(box)
    placed: list[PlacedLabel] = []
    for candidate in candidates:
        if limit is not None and len(placed) >= limit:
            break
        for label in _spots(candidate, font_size):
            if _inside(label.box, bounds) and not grid.hits(label.box):
                grid.add(label.box)
                placed.append(label)
                break
    return placed


def _spots(c: Candidate, font_size: float) -> list[PlacedLabel]:
    """The places a name may go, in order of preference: above, below, right, left."""
    width, height = text_width(c.text, font_size), font_size * 1.2
    descent = font_size * 0.25  # the baseline sits this far above the box's bottom
    above = c.y - c.r - GAP
    below = c.y + c.r + GAP + height
    side = c.y + font_size * 0.35
    return [
        PlacedLabel(
            c.id,
            c.x,
            above - descent,
            "middle",
            _box(c.x - width / 2, above, width, height),
            c.text,
        ),
        PlacedLabel(
            c.id,
            c.x,
            below - descent,
            "middle",
            _box(c.x - width / 2, below, width, height),
            c.text,
        ),
        PlacedLabel(
            c.id,
            c.x + c.r + GAP,
            side,
            "start",
            _box(c.x + c.r + GAP, side + descent, width, height),
            c.text,
        ),
        PlacedLabel(
            c.id,
            c.x - c.r - GAP,
            side,
            "end",
            _box(c.x - c.r - GAP - width, side + descent, width, height),
            c.text,
        ),
    ]


def _box(left: float, bottom: float, width: float, height: float) -> Box:
    return (round(left, 1), round(bottom - height, 1), round(left + width, 1), round(bottom, 1))


def _inside(box: Box, bounds: Box) -> bool:
    return (
        box[0] >= bounds[0] and box[1] >= bounds[1] and box[2] <= bounds[2] and box[3] <= bounds[3]
    )


def overlaps(a: Box, b: Box) -> bool:
    """Whether two boxes share some area (touching edges do not count)."""
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


class _Grid:
    """Placed boxes by the grid cells they cover, so a test looks at neighbours only."""

    def __init__(self, cell: float) -> None:
        self.cell = cell
        self.cells: dict[tuple[int, int], list[Box]] = defaultdict(list)

    def _keys(self, box: Box) -> Sequence[tuple[int, int]]:
        c = self.cell
        columns = range(int(box[0] // c), int(box[2] // c) + 1)
        rows = range(int(box[1] // c), int(box[3] // c) + 1)
        return [(i, j) for i in columns for j in rows]

    def hits(self, box: Box) -> bool:
        return any(
            overlaps(box, other) for key in self._keys(box) for other in self.cells.get(key, ())
        )

    def add(self, box: Box) -> None:
        for key in self._keys(box):
            self.cells[key].append(box)
