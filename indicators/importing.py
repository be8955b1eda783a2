"""Reading reported figures from a spreadsheet (XLSX or CSV), wide or long — bytes in, a plan
of figures and of refused rows (with their spreadsheet row numbers) out.

Wide: one row per base (and period), one column per reported indicator, as ``huiju indicators
template`` writes it. Long: one row per figure, columns partner, period, indicator, value.
Headers may be Chinese or English; an indicator column is named by its code, either name, or
the template's bilingual header.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Container, Mapping
from dataclasses import dataclass, field
from typing import Any

from flask_babel import lazy_gettext as _l

from indicators.framework import COLUMNS, Framework, Indicator, from_rows
from indicators.periods import parse_period
from partners import tables

BASE_HEADERS = {
    "partner": "partner", "base": "partner", "基地": "partner", "合作伙伴": "partner",
    "示范基地": "partner", "机构": "partner", "基地名称": "partner", "基地_base": "partner",
    "slug": "slug", "code_of_base": "slug", "基地代码": "slug", "代码_slug": "slug",
    "period": "period", "year": "period", "期间": "period", "年度": "period", "报告期": "period",
    "期间_period": "period",
    "indicator": "indicator", "指标": "indicator", "指标代码": "indicator",
    "value": "value", "数值": "value", "值": "value", "指标值": "value",
    "代码_/_slug": "slug", "基地_/_base": "partner", "期间_/_period": "period",
}  # fmt: skip
FRAMEWORK_HEADERS = {
    **{c: c for c in COLUMNS},
    "层级": "level", "代码": "code", "维度": "dimension", "中文名称": "name_zh",
    "英文名称": "name_en", "单位": "unit", "方向": "direction", "权重": "weight",
    "汇总方式": "kind", "来源": "source",
}  # fmt: skip
ImportFileError = tables.TableError


@dataclass(frozen=True)
class Figure:
    row: int
    partner: str  # slug
    period: str
    code: str
    value: float


@dataclass(frozen=True)
class Rejection:
    row: int
    reason: str


@dataclass
class FigurePlan:
    figures: list[Figure] = field(default_factory=list)
    rejected: list[Rejection] = field(default_factory=list)


def template_header(indicator: Indicator) -> str:
    """The bilingual column header of an indicator in the template (its code in brackets)."""
    unit = f" ({indicator.unit})" if indicator.unit else ""
    return f"{indicator.name_zh} / {indicator.name_en}{unit} [{indicator.code}]"


def indicator_headers(framework: Framework) -> dict[str, str]:
    """Every way a header may name an indicator → ``"ind:<code>"``."""
    names: dict[str, str] = {}
    for i in framework.indicators:
        for text in (
            i.code,
            i.name_zh,
            i.name_en,
            f"{i.name_zh} / {i.name_en}",
            template_header(i),
        ):
            names[tables.header_key(text)] = f"ind:{i.code}"
    return names


def read_figures(
    data: bytes,
    framework: Framework,
    partners: Mapping[str, str],
    allowed: Container[str] | None = None,
) -> FigurePlan:
    """Every figure of the file, or why a row (or cell) cannot be one. ``partners`` maps a
    base's slug and names (case-folded) → slug; ``allowed`` limits the bases (a partner
    contact's own); ``ImportFileError`` when the file is no table with a base column."""
    headers = {**indicator_headers(framework), **BASE_HEADERS}
    missing = str(_l("No “partner” (基地) column in the first row."))
    rows = tables.read_rows(data, headers, required={"partner", "slug"}, missing=missing)
    plan, seen = FigurePlan(), set()
    for n, cells in rows:
        try:
            partner, period = _base(cells, partners, allowed), _period(cells.get("period"))
        except ValueError as exc:
            plan.rejected.append(Rejection(n, str(exc)))
            continue
        cells_of = _long(cells) if "indicator" in cells or "value" in cells else _wide(cells)
        for code, raw in cells_of:
            result = _figure(n, framework, partner, period, code, raw)
            if isinstance(result, Figure) and (partner, period, result.code) in seen:
                result = Rejection(
                    n, str(_l("Duplicate: an earlier row has this base, period and indicator."))
                )
            if isinstance(result, Figure):
                seen.add((partner, period, result.code))
                plan.figures.append(result)
            else:
                plan.rejected.append(result)
    return plan


def _long(cells: Mapping[str, Any]) -> list[tuple[str, Any]]:
    return [(str(cells.get("indicator", "")).strip(), cells.get("value"))]


def _wide(cells: Mapping[str, Any]) -> list[tuple[str, Any]]:
    return [(column[4:], value) for column, value in cells.items() if column.startswith("ind:")]


def _base(
    cells: Mapping[str, Any], partners: Mapping[str, str], allowed: Container[str] | None
) -> str:
    name = " ".join(str(cells.get("slug") or cells.get("partner") or "").split())
    if not name:
        raise ValueError(str(_l("No base.")))
    slug = partners.get(name.casefold())
    if slug is None:
        raise ValueError(str(_l("Unknown base “%(name)s”: not an alliance base.", name=name)))
    if allowed is not None and slug not in allowed:
        raise ValueError(str(_l("You may report figures for your own base only.")))
    return slug


def _period(value: Any) -> str:
    try:
        return str(parse_period(value))
    except ValueError:
        text = "" if value is None else str(value)
        raise ValueError(
            str(
                _l(
                    "“%(period)s” is not a period: write a year (2024) or a quarter (2024-Q3).",
                    period=text,
                )
            )
        ) from None


def _figure(
    n: int, framework: Framework, partner: str, period: str, code: str, raw: Any
) -> Figure | Rejection:
    indicator = framework.indicator(code) or _by_name(framework, code)
    if indicator is None:
        return Rejection(n, str(_l("Unknown indicator “%(code)s”.", code=code)))
    if indicator.derived:
        return Rejection(
            n, str(_l("“%(code)s” is measured by Huiju, not reported.", code=indicator.code))
        )
    value = parse_number(raw)
    if value is None:
        return Rejection(
            n,
            str(
                _l(
                    "%(indicator)s: “%(value)s” is not a number.",
                    indicator=indicator.code,
                    value="" if raw is None else raw,
                )
            ),
        )
    if value < 0:
        return Rejection(
            n,
            str(
                _l(
                    "%(indicator)s: %(value)s is negative; figures cannot be below zero.",
                    indicator=indicator.code,
                    value=raw,
                )
            ),
        )
    return Figure(n, partner, period, indicator.code, value)


def _by_name(framework: Framework, text: str) -> Indicator | None:
    code = indicator_headers(framework).get(tables.header_key(text), "")
    return framework.indicator(code[4:]) if code else None


NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")


def parse_number(value: Any) -> float | None:
    """A number from a cell: a numeric cell, or text like "1,300", "１３００", "94.3%"."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return float(value) if value == value and abs(value) != float("inf") else None
    text = unicodedata.normalize("NFKC", str(value or "")).strip().replace(",", "").replace(" ", "")
    text = text.removesuffix("%")
    value = float(text) if NUMBER.match(text) else None
    return value if value is not None and math.isfinite(value) else None  # "1e999" is no figure


def read_framework(data: bytes, version: int) -> Framework:
    """A framework from its one-sheet table (the report's framework sheet, edited);
    ``framework.FrameworkError`` lists what is wrong, ``ImportFileError`` if no table."""
    missing = str(_l("No “code” (代码) column in the first row."))
    rows = tables.read_rows(data, FRAMEWORK_HEADERS, required={"code"}, missing=missing)
    return from_rows(rows, version)
