"""Benchmark: hostile XLSX files against harmless ones of the same kind, read by the import's
reader (``partners.tables.read_rows``), and the raw library (openpyxl, read-only) reading the
same files, in the same run.

Usage (from the project root)::

    python bench/hostile_xlsx.py [--repeat 3]

Each line gives the best of ``--repeat`` runs. Goal: every hostile file is read or refused in
about the time a harmless file of the same kind takes (ratio <= 2). The raw library reads the
sparse file only with a declared size of 2,000 rows (20,000 takes it ~40 s); the ratio of the
two shows what the declared size alone costs it.
"""

from __future__ import annotations

import argparse
import base64
import contextlib
import io
import os
import sys
import time
import zipfile
from collections.abc import Callable
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT))

from openpyxl import Workbook, load_workbook  # noqa: E402

from core.app import create_app  # noqa: E402
from partners import tables  # noqa: E402

SHEET = "xl/worksheets/sheet1.xml"
HEADERS = {f"c{i}": f"c{i}" for i in range(10)}


def workbook(rows: list[list[object]]) -> bytes:
    book = Workbook(write_only=True)
    sheet = book.create_sheet()
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def rewritten(data: bytes, change: Callable[[bytes], bytes]) -> bytes:
    source, out = zipfile.ZipFile(io.BytesIO(data)), io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for member in source.infolist():
            body = source.read(member.filename)
            target.writestr(member.filename, change(body) if member.filename == SHEET else body)
    return out.getvalue()


def sparse(last_row: int) -> bytes:
    """One header and one data row at ``last_row``, under a dimension of the whole width."""
    small = workbook([[f"c{i}" for i in range(10)], [f"v{i}" for i in range(10)]])

    def change(xml: bytes) -> bytes:
        xml = xml.replace(b'<row r="2">', f'<row r="{last_row}">'.encode())
        for col in "ABCDEFGHIJ":
            xml = xml.replace(f'r="{col}2"'.encode(), f'r="{col}{last_row}"'.encode())
        return xml.replace(
            b"<sheetData>", f'<dimension ref="A1:XFD{last_row}"/><sheetData>'.encode()
        )

    return rewritten(small, change)


EMPTY_ROWS = b'<row r="1"/>' * (60 * 1024 * 1024 // 12)


def near_cap(small: bytes, size: int) -> bytes:
    """As many empty rows as the element cap lets through in a file of about ``size`` bytes:
    incompressible bytes in an XML comment hold the packed size up (the worst case left)."""
    noise = b"<!--" + base64.b64encode(os.urandom(size)) + b"-->"
    packed = len(rewritten(small, lambda x: x.replace(b"<sheetData>", b"<sheetData>" + noise)))
    count = int((tables.XLSX_ELEMENT_SLACK + tables.XLSX_ELEMENTS_PER_BYTE * packed) * 0.9)
    rows = noise + b'<row r="1"/>' * count
    return rewritten(small, lambda x: x.replace(b"<sheetData>", b"<sheetData>" + rows))


def cases() -> dict[str, tuple[bytes, bytes]]:
    """name -> (harmless file, hostile file of the same kind)."""
    header = [f"c{i}" for i in range(10)]
    small = workbook([header, [f"v{i}" for i in range(10)]])
    rows = 5_000
    big = workbook([header] + [[f"r{n}c{i}" for i in range(10)] for n in range(rows)])
    wide = workbook([[*header, *[None] * 189, "x"]] + [[*[None] * 199, n] for n in range(rows)])
    entity = rewritten(small, lambda x: x.replace(b"<c", b"&undefined;<c", 1))
    declared = rewritten(
        small, lambda x: b'<?xml version="1.0"?><!DOCTYPE w [<!ENTITY a "x">]>' + x
    )
    bomb = rewritten(small, lambda x: x.replace(b"<sheetData>", b"<sheetData>" + EMPTY_ROWS))
    near = near_cap(small, len(big))
    return {
        "sparse: 1 row declared A1:XFD20000": (small, sparse(20_000)),
        "undefined entity": (small, entity),
        "entity declaration": (small, declared),
        f"width: {rows} rows, a cell in column 200": (big, wide),
        "60 MB of empty <row/> in 127 kB": (big, bomb),
        "empty <row/> just under the element cap": (big, near),
    }


def best(repeat: int, work: Callable[[], object]) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        with contextlib.suppress(tables.TableError):
            work()
        times.append(time.perf_counter() - start)
    return min(times)


def ours(data: bytes) -> Callable[[], object]:
    return lambda: tables.read_rows(data, HEADERS, required={"c0"}, missing="no header")


def raw(data: bytes) -> Callable[[], object]:
    def read() -> int:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        count = sum(1 for _ in book.worksheets[0].iter_rows(values_only=True))
        book.close()
        return count

    return read


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    app = create_app({"SQLALCHEMY_DATABASE_URI": "sqlite://", "SECRET_KEY": "bench"})
    with app.test_request_context():
        best(1, ours(workbook([["c0"], ["x"]])))  # import openpyxl once, outside the timings
        print(f"{'case':<48} {'harmless':>9} {'hostile':>9} {'ratio':>6}  bytes (hostile)")
        for name, (harmless, hostile) in cases().items():
            a, b = best(args.repeat, ours(harmless)), best(args.repeat, ours(hostile))
            print(f"{name:<48} {a:9.3f} {b:9.3f} {b / a:6.2f}  {len(hostile):,}")
        small, sparse_small = cases()["sparse: 1 row declared A1:XFD20000"][0], sparse(2_000)
        a, b = best(args.repeat, ours(small)), best(args.repeat, raw(small))
        print(f"harmless 2-row file: ours {a:.4f} s, raw openpyxl {b:.4f} s, ratio {a / b:.2f}")
        a, b = best(1, ours(sparse_small)), best(1, raw(sparse_small))
        print(f"sparse A1:XFD2000: ours {a:.4f} s, raw openpyxl {b:.3f} s, ratio {a / b:.3f}")


if __name__ == "__main__":
    main()
