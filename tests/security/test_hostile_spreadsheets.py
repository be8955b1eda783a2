"""Hostile XLSX files cost what their content costs: a sheet declaring 16,384 columns by
20,000 rows around one real row, entity declarations, undefined entities, broken XML and zip
bombs are read or refused with a reason, on the import pages and in the CLI (never a 500)."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from flask.testing import FlaskClient, FlaskCliRunner
from openpyxl import Workbook
from sqlalchemy import select

from core.extensions import db
from partners import tables
from partners.leads.models import Lead
from partners.models import Partner
from tests.factories import login, make_user

SHEET = "xl/worksheets/sheet1.xml"
DIMENSION = b'<dimension ref="A1:B2" />'


def workbook(*rows: list[str]) -> bytes:
    book = Workbook()
    for row in rows:
        book.active.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def rewritten(data: bytes, change: Callable[[bytes], bytes], part: str = SHEET) -> bytes:
    """``data`` with the XML of ``part`` passed through ``change``."""
    source, out = zipfile.ZipFile(io.BytesIO(data)), io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for member in source.infolist():
            body = source.read(member.filename)
            target.writestr(member.filename, change(body) if member.filename == part else body)
    return out.getvalue()


def sparse(data: bytes, last_row: int = 20000) -> bytes:
    """The second row moved to ``last_row`` under a dimension of the whole sheet's width."""
    return rewritten(
        data,
        lambda xml: (
            xml.replace(DIMENSION, f'<dimension ref="A1:XFD{last_row}" />'.encode())
            .replace(b'<row r="2">', f'<row r="{last_row}">'.encode())
            .replace(b'r="A2"', f'r="A{last_row}"'.encode())
            .replace(b'r="B2"', f'r="B{last_row}"'.encode())
        ),
    )


PARTNERS = workbook(["slug", "name_en"], ["tongji", "Tongji"])
LEADS = workbook(["organization", "email"], ["Siemens", "a@siemens.example"])
BROKEN = {
    "entity declared": lambda xml: b'<?xml version="1.0"?><!DOCTYPE w [<!ENTITY a "x">]>' + xml,
    "undefined entity": lambda xml: xml.replace(b"<t>tongji</t>", b"<t>&undefined;</t>"),
    "cut short": lambda xml: xml[:200],
}


def test_a_sparse_sheet_is_read_to_its_real_rows_with_their_numbers() -> None:
    rows = tables.read_rows(sparse(PARTNERS), {"slug": "slug"}, required={"slug"}, missing="-")
    assert rows == [(20000, {"slug": "tongji"})]


def test_a_sheet_longer_than_the_cap_is_refused_with_a_reason() -> None:
    with pytest.raises(tables.TableError, match="more than 50000 rows"):
        tables.read_rows(sparse(PARTNERS, 1_000_000), {}, required={"slug"}, missing="-")


def test_a_workbook_that_unpacks_past_the_cap_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(tables, "MAX_XLSX_UNPACKED", 1024 * 1024)
    padded = rewritten(
        PARTNERS, lambda xml: xml.replace(b"<sheetData>", b" " * 2**21 + b"<sheetData>")
    )
    with pytest.raises(tables.TableError, match="unpacks to more than 1 MB"):
        tables.read_rows(padded, {}, required={"slug"}, missing="-")


def test_a_workbook_packed_with_empty_elements_is_refused_before_parsing() -> None:
    empty_rows = b'<row r="1"/>' * 200_000  # 2.4 MB packing into a few kB
    bomb = rewritten(PARTNERS, lambda xml: xml.replace(b"<sheetData>", b"<sheetData>" + empty_rows))
    with pytest.raises(tables.TableError, match="far more rows and cells than its size"):
        tables.read_rows(bomb, {}, required={"slug"}, missing="-")


@pytest.mark.parametrize("breakage", BROKEN)
def test_a_broken_workbook_is_a_readable_error(breakage: str) -> None:
    with pytest.raises(tables.TableError, match="damaged"):
        tables.read_rows(rewritten(PARTNERS, BROKEN[breakage]), {}, required={"slug"}, missing="-")


@pytest.fixture
def staff(client: FlaskClient) -> FlaskClient:
    user = make_user("staff@example.org")
    db.session.commit()
    login(client, user)
    return client


def upload(client: FlaskClient, url: str, data: bytes) -> tuple[int, str]:
    response = client.post(
        url, data={"file": (io.BytesIO(data), "list.xlsx")}, content_type="multipart/form-data"
    )
    return response.status_code, response.get_data(as_text=True)


def test_the_partner_import_page_reads_a_sparse_sheet_and_refuses_a_broken_one(
    staff: FlaskClient,
) -> None:
    status, html = upload(staff, "/en/staff/partners/import", sparse(PARTNERS))
    assert status == 200 and "1 new" in html
    assert db.session.scalar(select(Partner.slug)) == "tongji"
    status, html = upload(
        staff, "/en/staff/partners/import", rewritten(PARTNERS, BROKEN["undefined entity"])
    )
    assert status == 200 and "The XLSX file is damaged" in html


def test_the_lead_import_page_reads_a_sparse_sheet_and_refuses_a_broken_one(
    staff: FlaskClient,
) -> None:
    status, html = upload(staff, "/en/staff/leads/import", sparse(LEADS))
    assert status == 200 and db.session.scalar(select(Lead.organization_en)) == "Siemens"
    broken = rewritten(LEADS, lambda xml: xml.replace(b"<t>Siemens</t>", b"<t>&x;</t>"))
    status, html = upload(staff, "/en/staff/leads/import", broken)
    assert status == 400 and "The XLSX file is damaged" in html


@pytest.mark.parametrize("command", [["partners", "import"], ["leads", "import"]])
def test_the_cli_refuses_a_broken_workbook_in_one_line(
    runner: FlaskCliRunner, tmp_path: Path, command: list[str]
) -> None:
    path = tmp_path / "list.xlsx"
    path.write_bytes(rewritten(PARTNERS, BROKEN["entity declared"]))
    result = runner.invoke(args=[*command, str(path)])
    assert result.exit_code == 1 and "The XLSX file is damaged" in result.output
    assert len(result.output.strip().splitlines()) == 1
