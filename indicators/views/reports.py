"""The upward report of a period as a download: XLSX or PDF, in the language of the URL
(``/zh/…`` Chinese, ``/en/…`` English)."""

from __future__ import annotations

from flask import Response, abort, current_app, request
from flask_babel import force_locale

from core.auth import staff_required
from core.i18n import current_lang
from indicators import queries, report
from indicators.report_pdf import ReportError, report_pdf
from indicators.report_xlsx import report_workbook
from indicators.views.figures import XLSX


@staff_required
def report_xlsx() -> Response:
    return report_download("xlsx")


@staff_required
def report_pdf_download() -> Response:
    return report_download("pdf")


def report_download(fmt: str) -> Response:
    period_list = queries.periods()
    period = request.args.get("period", "")
    lang = current_lang()  # the report's language is the page's: /zh/… or /en/…
    if period not in period_list:
        abort(404)
    # The period is reported under the framework it was collected with, not a later one.
    base = request.args.get("base") if request.args.get("base") in period_list else None
    mon = queries.monitoring(base, queries.framework_for(period), like=period)
    with force_locale("zh_Hans_CN" if lang == "zh" else "en"):
        content = report.build(mon, period, lang)
    name = f"indicators-{period}-{lang}.{fmt}"
    if fmt == "xlsx":
        return _file(report_workbook(content), XLSX, name)
    try:
        return _file(
            report_pdf(content, current_app.config.get("HUIJU_PDF_FONT")), "application/pdf", name
        )
    except ReportError as exc:
        return Response(str(exc), status=503, mimetype="text/plain")


def _file(data: bytes, mimetype: str, name: str) -> Response:
    return Response(
        data, mimetype=mimetype, headers={"Content-Disposition": f'attachment; filename="{name}"'}
    )
