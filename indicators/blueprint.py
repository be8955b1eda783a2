"""The indicators blueprint and every URL it answers (the views are in ``indicators.views``):
staff pages under /<lang>/staff/indicators, and the figures pages partner contacts use too."""

from __future__ import annotations

from flask import Blueprint
from flask_babel import format_decimal

from core.lazy import lazy, views_of

view = views_of("indicators.views")
bp = Blueprint("indicators", __name__, url_prefix="/<lang:lang>", template_folder="templates")


@bp.app_template_filter("index_value")
def index_value(value: float | None) -> str:
    """An index or figure with one decimal, as Babel writes numbers; a dash when unknown."""
    return "–" if value is None else format_decimal(value, format="#,##0.0")


@bp.app_template_filter("figure_value")
def figure_value(value: float | None) -> str:
    """A reported or derived figure as people wrote it (1,300 · 4.5 · 59.36); a dash if none."""
    return "–" if value is None else format_decimal(round(value, 2))


bp.add_app_template_global(lazy("indicators.report:reason_text"), "reason_text")
bp.app_context_processor(view("access.figures_nav"))

bp.add_url_rule("/staff/indicators/", "overview", view("overview.overview"))
bp.add_url_rule("/staff/indicators/missing", "missing", view("overview.missing"))
bp.add_url_rule("/staff/indicators/bases/<slug>", "base", view("base.base_page"))
bp.add_url_rule(
    "/staff/indicators/framework",
    "framework",
    view("framework.framework_page"),
    methods=["GET", "POST"],
)
bp.add_url_rule(
    "/staff/indicators/framework.xlsx", "framework_download", view("framework.framework_download")
)
bp.add_url_rule("/staff/indicators/report.xlsx", "report_xlsx", view("reports.report_xlsx"))
bp.add_url_rule("/staff/indicators/report.pdf", "report_pdf", view("reports.report_pdf_download"))
bp.add_url_rule("/indicators/upload", "upload", view("figures.upload"), methods=["GET", "POST"])
bp.add_url_rule("/indicators/template.xlsx", "template", view("figures.template_download"))
bp.add_url_rule("/indicators/figures/<slug>", "figures", view("figures.figures"))

BLUEPRINTS = (bp,)
