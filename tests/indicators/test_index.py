"""The index on a small example computed by hand: a left-out indicator, a "-" indicator, an
alliance aggregated by kind first."""

from __future__ import annotations

import pytest

from indicators import index
from indicators.framework import Dimension, Framework, Indicator
from indicators.periods import Period, parse_period

FRAMEWORK = Framework(
    1,
    (Dimension("A", "甲", "A", 1.0), Dimension("B", "乙", "B", 3.0)),
    (
        Indicator("a1", "A", "一", "one"),
        Indicator("a2", "A", "二", "two"),
        Indicator("a3", "A", "三", "three", weight=2.0),
        Indicator("b1", "B", "租金", "rent", direction="-", kind="mean"),
        Indicator("b2", "B", "五", "five"),
    ),
)
VALUES = {
    ("x", "2023", "a1"): 50, ("x", "2024", "a1"): 60,
    ("x", "2023", "a2"): 10, ("x", "2024", "a2"): 15,
    ("x", "2024", "a3"): 8,  # no base-period value: left out, its weight shared with a1, a2
    ("x", "2023", "b1"): 4, ("x", "2024", "b1"): 5,  # less is better: 100 × 4 / 5 = 80
    ("x", "2023", "b2"): 200, ("x", "2024", "b2"): 250,
    ("y", "2023", "a1"): 30, ("y", "2024", "a1"): 30,
    ("y", "2023", "a2"): 10, ("y", "2024", "a2"): 5,
    ("y", "2023", "a3"): 4, ("y", "2024", "a3"): 4,
    ("y", "2023", "b1"): 6, ("y", "2024", "b1"): 3,
    ("y", "2023", "b2"): 100, ("y", "2024", "b2"): 50,
}  # fmt: skip


def test_a_base_by_hand() -> None:
    result = index.compute(FRAMEWORK, VALUES, ["x", "y"], "2023")
    x = result.partners["x"]
    assert x["2023"].composite == pytest.approx(100)
    assert x["2024"].subindices == pytest.approx({"a1": 120, "a2": 150, "b1": 80, "b2": 125})
    assert x["2024"].dimensions == pytest.approx({"A": 135, "B": 102.5})  # a3's weight shared
    assert x["2024"].composite == pytest.approx((135 * 1 + 102.5 * 3) / 4)  # 110.625
    gap = index.LeftOut("x", None, "indicator", "a3", index.NO_BASE)
    assert gap in result.left_out


def test_the_alliance_aggregates_by_kind_first() -> None:
    result = index.compute(FRAMEWORK, VALUES, ["x", "y"], "2023")
    # a1 80 → 90; a2 20 → 20; a3 4 → 12 (x reports it in 2024 only); b1 mean 5 → 4; b2 300 → 300
    alliance = result.alliance["2024"]
    assert alliance.subindices == pytest.approx(
        {"a1": 112.5, "a2": 100, "a3": 300, "b1": 125, "b2": 100}
    )
    assert alliance.dimensions["A"] == pytest.approx((112.5 + 100 + 300 * 2) / 4)
    assert alliance.composite == pytest.approx((203.125 + 112.5 * 3) / 4)
    data = result.to_json()
    assert data["base_period"] == "2023" and data["periods"] == ["2023", "2024"]
    assert data["alliance"] == {"2023": 100.0, "2024": 135.2}
    assert data["partners"]["x"] == {"2023": 100.0, "2024": 110.6}
    assert data["dimensions"]["x"]["2024"] == {"A": 135.0, "B": 102.5}
    assert {
        "partner": "x",
        "period": None,
        "level": "indicator",
        "code": "a3",
        "reason": "no_base_value",
    } in data["left_out"]


def test_a_dimension_left_without_indicators_leaves_the_composite() -> None:
    values = {
        ("x", "2023", "a1"): 10,
        ("x", "2024", "a1"): 20,
        ("x", "2023", "b1"): 0,
        ("x", "2024", "b1"): 3,
    }
    result = index.compute(FRAMEWORK, values, ["x"], "2023")
    score = result.partners["x"]["2024"]
    assert score.dimensions == {"A": 200.0} and score.composite == 200.0  # B left out
    reasons = {(g.level, g.code, g.reason) for g in result.left_out if g.entity == "x"}
    assert ("indicator", "b1", index.ZERO_BASE) in reasons
    assert ("dimension", "B", index.NO_INDICATOR) in reasons


def test_a_period_without_figures_has_no_composite() -> None:
    values = {("x", "2023", "a1"): 10, ("y", "2023", "a1"): 5, ("y", "2024", "a1"): 6}
    result = index.compute(FRAMEWORK, values, ["x", "y"], "2023")
    assert result.partners["x"]["2024"].composite is None
    assert index.LeftOut("x", "2024", "composite", "", index.NO_FIGURES) in result.left_out
    assert index.ranking(result.partners, "2024") == [("y", pytest.approx(120))]


def test_growth_and_periods() -> None:
    assert index.growth({"2023": 100.0, "2024": 110.0, "2025": None}) == {"2024": pytest.approx(10)}
    assert parse_period("2024年") == Period(2024) and str(parse_period(" 2024 q3 ")) == "2024-Q3"
    assert parse_period(2025.0) == Period(2025)
    assert parse_period("2024-Q4").end.isoformat() == "2025-01-01"
    for bad in ("2024-Q5", "24", "next year", None):
        with pytest.raises(ValueError):
            parse_period(bad)
    assert index.same_granularity({"2023", "2024-Q1", "2024"}, "2023") == ["2023", "2024"]
