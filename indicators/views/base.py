"""A base's page: its dimensions against the alliance's, its indicators with values,
sub-indices and trend, and what it has not reported yet."""

from __future__ import annotations

from typing import Any

from flask import abort, render_template
from flask_babel import gettext as _

from core.auth import staff_required
from core.i18n import current_lang
from indicators import charts, queries
from indicators.index import growth
from indicators.views.access import chosen_base_period


@staff_required
def base_page(slug: str) -> Any:
    partner = queries.base(slug)
    if partner is None:
        abort(404)
    period_list = queries.periods()
    mon = queries.monitoring(chosen_base_period(period_list))
    context: dict[str, Any] = {"partner": partner, "mon": mon, "period_list": period_list}
    if mon.result is not None:
        lang, result = current_lang(), mon.result
        scores, alliance = result.partners[slug], result.alliance
        latest = result.periods[-1]
        own = {p: s.composite for p, s in scores.items()}
        context.update(
            result=result,
            latest=latest,
            scores=scores,
            own_growth=growth(own),
            line=charts.line_chart(
                result.periods,
                {
                    partner.name(lang): own,
                    _("Alliance"): {p: s.composite for p, s in alliance.items()},
                },
            ),
            dimension_bars=charts.bar_chart(
                [
                    (
                        d.name(lang),
                        [
                            scores[latest].dimensions.get(d.code),
                            alliance[latest].dimensions.get(d.code),
                        ],
                    )
                    for d in mon.framework.dimensions
                ],
                label_width=200,
            ),
            trends={
                i.code: _trend(mon.values, slug, result.periods, i.code)
                for i in mon.framework.indicators
            },
            not_reported=[
                i for i in mon.framework.reported if (slug, latest, i.code) not in mon.values
            ],
            left_out=[g for g in result.left_out if g.entity == slug],
        )
    return render_template("indicators/base.html", **context)


def _trend(values: dict, slug: str, periods: list[str], code: str) -> float | None:
    """Per cent change of the latest period's value on the period before, where both exist."""
    if len(periods) < 2:
        return None
    now, before = (values.get((slug, p, code)) for p in periods[-1:-3:-1])
    if now is None or not before:
        return None
    return 100.0 * (now / before - 1)
