"""The alliance overview (composite over time, dimensions, growth, ranking) and the list of
missing figures per period."""

from __future__ import annotations

from typing import Any

from flask import render_template, request
from flask_babel import gettext as _

from core.auth import staff_required
from core.i18n import current_lang
from indicators import charts, queries
from indicators.index import ALLIANCE, growth, ranking
from indicators.views.access import chosen_base_period


@staff_required
def overview() -> Any:
    period_list = queries.periods()
    mon = queries.monitoring(chosen_base_period(period_list))
    context: dict[str, Any] = {"mon": mon, "period_list": period_list}
    if mon.result is not None:
        lang, result = current_lang(), mon.result
        composites = {p: s.composite for p, s in result.alliance.items()}
        latest = result.periods[-1]
        names = {p.slug: p.name(lang) for p in mon.bases}
        ranked = ranking(result.partners, latest)
        growths = {
            slug: growth({p: s.composite for p, s in scores.items()})
            for slug, scores in result.partners.items()
        }
        context.update(
            result=result,
            latest=latest,
            composites=composites,
            alliance_growth=growth(composites),
            line=charts.line_chart(result.periods, {_("Alliance"): composites}),
            dimension_bars=charts.bar_chart(
                [
                    (d.name(lang), [result.alliance[latest].dimensions.get(d.code)])
                    for d in mon.framework.dimensions
                ],
                label_width=200,
            ),
            ranked=[
                (slug, names[slug], value, growths[slug].get(latest)) for slug, value in ranked
            ],
            ranking_bars=charts.bar_chart(
                [(names[slug], [value]) for slug, value in ranked], label_width=190
            ),
            left_out=[g for g in result.left_out if g.entity == ALLIANCE],
        )
    return render_template("indicators/overview.html", **context)


@staff_required
def missing() -> Any:
    period_list = queries.periods()
    period = request.args.get("period", "")
    period = period if period in period_list else (period_list[-1] if period_list else "")
    framework = queries.framework_for(period) if period else queries.framework_in_force()
    bases = queries.bases()
    values = queries.reported([p.id for p in bases])
    rows = queries.missing(framework, bases, values, period) if period else []
    return render_template(
        "indicators/missing.html",
        period=period,
        period_list=period_list,
        rows=rows,
        bases=bases,
        framework=framework,
    )
