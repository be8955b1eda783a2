"""A feed's sync history as bars for a small server-rendered SVG (pure: rows in, geometry out)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class Point:
    """One sync run: when it started, what it measured (e.g. milliseconds), how it ended."""

    at: datetime
    value: int
    outcome: str


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    point: Point


@dataclass(frozen=True)
class Chart:
    width: int
    height: int
    maximum: int
    bars: tuple[Bar, ...]


def history_chart(
    points: Sequence[Point],
    *,
    width: int = 600,
    height: int = 120,
    gap: float = 2.0,
    min_slots: int = 30,
) -> Chart:
    """Bars oldest → newest, left → right, scaled to the largest value, the newest at the
    right edge.

    The width is shared by at least ``min_slots`` runs, so that a feed with one sync shows one
    narrow bar, not a block across the whole chart. A run that measured 0 still gets a 2-unit
    sliver, so that a fast or failed sync is visible as a run (its colour tells the outcome)
    rather than as a hole in the history.
    """
    ordered = sorted(points, key=lambda p: p.at)
    maximum = max((p.value for p in ordered), default=0)
    slots = max(len(ordered), min_slots, 1)
    slot = width / slots
    first = slots - len(ordered)
    bars = []
    for index, point in enumerate(ordered):
        bar_height = max(2.0, height * point.value / maximum) if maximum else 2.0
        bars.append(
            Bar(
                x=round((first + index) * slot + gap / 2, 2),
                y=round(height - bar_height, 2),
                width=round(max(slot - gap, 1.0), 2),
                height=round(bar_height, 2),
                point=point,
            )
        )
    return Chart(width=width, height=height, maximum=maximum, bars=tuple(bars))
