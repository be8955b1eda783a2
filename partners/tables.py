"""Uploaded spreadsheets — CSV or XLSX, as staff export them from Excel or an expo's badge
scanner — read into numbered rows keyed by canonical column names.

Shared by the partner/link import and the lead import: one reader, one set of rules about
encodings (UTF-8 with or without BOM, GB18030 from Excel on Chinese Windows), blank rows and
row numbers (as the spreadsheet shows them: the header is row 1).
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from collections.abc import Iterable, Mapping
from typing import Any

from flask_babel import lazy_gettext as _l

Row = tuple[int, dict[str, Any]]


class TableError(ValueError):
    """The file is not a spreadsheet we can read; ``str()`` is a sentence for the user."""


def read_rows(
    data: bytes, headers: Mapping[str, str], *, required: Iterable[str], missing: str
) -> list[Row]:
    """``(row number, {column: cell})`` for every non-blank data row. ``headers`` maps a
    normalised header text to its column; ``missing`` is the error when none of the
    ``required`` columns is in the header row."""
    numbered = [(n, row) for n, row in enumerate(_table(data), start=1) if not _blank(row)]
    if not numbered:
        raise TableError(str(_l("The file has no rows.")))
    (_, header), body = numbered[0], numbered[1:]
    columns = [headers.get(header_key(cell)) for cell in header]
    if not set(columns) & set(required):
        raise TableError(missing)
    return [
        (n, {c: v for c, v in zip(columns, row, strict=False) if c and not _empty(v)})
        for n, row in body
    ]


def header_key(cell: Any) -> str:
    """ "Name EN", "name-en" and " name_en " all name the column ``name_en``."""
    return re.sub(r"[\s\-]+", "_", str(cell or "").strip().lower()).strip("_")


def _table(data: bytes) -> list[tuple[Any, ...]]:
    if data.startswith(b"PK\x03\x04"):
        return _xlsx(data)
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise TableError(str(_l("Old .xls workbooks are not supported: save as .xlsx.")))
    if b"\x00" in data:  # no text encoding a spreadsheet uses has NUL bytes: a binary file
        raise TableError(str(_l("The file is neither a CSV nor an XLSX spreadsheet.")))
    return _csv(_decode(data))


def _xlsx(data: bytes) -> list[tuple[Any, ...]]:
    from openpyxl import load_workbook  # imported here: only XLSX files need it

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, IndexError) as exc:
        raise TableError(str(_l("The XLSX file could not be opened."))) from exc
    try:
        return [tuple(row) for row in workbook.worksheets[0].iter_rows(values_only=True)]
    finally:
        workbook.close()


def _decode(data: bytes) -> str:
    """UTF-8 (BOM or not), else GB18030: what Excel on Chinese Windows saves as "CSV"."""
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise TableError(str(_l("The file is not text in UTF-8 or GB18030.")))


def _csv(text: str) -> list[tuple[Any, ...]]:
    try:
        dialect: Any = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    return [tuple(row) for row in csv.reader(io.StringIO(text), dialect)]


def _empty(value: Any) -> bool:
    return value is None or str(value).strip() == ""


def _blank(row: Iterable[Any]) -> bool:
    return all(_empty(cell) for cell in row)
