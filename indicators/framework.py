"""The indicator framework: dimensions and their indicators, versioned and bilingual — pure.

A framework is a value: it is stored as JSON with each version (``models.FrameworkVersion``),
read from and written to a one-sheet table (one row per dimension or indicator, the same
columns both ways, so staff edit the sheet they downloaded and import it again).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass, field
from typing import Any

from flask_babel import lazy_gettext as _l

from indicators.derived import MEASURES

DIRECTIONS = ("+", "-")  # "-": less is better (a cost, a rent); its sub-index is inverted
KINDS = ("sum", "mean")  # how the alliance-wide figure is made from the bases'
SOURCES = ("reported", "derived")  # reported by the base, or measured by Huiju itself
COLUMNS = (
    "level", "code", "dimension", "name_zh", "name_en", "unit", "direction", "weight", "kind",
    "source",
)  # fmt: skip


class FrameworkError(ValueError):
    """A framework that cannot be used; ``problems`` lists every reason, one sentence each."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("; ".join(problems))
        self.problems = problems


@dataclass(frozen=True)
class Dimension:
    code: str
    name_zh: str
    name_en: str
    weight: float = 1.0

    def name(self, lang: str) -> str:
        return self.name_zh if lang == "zh" else self.name_en


@dataclass(frozen=True)
class Indicator:
    code: str
    dimension: str
    name_zh: str
    name_en: str
    unit: str = ""
    direction: str = "+"
    weight: float = 1.0
    kind: str = "sum"
    source: str = "reported"

    def name(self, lang: str) -> str:
        return self.name_zh if lang == "zh" else self.name_en

    @property
    def derived(self) -> bool:
        return self.source == "derived"


@dataclass(frozen=True)
class Framework:
    version: int
    dimensions: tuple[Dimension, ...]
    indicators: tuple[Indicator, ...]
    note: str = ""
    _by_code: dict[str, Indicator] = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self) -> None:
        self._by_code.update({i.code: i for i in self.indicators})

    def indicator(self, code: str) -> Indicator | None:
        return self._by_code.get(code)

    def dimension(self, code: str) -> Dimension | None:
        return next((d for d in self.dimensions if d.code == code), None)

    def of(self, dimension: str) -> list[Indicator]:
        return [i for i in self.indicators if i.dimension == dimension]

    @property
    def reported(self) -> list[Indicator]:
        return [i for i in self.indicators if not i.derived]

    @property
    def derived(self) -> list[Indicator]:
        return [i for i in self.indicators if i.derived]

    def to_json(self) -> dict[str, Any]:
        return {
            "version": self.version,
            "note": self.note,
            "dimensions": [asdict(d) for d in self.dimensions],
            "indicators": [asdict(i) for i in self.indicators],
        }

    def rows(self) -> list[dict[str, Any]]:
        """The framework as the table ``from_rows`` reads (dimensions first, then indicators)."""
        rows: list[dict[str, Any]] = []
        for d in self.dimensions:
            rows.append({"level": "dimension", **asdict(d), "dimension": ""})
            for i in self.of(d.code):
                rows.append({"level": "indicator", **asdict(i)})
        return [{c: row.get(c, "") for c in COLUMNS} for row in rows]


def from_json(data: Mapping[str, Any]) -> Framework:
    """A stored framework back as a value (``to_json``'s inverse)."""
    return Framework(
        version=int(data["version"]),
        note=str(data.get("note", "")),
        dimensions=tuple(Dimension(**d) for d in data["dimensions"]),
        indicators=tuple(Indicator(**i) for i in data["indicators"]),
    )


def from_rows(rows: Iterable[tuple[int, Mapping[str, Any]]], version: int) -> Framework:
    """A framework from table rows ``(row number, {column: cell})``; ``FrameworkError`` lists
    every problem found, with its row, so a sheet is fixed in one round."""
    dimensions: list[Dimension] = []
    indicators: list[Indicator] = []
    problems: list[str] = []
    for n, cells in rows:
        try:
            item = _row(cells)
        except ValueError as exc:
            problems.append(str(_l("Row %(row)s: %(reason)s", row=n, reason=exc)))
            continue
        (dimensions if isinstance(item, Dimension) else indicators).append(item)
    framework = Framework(version, tuple(dimensions), tuple(indicators))
    problems += check(framework)
    if problems:
        raise FrameworkError(problems)
    return framework


def check(framework: Framework) -> list[str]:
    """What makes a framework unusable: duplicate codes, an indicator of no dimension, a
    dimension with no indicator, a derived indicator Huiju cannot measure."""
    problems = []
    codes = [d.code for d in framework.dimensions] + [i.code for i in framework.indicators]
    problems += [
        str(_l("The code “%(code)s” is used twice.", code=c))
        for c in sorted({c for c in codes if codes.count(c) > 1})
    ]
    if not framework.dimensions:
        problems.append(str(_l("No dimension.")))
    known = {d.code for d in framework.dimensions}
    for i in framework.indicators:
        if i.dimension not in known:
            problems.append(
                str(
                    _l(
                        "Indicator “%(code)s”: no dimension “%(dimension)s”.",
                        code=i.code,
                        dimension=i.dimension,
                    )
                )
            )
        if i.derived and i.code not in MEASURES:
            problems.append(
                str(
                    _l(
                        "Indicator “%(code)s”: Huiju derives only %(codes)s.",
                        code=i.code,
                        codes=", ".join(sorted(MEASURES)),
                    )
                )
            )
    problems += [
        str(_l("Dimension “%(code)s” has no indicator.", code=d.code))
        for d in framework.dimensions
        if not framework.of(d.code)
    ]
    return problems


LEVELS = {"dimension": "dimension", "维度": "dimension", "一级指标": "dimension",
          "indicator": "indicator", "指标": "indicator", "三级指标": "indicator"}  # fmt: skip


def _row(cells: Mapping[str, Any]) -> Dimension | Indicator:
    text = {k: " ".join(str(v).split()) for k, v in cells.items() if v is not None}
    level = LEVELS.get(text.get("level", "").lower())
    code = text.get("code", "")
    if not level:
        raise ValueError(str(_l("The level must be “dimension” or “indicator”.")))
    if not code:
        raise ValueError(str(_l("No code.")))
    names = {"name_zh": text.get("name_zh", ""), "name_en": text.get("name_en", "")}
    if not names["name_zh"] or not names["name_en"]:
        raise ValueError(str(_l("“%(code)s” needs a Chinese and an English name.", code=code)))
    weight = _weight(text.get("weight", "1"), code)
    if level == "dimension":
        return Dimension(code, weight=weight, **names)
    choice = {
        "direction": (text.get("direction") or "+", DIRECTIONS),
        "kind": (text.get("kind") or "sum", KINDS),
        "source": (text.get("source") or "reported", SOURCES),
    }
    for column, (value, allowed) in choice.items():
        if value not in allowed:
            raise ValueError(
                str(
                    _l(
                        "“%(code)s”: %(column)s must be one of %(allowed)s.",
                        code=code,
                        column=column,
                        allowed=", ".join(allowed),
                    )
                )
            )
    return Indicator(
        code,
        text.get("dimension", ""),
        unit=text.get("unit", ""),
        weight=weight,
        **names,
        **{column: value for column, (value, _) in choice.items()},
    )


def _weight(value: str, code: str) -> float:
    try:
        weight = float(value)
    except ValueError:
        raise ValueError(
            str(_l("“%(code)s”: the weight “%(value)s” is not a number.", code=code, value=value))
        ) from None
    if not weight > 0:
        raise ValueError(str(_l("“%(code)s”: the weight must be above zero.", code=code)))
    return weight
