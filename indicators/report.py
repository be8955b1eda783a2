"""What an upward report says, in one language: built once from the monitoring data and
written out by ``report_xlsx`` and ``report_pdf``. Call ``build`` inside
``flask_babel.force_locale(lang)``: every label is translated here."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from indicators.framework import COLUMNS
from indicators.index import ALLIANCE, aggregate, growth
from indicators.queries import Monitoring


@dataclass
class Table:
    header: list[str]
    rows: list[list[Any]] = field(default_factory=list)


@dataclass
class ReportContent:
    lang: str
    title: str
    subtitle: str
    index: Table
    figures: Table
    framework: Table
    summary: Table  # one row per indicator: the alliance-wide figure
    notes: list[str]
    periods: list[str]
    composites: dict[str, dict[str, float | None]]  # series label → period → composite
    dimensions: list[tuple[str, list[float | None]]]  # dimension name → [alliance] in the period
    sheet_names: dict[str, str]


def report_title(period: str) -> str:
    return _("Innovation index of the alliance of demonstration bases, %(period)s", period=period)


def reason_text(reason: str) -> str:
    return {
        "no_base_value": _("no base-period value"),
        "zero_base_value": _("base-period value is zero"),
        "no_value": _("no value in the period"),
        "zero_value": _("value is zero (cannot be inverted)"),
        "no_figures": _("no figures for the period"),
        "no_indicator_left": _("no indicator left in the dimension"),
    }.get(reason, reason)


def _r(value: float | None) -> float | None:
    return None if value is None else round(value, 1)


def build(mon: Monitoring, period: str, lang: str) -> ReportContent:
    result, fw = mon.result, mon.framework
    assert result is not None
    names = {p.slug: p.name(lang) for p in mon.bases}
    dims = fw.dimensions
    composites = {ALLIANCE: {p: s.composite for p, s in result.alliance.items()}}
    composites.update(
        {
            slug: {p: s.composite for p, s in scores.items()}
            for slug, scores in result.partners.items()
        }
    )
    index = Table(
        [_("Base"), _("Composite index"), _("Growth on a year before (%)")]
        + [d.name(lang) for d in dims]
    )
    for slug in [ALLIANCE, *names]:
        score = (result.alliance if slug == ALLIANCE else result.partners[slug]).get(period)
        grown = growth(composites[slug]).get(period)
        label = _("Alliance") if slug == ALLIANCE else names[slug]
        index.rows.append(
            [label, _r(score.composite if score else None), _r(grown)]
            + [_r(score.dimensions.get(d.code)) if score else None for d in dims]
        )
    figures = Table([_("Base")] + [f"{i.name(lang)} ({i.unit})" for i in fw.indicators])
    figures.rows.append(
        [_("Source")] + [_("derived") if i.derived else _("reported") for i in fw.indicators]
    )
    for slug, name in names.items():
        figures.rows.append(
            [name] + [mon.values.get((slug, period, i.code)) for i in fw.indicators]
        )
    framework = Table(list(COLUMNS), [list(row.values()) for row in fw.rows()])
    totals = aggregate(fw, mon.values, list(names))
    summary = Table([_("Indicator"), _("Source"), _("Bases with a figure"), _("Alliance")])
    for i in fw.indicators:
        count = sum(1 for slug in names if (slug, period, i.code) in mon.values)
        source = _("derived") if i.derived else _("reported")
        summary.rows.append(
            [f"{i.name(lang)} ({i.unit})", source, count, _r(totals.get((period, i.code)))]
        )
    alliance_score = result.alliance.get(period)
    return ReportContent(
        lang=lang,
        title=report_title(period),
        subtitle=_(
            "Base period %(base)s = 100 · framework version %(version)s",
            base=result.base_period,
            version=fw.version,
        ),
        index=index,
        figures=figures,
        framework=framework,
        summary=summary,
        notes=_notes(mon, period, names, lang),
        periods=result.periods,
        composites={
            (_("Alliance") if k == ALLIANCE else names[k]): v for k, v in composites.items()
        },
        dimensions=[
            (d.name(lang), [_r(alliance_score.dimensions.get(d.code)) if alliance_score else None])
            for d in dims
        ],
        sheet_names={
            "index": _("Index"),
            "figures": _("Figures"),
            "framework": _("Framework"),
            "method": _("Method"),
        },  # fmt: skip
    )


METHOD_NOTES = (
    _l(
        "Sub-index = 100 × value in the period / value in the base period; for an indicator "
        "where less is better (direction “-”), 100 × base-period value / value."
    ),
    _l(
        "An indicator without a base-period value (or with zero) is left out of that base's "
        "index; its weight is shared among the other indicators of its dimension. A dimension "
        "left with no indicator is left out of the composite the same way."
    ),
    _l(
        "Dimension index = weighted mean of its sub-indices; composite index = weighted mean "
        "of the dimension indices."
    ),
    _l(
        "Alliance-wide figures add up (sum) or average (mean) each indicator over the bases "
        "first, then are indexed the same way."
    ),
    _l(
        "Derived indicators are measured by Huiju from the events, cooperation links, leads "
        "and feed syncs it holds; the others are reported by the bases."
    ),
)


def _notes(mon: Monitoring, period: str, names: dict[str, str], lang: str) -> list[str]:
    result, fw = mon.result, mon.framework
    assert result is not None
    notes = [str(note) for note in METHOD_NOTES]
    label = {ALLIANCE: _("Alliance"), **names}
    grouped: dict[tuple[str, str], list[str]] = {}  # one line per indicator and reason
    for gap in result.left_out:
        if gap.period in (None, period) and gap.entity in label:
            grouped.setdefault((gap.code, gap.reason), []).append(label[gap.entity])
    separator = "、" if lang == "zh" else ", "
    for (code, reason), who in grouped.items():
        what = fw.indicator(code) or fw.dimension(code)
        notes.append(
            _(
                "Left out: %(what)s (%(reason)s): %(bases)s.",
                what=what.name(lang) if what else _("composite index"),
                reason=reason_text(reason),
                bases=separator.join(who),
            )
        )
    return notes
