"""The indicators blueprint and every URL it answers (the views are in ``indicators.views``):
staff pages under /<lang>/staff/indicators, and the figures pages partner contacts use too."""

from __future__ import annotations

from flask import Blueprint
from flask_babel import format_decimal

from indicators.report import reason_text
from indicators.views import access, base, figures, framework, overview, reports

bp = Blueprint("indicators", __name__, url_prefix="/<lang:lang>", template_folder="templates")


@bp.app_template_filter("index_value")
def index_value(value: float | None) -> str:
    """An index or figure with one decimal, as Babel writes numbers; a dash when unknown."""
    return "–" if value is None else format_decimal(value, format="#,##0.0")


@bp.app_template_filter("figure_value")
def figure_value(value: float | None) -> str:
    """A reported or derived figure as people wrote it (1,300 · 4.5 · 59.36); a dash if none."""
    return "–" if value is None else format_decimal(round(value, 2))


bp.add_app_template_global(reason_text, "reason_text")
bp.app_context_processor(access.figures_nav)

bp.add_url_rule("/staff/indicators/", "overview", overview.overview)
bp.add_url_rule("/staff/indicators/missing", "missing", overview.missing)
bp.add_url_rule("/staff/indicators/bases/<slug>", "base", base.base_page)
bp.add_url_rule(
    "/staff/indicators/framework", "framework", framework.framework_page, methods=["GET", "POST"]
)
bp.add_url_rule(
    "/staff/indicators/framework.xlsx", "framework_download", framework.framework_download
)
bp.add_url_rule("/staff/indicators/report.xlsx", "report_xlsx", reports.report_xlsx)
bp.add_url_rule("/staff/indicators/report.pdf", "report_pdf", reports.report_pdf_download)
bp.add_url_rule("/indicators/upload", "upload", figures.upload, methods=["GET", "POST"])
bp.add_url_rule("/indicators/template.xlsx", "template", figures.template_download)
bp.add_url_rule("/indicators/figures/<slug>", "figures", figures.figures)

BLUEPRINTS = (bp,)
