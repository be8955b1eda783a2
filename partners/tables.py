"""Uploaded spreadsheets — CSV or XLSX, as staff export them from Excel or an expo's badge
scanner — read into numbered rows keyed by canonical column names.

Shared by the partner/link import and the lead import: one reader, one set of rules about
encodings (UTF-8 with or without BOM, GB18030 from Excel on Chinese Windows), blank rows and
row numbers (as the spreadsheet shows them: the header is row 1).

A file costs what its content costs, not what it declares: an XLSX may claim a sheet of
16,384 columns by 1,048,576 rows (``<dimension ref="A1:XFD1048576">``) around one real row,
which openpyxl would pad cell by cell. The declared size is ignored, columns stop at the
header row's last cell, and a sheet longer than ``MAX_ROWS`` or a workbook that unpacks to
more than ``MAX_XLSX_UNPACKED`` bytes is refused with a reason.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
import zlib
from collections.abc import Iterable, Mapping, Sequence
from typing import Any
from xml.etree.ElementTree import ParseError
from xml.parsers.expat import ExpatError

from flask_babel import lazy_gettext as _l

from core.spreadsheet_cells import read_cell

Row = tuple[int, dict[str, Any]]

MAX_ROWS = 50_000  # rows in a sheet, blank ones included: the largest expo lists are ~10,000
MAX_COLUMNS = 200  # columns read to find the header row; the data stop at its last cell
MAX_XLSX_UNPACKED = 64 * 1024 * 1024  # bytes of XML in a workbook: 50,000 rows of 20 columns
# Parsing costs per element: a sheet of data has 0.2-0.5 row, cell and shared-string elements
# per byte of file (measured on Excel and openpyxl files of 5,000-20,000 rows); 60 MB of empty
# <row/> elements pack into 127 kB (4,000 per byte) and would take minutes.
XLSX_ELEMENTS_PER_BYTE = 1
XLSX_ELEMENT_SLACK = 20_000
ELEMENT_TAGS = (b"<row", b":row", b"<c ", b"<c>", b"<c/", b":c ", b"<si>", b":si>")
# What openpyxl and the XML parser raise for a damaged workbook: a bad zip, a missing part,
# XML that is not well formed (an undefined entity), an entity declaration (defusedxml),
# a cell value of the wrong type.
BROKEN_XLSX = (
    zipfile.BadZipFile, zlib.error, EOFError, KeyError, OSError, ValueError, IndexError,
    TypeError, AttributeError, ParseError, ExpatError,
)  # fmt: skip


class TableError(ValueError):
    """The file is not a spreadsheet we can read; ``str()`` is a sentence for the user."""


def read_rows(
    data: bytes, headers: Mapping[str, str], *, required: Iterable[str], missing: str
) -> list[Row]:
    """``(row number, {column: cell})`` for every non-blank data row. ``headers`` maps a
    normalised header text to its column; ``missing`` is the error when none of the
    ``required`` columns is in the header row."""
    table = _table(data)
    if len(table) > MAX_ROWS:
        raise TableError(
            str(
                _l(
                    "The sheet runs to more than %(rows)s rows (blank rows included): delete"
                    " the rows below your data, or split the file.",
                    rows=MAX_ROWS,
                )
            )
        )
    numbered = [(n, row) for n, row in enumerate(table, start=1) if not _blank(row)]
    if not numbered:
        raise TableError(str(_l("The file has no rows.")))
    (_, header), body = numbered[0], numbered[1:]
    columns = [headers.get(header_key(cell)) for cell in header]
    if not set(columns) & set(required):
        raise TableError(missing)
    # Only the known columns are looked at: a row costs their number, not the sheet's width.
    known = [(i, column) for i, column in enumerate(columns) if column]
    return [
        (n, {c: read_cell(row[i]) for i, c in known if i < len(row) and not _empty(row[i])})
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
    """The first sheet's rows, no wider than its header row, at most ``MAX_ROWS + 1``."""
    try:
        _check_unpacked_size(data)
        return _sheet_rows(data)
    except TableError:
        raise
    except BROKEN_XLSX as exc:
        raise TableError(
            str(_l("The XLSX file is damaged: open it in Excel and save it again."))
        ) from exc


def _check_unpacked_size(data: bytes) -> None:
    """Refuse a workbook whose XML would cost far more to parse than its size suggests: the
    cost is one parse per row and cell element, counted here at the speed of unzipping."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        members = archive.infolist()
        if sum(member.file_size for member in members) > MAX_XLSX_UNPACKED:
            mib = MAX_XLSX_UNPACKED // (1024 * 1024)
            raise TableError(str(_l("The XLSX file unpacks to more than %(mib)s MB.", mib=mib)))
        elements = sum(_elements(archive, m) for m in members if m.filename.endswith(".xml"))
    if elements > XLSX_ELEMENT_SLACK + XLSX_ELEMENTS_PER_BYTE * len(data):
        raise TableError(
            str(
                _l(
                    "The XLSX file holds far more rows and cells than its size allows for"
                    " data: delete the empty formatted rows, or save it as CSV."
                )
            )
        )


def _elements(archive: zipfile.ZipFile, member: zipfile.ZipInfo) -> int:
    """Row, cell and shared-string elements in one part (with or without a namespace prefix;
    a tag split between two chunks is missed, which does not matter for a bound)."""
    count = 0
    with archive.open(member) as part:
        while chunk := part.read(1024 * 1024):
            count += sum(chunk.count(tag) for tag in ELEMENT_TAGS)
    return count


def _sheet_rows(data: bytes) -> list[tuple[Any, ...]]:
    from openpyxl import load_workbook  # imported here: only XLSX files need it

    workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    try:
        sheet = workbook.worksheets[0]
        sheet.reset_dimensions()  # the <dimension> element is the file's claim, not its size
        width = _header_width(
            sheet.iter_rows(max_row=MAX_ROWS, max_col=MAX_COLUMNS, values_only=True)
        )
        if not width:
            return []
        rows = sheet.iter_rows(max_row=MAX_ROWS + 1, max_col=width, values_only=True)
        return [tuple(row) for row in rows]
    finally:
        workbook.close()


def _header_width(rows: Iterable[Sequence[Any]]) -> int:
    """The number of columns up to the last filled cell of the first non-blank row."""
    for row in rows:
        filled = [i for i, cell in enumerate(row, start=1) if not _empty(cell)]
        if filled:
            return filled[-1]
    return 0


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
    rows = csv.reader(io.StringIO(text), dialect)
    return [tuple(row[:MAX_COLUMNS]) for _, row in zip(range(MAX_ROWS + 1), rows, strict=False)]


def _empty(value: Any) -> bool:
    return value is None or str(value).strip() == ""


def _blank(row: Sequence[Any]) -> bool:
    # Rows openpyxl fills in for missing ones are all None: counted at C speed.
    return row.count(None) == len(row) or all(_empty(cell) for cell in row)
