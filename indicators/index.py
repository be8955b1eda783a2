"""The index (双创指数) — pure: a framework and figures in, sub-, dimension and composite
indices out, with everything left out said.

For each base, period and indicator: sub-index = 100 × value / base-period value, inverted
(100 × base-period value / value) for a ``-`` indicator. An indicator with no or a zero
base-period value is left out of that base's index, and so is one without a value in the
period; its weight is shared among the others of its dimension (the weighted mean of those
left is exactly that sharing). A dimension left with no indicator is left out of the
composite the same way. Dimension index = weighted mean of its sub-indices; composite =
weighted mean of the dimension indices. The alliance's figures aggregate each indicator over
the bases by its kind (sum or mean) first, then are indexed the same way.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from indicators.framework import Framework
from indicators.periods import parse_period, sort_periods

ALLIANCE = "alliance"
Values = Mapping[tuple[str, str, str], float]  # (partner slug, period, indicator code) → value
Series = Mapping[tuple[str, str], float]  # (period, indicator code) → value, of one entity

# Why something is left out, as codes (the pages and reports translate them).
NO_BASE = "no_base_value"
ZERO_BASE = "zero_base_value"
NO_VALUE = "no_value"
ZERO_VALUE = "zero_value"  # a "-" indicator cannot be inverted at 0
NO_FIGURES = "no_figures"
NO_INDICATOR = "no_indicator_left"


@dataclass(frozen=True)
class LeftOut:
    entity: str  # a partner's slug, or ALLIANCE
    period: str | None  # None: every period (the base-period value is what is missing)
    level: str  # "indicator" | "dimension" | "composite"
    code: str
    reason: str

    def to_json(self) -> dict[str, Any]:
        return {
            "partner": self.entity, "period": self.period, "level": self.level,
            "code": self.code, "reason": self.reason,
        }  # fmt: skip


@dataclass(frozen=True)
class Score:
    composite: float | None
    dimensions: dict[str, float] = field(default_factory=dict)
    subindices: dict[str, float] = field(default_factory=dict)


@dataclass
class IndexResult:
    base_period: str
    periods: list[str]
    alliance: dict[str, Score]
    partners: dict[str, dict[str, Score]]
    left_out: list[LeftOut]

    def to_json(self, digits: int = 1) -> dict[str, Any]:
        def r(x: float | None) -> float | None:
            return None if x is None else round(x, digits)

        return {
            "base_period": self.base_period,
            "periods": self.periods,
            "alliance": {p: r(s.composite) for p, s in self.alliance.items()},
            "partners": {
                slug: {p: r(s.composite) for p, s in scores.items()}
                for slug, scores in self.partners.items()
            },
            "dimensions": {
                slug: {p: {d: r(v) for d, v in s.dimensions.items()} for p, s in scores.items()}
                for slug, scores in {ALLIANCE: self.alliance, **self.partners}.items()
            },
            "left_out": [x.to_json() for x in self.left_out],
        }


def subindex(value: float, base: float, direction: str) -> float:
    return 100.0 * (base / value if direction == "-" else value / base)


def weighted_mean(pairs: Iterable[tuple[float, float]]) -> float | None:
    """Mean of ``(value, weight)`` pairs; the weights of what is absent are thereby shared."""
    pairs = list(pairs)
    total = sum(w for _, w in pairs)
    return sum(v * w for v, w in pairs) / total if pairs and total else None


def score_series(
    framework: Framework, entity: str, series: Series, base_period: str, periods: list[str]
) -> tuple[dict[str, Score], list[LeftOut]]:
    """One entity's scores for every period, and what was left out of them."""
    left: list[LeftOut] = []
    bases: dict[str, float] = {}
    for ind in framework.indicators:
        base = series.get((base_period, ind.code))
        if base is None or base <= 0:
            left.append(
                LeftOut(entity, None, "indicator", ind.code, NO_BASE if base is None else ZERO_BASE)
            )
        else:
            bases[ind.code] = base
    for dim in framework.dimensions:
        if not any(i.code in bases for i in framework.of(dim.code)):
            left.append(LeftOut(entity, None, "dimension", dim.code, NO_INDICATOR))
    scores: dict[str, Score] = {}
    reported = {p for p, _ in series}
    for period in periods:
        if period not in reported:
            left.append(LeftOut(entity, period, "composite", "", NO_FIGURES))
            scores[period] = Score(None)
            continue
        scores[period] = _score(framework, entity, series, bases, period, left)
    return scores, left


def _score(
    framework: Framework,
    entity: str,
    series: Series,
    bases: dict[str, float],
    period: str,
    left: list[LeftOut],
) -> Score:
    subs: dict[str, float] = {}
    for ind in framework.indicators:
        if ind.code not in bases:
            continue
        value = series.get((period, ind.code))
        if value is None or (value <= 0 and ind.direction == "-"):
            left.append(
                LeftOut(
                    entity, period, "indicator", ind.code, NO_VALUE if value is None else ZERO_VALUE
                )
            )
            continue
        subs[ind.code] = subindex(value, bases[ind.code], ind.direction)
    dims: dict[str, float] = {}
    for dim in framework.dimensions:
        members = [(subs[i.code], i.weight) for i in framework.of(dim.code) if i.code in subs]
        mean = weighted_mean(members)
        if mean is not None:
            dims[dim.code] = mean
        elif any(i.code in bases for i in framework.of(dim.code)):
            left.append(LeftOut(entity, period, "dimension", dim.code, NO_INDICATOR))
    composite = weighted_mean(
        (dims[d.code], d.weight) for d in framework.dimensions if d.code in dims
    )
    return Score(composite, dims, subs)


def aggregate(
    framework: Framework, values: Values, partners: Iterable[str]
) -> dict[tuple[str, str], float]:
    """The alliance-wide figure of each indicator and period: the bases' values summed or
    averaged, by the indicator's kind, over the bases that have one."""
    wanted = set(partners)
    groups: dict[tuple[str, str], list[float]] = {}
    for (slug, period, code), value in values.items():
        if slug in wanted:
            groups.setdefault((period, code), []).append(value)
    kinds = {i.code: i.kind for i in framework.indicators}
    out = {}
    for (period, code), group in groups.items():
        if code in kinds:
            out[(period, code)] = sum(group) / len(group) if kinds[code] == "mean" else sum(group)
    return out


def same_granularity(periods: Iterable[str], base_period: str) -> list[str]:
    """The periods comparable with the base one (years with a year, quarters with a quarter)."""
    quarterly = bool(parse_period(base_period).quarter)
    return sort_periods(
        [p for p in set(periods) | {base_period} if bool(parse_period(p).quarter) == quarterly]
    )


def compute(
    framework: Framework, values: Values, partners: list[str], base_period: str
) -> IndexResult:
    """The whole index: the alliance and every base in ``partners``, every comparable period."""
    base_period = str(parse_period(base_period))
    periods = same_granularity({p for _, p, _ in values}, base_period)
    by_partner: dict[str, dict[tuple[str, str], float]] = {slug: {} for slug in partners}
    for (slug, period, code), value in values.items():
        if slug in by_partner:
            by_partner[slug][(period, code)] = value
    left: list[LeftOut] = []
    alliance, gaps = score_series(
        framework, ALLIANCE, aggregate(framework, values, partners), base_period, periods
    )
    left += gaps
    scores = {}
    for slug in partners:
        scores[slug], gaps = score_series(framework, slug, by_partner[slug], base_period, periods)
        left += gaps
    return IndexResult(base_period, periods, alliance, scores, left)


def growth(composites: Mapping[str, float | None]) -> dict[str, float]:
    """Per cent growth on the same period a year before, where both are known."""
    out = {}
    for period, value in composites.items():
        before = composites.get(str(parse_period(period).year_before()))
        if value is not None and before:
            out[period] = 100.0 * (value / before - 1)
    return out


def ranking(scores: Mapping[str, Mapping[str, Score]], period: str) -> list[tuple[str, float]]:
    """Bases by composite in ``period``, highest first (those without one are not ranked)."""
    ranked = [
        (slug, s[period].composite)
        for slug, s in scores.items()
        if period in s and s[period].composite is not None
    ]
    return sorted(ranked, key=lambda item: (-item[1], item[0]))  # type: ignore[operator]
