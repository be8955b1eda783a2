"""Reporting periods: a year (``2024``) or a quarter (``2024-Q3``) — pure.

Figures are reported per period; a period's days are the office's (Shanghai) calendar days.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Any

# "2024", "2024-Q3", "2024 q3", "2024Q3", "2024年", "2024年第3季度" as people type them.
PATTERN = re.compile(r"^(\d{4})(?:年)?(?:\s*-?\s*(?:Q|第)\s*([1-4])\s*(?:季度)?)?$", re.I)


@dataclass(frozen=True, order=True)
class Period:
    """A year (``quarter`` 0) or one of its quarters; orders by time within a kind."""

    year: int
    quarter: int = 0

    def __str__(self) -> str:
        return f"{self.year}-Q{self.quarter}" if self.quarter else f"{self.year}"

    @property
    def start(self) -> date:
        return date(self.year, 3 * self.quarter - 2 if self.quarter else 1, 1)

    @property
    def end(self) -> date:
        """The first day after the period."""
        if not self.quarter or self.quarter == 4:
            return date(self.year + 1, 1, 1)
        return date(self.year, 3 * self.quarter + 1, 1)

    def contains(self, day: date) -> bool:
        return self.start <= day < self.end

    def year_before(self) -> Period:
        """The same period a year earlier, for growth year on year."""
        return Period(self.year - 1, self.quarter)


def parse_period(value: Any) -> Period:
    """A ``Period`` from a cell or an argument; ``ValueError`` with a sentence if it is none."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # 2024 typed into a numeric Excel cell
    text = str(value if value is not None else "").strip()
    match = PATTERN.match(text)
    if not match or not 1900 <= int(match.group(1)) <= 2200:
        raise ValueError(f"“{text}” is not a period: write a year (2024) or a quarter (2024-Q3).")
    return Period(int(match.group(1)), int(match.group(2) or 0))


def sort_periods(periods: set[str] | list[str]) -> list[str]:
    """Period strings in time order (years and quarters of one year side by side)."""
    return [str(p) for p in sorted({parse_period(p) for p in periods})]
