"""Three years of plausible reported figures for the demo's alliance bases — pure.

Each base's first-year figure and yearly growth (5–20 %, rents 1–4 %) come from a hash of
its slug and the indicator, so every `huiju demo` writes the same numbers and a second run
changes nothing. Two gaps on purpose, so the "left out" rule and the missing-figures list have
something to show: the Wuhu base has no venture-investment figure for the first year, and the
Jiaxing base has not reported its event attendance for the last one.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable

# code → (smallest, largest first-year figure, decimals)
SCALES: dict[str, tuple[float, float, int]] = {
    "platforms": (5, 40, 0), "incubators": (2, 12, 0), "incubation_area": (10, 160, 1),
    "rd_staff": (2000, 30000, 0), "tech_centres": (10, 100, 0), "venture_investment": (5, 80, 1),
    "office_rent": (2.5, 6.5, 2), "hightech_firms": (150, 1300, 0),
    "specialised_smes": (40, 400, 0), "listed_companies": (5, 110, 0),
    "patents_per_10k": (15, 60, 2), "attendance": (5000, 120000, 0),
}  # fmt: skip
SLOW = {"office_rent": (0.01, 0.04)}  # rents creep up; a "-" indicator, so its index falls
GAPS = {
    ("wuhu-innovation-base", "venture_investment", 0),
    ("jiaxing-innovation-base", "attendance", 2),
}


def _fraction(*parts: str) -> float:
    digest = hashlib.sha256(":".join(parts).encode()).digest()
    return int.from_bytes(digest[:8], "big") / 2**64


def demo_figures(
    bases: Iterable[str], codes: Iterable[str], first_year: int
) -> list[tuple[str, str, str, float]]:
    """``(slug, period, code, value)`` for three years from ``first_year``."""
    out = []
    wanted = [c for c in codes if c in SCALES]
    for slug in bases:
        for code in wanted:
            low, high, decimals = SCALES[code]
            value = low + (high - low) * _fraction(slug, code)
            slow, fast = SLOW.get(code, (0.05, 0.20))
            rate = slow + (fast - slow) * _fraction(slug, code, "growth")
            for n in range(3):
                if (slug, code, n) not in GAPS:
                    out.append((slug, str(first_year + n), code, round(value, decimals)))
                value *= 1 + rate
    return out
