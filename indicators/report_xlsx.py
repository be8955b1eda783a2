"""Workbooks: the upward report (index, figures, framework, method notes on their own sheets)
and the template bases fill in (one row per base, one column per reported indicator)."""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.worksheet.worksheet import Worksheet

from core.spreadsheet_cells import safe_cell, safe_row
from indicators.framework import Framework
from indicators.importing import template_header
from indicators.report import ReportContent, Table

BOLD = Font(bold=True)


def report_workbook(content: ReportContent) -> bytes:
    book = Workbook()
    index = book.active
    index.title = content.sheet_names["index"]
    index.append(safe_row([content.title]))
    index["A1"].font = Font(bold=True, size=14)
    index.append(safe_row([content.subtitle]))
    index.append([])
    _table(index, content.index)
    _table(book.create_sheet(content.sheet_names["figures"]), content.figures)
    _table(book.create_sheet(content.sheet_names["framework"]), content.framework)
    method = book.create_sheet(content.sheet_names["method"])
    for note in content.notes:
        method.append(safe_row([note]))
    method.column_dimensions["A"].width = 120
    for cell in method["A"]:
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    return _bytes(book)


def template_workbook(
    framework: Framework, bases: Sequence[tuple[str, str, str]], period: str
) -> bytes:
    """``bases`` as (slug, Chinese name, English name); the period column is filled in."""
    book = Workbook()
    sheet = book.active
    sheet.title = "figures"
    header = ["代码 / Slug", "基地 / Base", "期间 / Period"]
    header += [template_header(i) for i in framework.reported]
    sheet.append(safe_row(header))
    for slug, zh, en in bases:
        name = f"{zh} / {en}" if zh and en and zh != en else zh or en
        sheet.append(safe_row([slug, name, period]))
    for cell in sheet[1]:
        cell.font = BOLD
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    sheet.freeze_panes = "D2"
    sheet.column_dimensions["B"].width = 36
    return _bytes(book)


def _table(sheet: Worksheet, table: Table) -> None:
    sheet.append(safe_row(table.header))
    for cell in sheet[sheet.max_row]:
        cell.font = BOLD
    for row in table.rows:
        sheet.append([_cell(v) for v in row])
    sheet.column_dimensions["A"].width = 36


def _cell(value: Any) -> Any:
    return "" if value is None else safe_cell(value)


def _bytes(book: Workbook) -> bytes:
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def framework_workbook(framework: Framework) -> bytes:
    """The framework as the one-sheet table ``importing.read_framework`` reads back."""
    from indicators.framework import COLUMNS

    book = Workbook()
    sheet = book.active
    sheet.title = "framework"
    _table(sheet, Table(list(COLUMNS), [list(r.values()) for r in framework.rows()]))
    return _bytes(book)
