"""The demo's indicator figures: three years growing 5–20 % a year (rents 1–4 %), the same on
every run, with one base's first-year figure and another's last-year figure missing."""

from __future__ import annotations

from core.demo.figures import GAPS, SCALES, demo_figures
from indicators.defaults import DEFAULT

BASES = ["wuhu-innovation-base", "jiaxing-innovation-base", "kic"]


def test_three_years_of_plausible_growth() -> None:
    codes = [i.code for i in DEFAULT.reported]
    assert set(codes) == set(SCALES)
    rows = demo_figures(BASES, codes, 2024)
    assert rows == demo_figures(BASES, codes, 2024)  # deterministic: a rerun stores nothing new
    values = {(slug, period, code): v for slug, period, code, v in rows}
    assert {p for _, p, _ in values} == {"2024", "2025", "2026"}
    assert len(values) == len(BASES) * len(codes) * 3 - len(GAPS)
    assert ("wuhu-innovation-base", "2024", "venture_investment") not in values
    assert ("jiaxing-innovation-base", "2026", "attendance") not in values
    for slug in BASES:
        for code in codes:
            first, second = values.get((slug, "2025", code)), values.get((slug, "2026", code))
            low, high = (0.01, 0.04) if code == "office_rent" else (0.05, 0.20)
            if first and second:
                slack = 1 / first  # a count is rounded to a whole number
                assert low - slack <= second / first - 1 <= high + slack, (slug, code)
