"""Chart geometry for the index — pure: series in, coordinates out. The pages draw it as
SVG (``templates/indicators/_line.html``, ``_bars.html``) and the PDF report with ReportLab,
from the same numbers, so the picture and the table beside it never disagree."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Line:
    label: str
    css: str  # "series-0", "series-1", … (the page's colours)
    points: tuple[tuple[float, float, float], ...]  # (x, y, value)

    @property
    def path(self) -> str:
        return " ".join(f"{x:.1f},{y:.1f}" for x, y, _ in self.points)


@dataclass(frozen=True)
class LineChart:
    width: int
    height: int
    left: int
    bottom: int  # y of the x axis
    x_labels: tuple[tuple[float, str], ...]
    y_ticks: tuple[tuple[float, str], ...]
    lines: tuple[Line, ...]


def nice_ceiling(value: float) -> float:
    """A round axis maximum at or above ``value`` (1, 2, 2.5 or 5 times a power of ten)."""
    if value <= 0:
        return 1.0
    power = 10 ** math.floor(math.log10(value))
    return next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= value)


def line_chart(
    periods: Sequence[str],
    series: Mapping[str, Mapping[str, float | None]],
    width: int = 640,
    height: int = 240,
) -> LineChart:
    """One polyline per series over ``periods``; gaps (None) are skipped, not drawn as 0."""
    left, top, right, bottom = 44, 12, 28, height - 28
    known = [v for s in series.values() for v in s.values() if v is not None]
    top_value = nice_ceiling(max(known, default=100.0) * 1.05)
    step = (width - left - right) / max(len(periods) - 1, 1)

    def x(i: int) -> float:
        return left + (i * step if len(periods) > 1 else (width - left - right) / 2)

    def y(v: float) -> float:
        return bottom - (bottom - top) * v / top_value

    lines = tuple(
        Line(
            label,
            f"series-{n}",
            tuple((x(i), y(s[p]), s[p]) for i, p in enumerate(periods) if s.get(p) is not None),
        )  # type: ignore[arg-type]
        for n, (label, s) in enumerate(series.items())
    )
    ticks = tuple((y(top_value * k / 4), f"{top_value * k / 4:g}") for k in range(5))
    labels = tuple((x(i), p) for i, p in enumerate(periods))
    return LineChart(width, height, left, bottom, labels, ticks, lines)


@dataclass(frozen=True)
class Bar:
    label: str
    value: float
    y: float
    length: float
    css: str


@dataclass(frozen=True)
class BarChart:
    width: int
    height: int
    left: int  # where bars start (labels are written to the left of it)
    bar_height: float
    bars: tuple[Bar, ...]


def bar_chart(
    groups: Sequence[tuple[str, Sequence[float | None]]], width: int = 640, label_width: int = 150
) -> BarChart:
    """Horizontal bars: one row per group (a dimension, a base), one bar per series in it."""
    per_group = max((len(values) for _, values in groups), default=1)
    bar_height, gap = 14.0, 10.0
    row = per_group * bar_height + gap
    top_value = nice_ceiling(
        max((v for _, vs in groups for v in vs if v is not None), default=100.0)
    )
    usable = width - label_width - 56
    bars = []
    for g, (label, values) in enumerate(groups):
        present = [(n, v) for n, v in enumerate(values) if v is not None]
        for first, (n, value) in enumerate(present):
            y = 6 + g * row + n * bar_height
            # The group's label goes on its first bar drawn, whichever series that is.
            bars.append(
                Bar("" if first else label, value, y, usable * value / top_value, f"series-{n}")
            )
    height = int(12 + len(groups) * row)
    return BarChart(width, height, label_width, bar_height, tuple(bars))
