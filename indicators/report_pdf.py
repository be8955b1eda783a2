"""The upward report as a PDF (ReportLab), in Chinese or English, with its charts and tables.

Chinese text must be embedded to be readable and extractable everywhere, and ReportLab's
built-in CID font (STSong-Light) is not embedded: the report uses a TrueType font, subset
into the file. ``HUIJU_PDF_FONT`` names one; otherwise the usual system places are tried
(Debian's fonts-wqy-microhei, which CI installs, first). A Chinese report without such a font
is refused with a sentence saying what to install; an English one falls back to Helvetica.
"""

from __future__ import annotations

import hashlib
import io
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from reportlab.graphics.shapes import Drawing, Line, PolyLine, Rect, String
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFError, TTFont
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from indicators import charts
from indicators.report import ReportContent

FONT_NAME = "HuijuCJK"
# (path, index inside a .ttc collection); TrueType outlines only: ReportLab cannot embed the
# CFF outlines of Noto Sans CJK's .ttc.
FONT_CANDIDATES = (
    ("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc", 0),
    ("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc", 0),
    ("/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf", 0),
    ("/usr/share/fonts/truetype/arphic/uming.ttc", 0),
    ("/Library/Fonts/Arial Unicode.ttf", 0),
    ("C:/Windows/Fonts/simhei.ttf", 0),
    ("C:/Windows/Fonts/msyh.ttc", 0),
)
COLOURS = ("#1f5fa8", "#c0392b", "#2e8b57", "#b8860b", "#6a4c93")


class ReportError(RuntimeError):
    """The report cannot be written; ``str()`` says why and what to do."""


def find_font(configured: str | None = None) -> tuple[str, int] | None:
    if configured:  # HUIJU_PDF_FONT
        return configured, 0
    return next(((p, i) for p, i in FONT_CANDIDATES if Path(p).is_file()), None)


def register_font(configured: str | None, lang: str) -> str:
    """The font name to write with: the CJK TrueType font, or Helvetica for English only.
    Each font file is registered once, under a name of its own (a changed setting counts)."""
    found = find_font(configured)
    if found:
        name = f"{FONT_NAME}-{hashlib.sha1(found[0].encode()).hexdigest()[:8]}"
        if name in pdfmetrics.getRegisteredFontNames():
            return name
        try:
            pdfmetrics.registerFont(TTFont(name, found[0], subfontIndex=found[1]))
            return name
        except (TTFError, OSError) as exc:
            if lang == "zh":
                raise ReportError(f"the font {found[0]} cannot be embedded: {exc}") from exc
    if lang == "zh":
        raise ReportError(
            "no Chinese TrueType font found for the PDF: install fonts-wqy-microhei "
            "(apt-get install fonts-wqy-microhei) or set HUIJU_PDF_FONT to a .ttf/.ttc file"
        )
    return "Helvetica"


def report_pdf(content: ReportContent, font_path: str | None = None) -> bytes:
    font = register_font(font_path, content.lang)
    styles = _styles(font, content.lang)
    out = io.BytesIO()
    doc = SimpleDocTemplate(
        out, pagesize=A4, title=content.title, leftMargin=16 * mm, rightMargin=16 * mm,
        topMargin=16 * mm, bottomMargin=16 * mm, lang="zh-CN" if content.lang == "zh" else "en",
    )  # fmt: skip
    width = doc.width
    story: list[Any] = [
        Paragraph(content.title, styles["title"]),
        Paragraph(content.subtitle, styles["body"]),
    ]
    story += [Spacer(1, 4 * mm), _line_drawing(content, font, width), Spacer(1, 4 * mm)]
    story += [_bars_drawing(content.dimensions, font, width), Spacer(1, 4 * mm)]
    story += [_table(content.index.header, content.index.rows, styles, font, width)]
    story += [Spacer(1, 6 * mm), Paragraph(content.sheet_names["figures"], styles["h2"])]
    story += [_table(content.summary.header, content.summary.rows, styles, font, width)]
    story += [Spacer(1, 6 * mm), Paragraph(content.sheet_names["method"], styles["h2"])]
    story += [Paragraph(note, styles["body"]) for note in content.notes]
    doc.build(story)
    return out.getvalue()


def _styles(font: str, lang: str) -> dict[str, ParagraphStyle]:
    wrap = "CJK" if lang == "zh" else None
    leading = 1.6 if lang == "zh" else 1.35
    return {
        "title": ParagraphStyle("title", fontName=font, fontSize=16, leading=22, wordWrap=wrap),
        "h2": ParagraphStyle(
            "h2", fontName=font, fontSize=12, leading=18, spaceAfter=4, wordWrap=wrap
        ),
        "body": ParagraphStyle(
            "body", fontName=font, fontSize=9, leading=9 * leading, wordWrap=wrap
        ),
        "cell": ParagraphStyle(
            "cell", fontName=font, fontSize=7.5, leading=7.5 * leading, wordWrap=wrap
        ),
    }


def _line_drawing(content: ReportContent, font: str, width: float) -> Drawing:
    series = dict(list(content.composites.items())[:1])  # the alliance's composite
    chart = charts.line_chart(content.periods, series, width=int(width), height=170)
    d = Drawing(chart.width, chart.height)
    flip = chart.height
    d.add(
        Line(
            chart.left,
            flip - chart.bottom,
            chart.width - 28,
            flip - chart.bottom,
            strokeColor=colors.grey,
        )
    )
    for y, text in chart.y_ticks:
        d.add(
            String(chart.left - 4, flip - y - 3, text, fontName=font, fontSize=7, textAnchor="end")
        )
    for x, text in chart.x_labels:
        d.add(
            String(
                x, flip - chart.bottom - 12, text, fontName=font, fontSize=7, textAnchor="middle"
            )
        )
    for n, line in enumerate(chart.lines):
        colour = colors.HexColor(COLOURS[n % len(COLOURS)])
        points = [c for x, y, _ in line.points for c in (x, flip - y)]
        if len(line.points) > 1:
            d.add(PolyLine(points, strokeColor=colour, strokeWidth=1.6))
        for x, y, value in line.points:
            d.add(
                String(
                    x, flip - y + 4, f"{value:.1f}", fontName=font, fontSize=7, textAnchor="middle"
                )
            )
        d.add(
            String(
                chart.left + 4, flip - 10, line.label, fontName=font, fontSize=8, fillColor=colour
            )
        )
    return d


def _bars_drawing(
    groups: Sequence[tuple[str, Sequence[float | None]]], font: str, width: float
) -> Drawing:
    chart = charts.bar_chart(groups, width=int(width), label_width=120)
    d = Drawing(chart.width, chart.height)
    for bar in chart.bars:
        y = chart.height - bar.y - chart.bar_height
        d.add(
            Rect(
                chart.left,
                y,
                bar.length,
                chart.bar_height - 2,
                fillColor=colors.HexColor(COLOURS[0]),
                strokeColor=None,
            )
        )
        d.add(
            String(
                chart.left + bar.length + 4, y + 3, f"{bar.value:.1f}", fontName=font, fontSize=7
            )
        )
        if bar.label:
            d.add(
                String(
                    chart.left - 6, y + 3, bar.label, fontName=font, fontSize=8, textAnchor="end"
                )
            )
    return d


def _table(
    header: Sequence[Any], rows: Sequence[Sequence[Any]], styles: dict, font: str, width: float
) -> Table:
    def cell(v: Any) -> Any:
        if v is None:
            return "–"
        if isinstance(v, float):
            return f"{v:,.1f}"
        return Paragraph(str(v), styles["cell"])

    data = [[Paragraph(str(h), styles["cell"]) for h in header]] + [
        [cell(v) for v in row] for row in rows
    ]
    first = width * 0.3
    rest = (width - first) / max(len(header) - 1, 1)
    table = Table(data, colWidths=[first] + [rest] * (len(header) - 1), repeatRows=1)
    table.setStyle(
        TableStyle([
            ("FONTNAME", (0, 0), (-1, -1), font), ("FONTSIZE", (0, 0), (-1, -1), 7.5),
            ("GRID", (0, 0), (-1, -1), 0.3, colors.lightgrey),
            ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#eef2f7")),
            ("ALIGN", (1, 1), (-1, -1), "RIGHT"), ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ])
    )  # fmt: skip
    return table
