"""The one rule for every cell the site or the CLI writes into a CSV or XLSX file (pure).

Partner names, lead notes and imported rows are typed by others. A spreadsheet program reads
a text cell that starts with ``=``, ``+``, ``-`` or ``@`` (and, in some programs, a tab or a
carriage return before one) as a formula: ``=HYPERLINK(...)`` becomes a link that leaks data,
``+cmd|' /C calc'!A0`` asks to run a program (CSV or formula injection, OWASP). Such text is
written with a leading apostrophe, which every spreadsheet program shows as plain text.
Numbers written as numbers (``-3``, ``2.5``) are not text and stay as they are.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping
from typing import Any

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: Any) -> Any:
    """``value`` as a cell no spreadsheet reads as a formula."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def read_cell(value: Any) -> Any:
    """A cell read back from a file the site wrote: the apostrophe ``safe_cell`` put before a
    formula-looking text is taken off again, so an exported sheet imports as it was (a
    framework's direction ``-``, a partner named ``+Plus``)."""
    if isinstance(value, str) and value.startswith("'") and value[1:].startswith(FORMULA_STARTS):
        return value[1:]
    return value


def safe_row(values: Iterable[Any]) -> list[Any]:
    return [safe_cell(value) for value in values]


def safe_record(record: Mapping[str, Any]) -> dict[str, Any]:
    return {key: safe_cell(value) for key, value in record.items()}


def csv_text(header: Iterable[str], rows: Iterable[Iterable[Any]]) -> str:
    """CSV text: the header row, then ``rows``, every cell through ``safe_cell``."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(safe_row(header))
    writer.writerows(safe_row(row) for row in rows)
    return buffer.getvalue()


def csv_records(columns: Iterable[str], records: Iterable[Mapping[str, Any]]) -> str:
    """CSV text of ``records`` (dicts) in ``columns`` order; a missing value is an empty cell."""
    names = list(columns)
    return csv_text(names, ([record.get(name, "") for name in names] for record in records))
