"""Importing lead spreadsheets: XLSX and CSV, English and Chinese headers, bad and duplicate
rows, and the ``huiju leads import`` command."""

import io
import json
from datetime import date, datetime
from pathlib import Path

import pytest
from flask.testing import FlaskCliRunner
from openpyxl import Workbook
from sqlalchemy import select

from core.extensions import db
from partners.leads.importing import ImportFileError, parse_date, plan_import, read_table
from partners.leads.models import Lead
from tests.factories import make_user

EN_CSV = "\n".join([
    "Organization,Contact,Email,Phone,Country,Source,Sector,Stage,Owner,Next_Follow_Up,Notes",
    "Siemens Healthineers,Anna Berg,anna@siemens.example,+49 89 1234,DE,CIIE 2026,Medtech,"
    "contacted,owner@huiju.example,2026-11-20,Booth 4.1B",
    "Acme Robotics,Li Wei,not-an-email,,US,CIIE 2026,,,,,",
    ",Nobody,x@y.example,,,,,,,,",
    "Fonterra,,,,NZ,CIIE 2026,Food,won,,,",
    "Nestlé,,n@nestle.example,,CH,CIIE 2026,,,,next week,",
    "Siemens Healthineers,,ANNA@siemens.example,,,,,,,,",
])  # fmt: skip

ZH_CSV = "\n".join([
    "单位名称,联系人,邮箱,手机,国家地区,来源,行业,阶段,负责人,下次跟进日期,备注",
    "西门子医疗,王芳,wang@siemens.example,13800138000,德国,进博会 2026,医疗器械,会谈,"
    "owner@huiju.example,2026年11月10日,展台洽谈",
    "新西兰恒天然,,,,NZ,进博会 2026,食品,,,2026/11/12,",
])  # fmt: skip


def _owners() -> dict[str, int]:
    return {"owner@huiju.example": 7}


def test_english_csv_rows_are_validated_with_row_numbers() -> None:
    plan = plan_import(read_table(EN_CSV.encode()), set(), _owners())
    assert [r.fields["organization_en"] for r in plan.rows] == ["Siemens Healthineers"]
    row = plan.rows[0]
    assert row.stage == "contacted" and row.fields["owner_id"] == 7
    assert row.fields["next_follow_up_on"] == date(2026, 11, 20) and row.fields["country"] == "DE"
    reasons = {r.row: r.reason for r in plan.rejected}
    assert reasons[3] == "Invalid e-mail address “not-an-email”."
    assert reasons[4] == "No organisation."
    assert reasons[5] == "Unknown stage “won”."
    assert reasons[6] == "Unreadable date “next week”."
    assert reasons[7].startswith("Duplicate")  # same organisation and e-mail as row 2
    assert plan.duplicates == 1


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030"])
def test_chinese_headers_in_utf8_and_gb18030(encoding: str) -> None:
    plan = plan_import(read_table(ZH_CSV.encode(encoding)), set(), _owners())
    assert plan.rejected == []
    first, second = plan.rows
    assert first.fields["organization_zh"] == "西门子医疗" and first.fields["country"] == "DE"
    assert first.stage == "meeting" and first.fields["phone"] == "13800138000"
    assert first.fields["next_follow_up_on"] == date(2026, 11, 10)
    assert second.fields["next_follow_up_on"] == date(2026, 11, 12)


def _xlsx(rows: list[list[object]]) -> bytes:
    book = Workbook()
    for row in rows:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_xlsx_with_date_cells_and_numeric_phones() -> None:
    data = _xlsx([
        ["单位名称", "邮箱", "电话", "下次跟进", "阶段", "来源"],
        ["Nordic Robotics Oy", "info@nordic.example", 358401234567, datetime(2026, 12, 1), "New",
         "CIIE 2026"],
        ["Bay Medical", "bay@medical.example", None, date(2026, 12, 2), "已联系", "CIIE 2026"],
        [None, None, None, None, None, None],
        ["Kiwi Foods", "kiwi@foods.example", None, "2026-02-30", None, None],
    ])  # fmt: skip
    plan = plan_import(read_table(data), set(), {})
    assert [r.row for r in plan.rows] == [2, 3]
    assert plan.rows[0].fields["phone"] == "358401234567"
    assert plan.rows[0].fields["next_follow_up_on"] == date(2026, 12, 1)
    assert plan.rows[1].stage == "contacted"
    assert [(r.row, r.reason) for r in plan.rejected] == [(5, "Unreadable date “2026-02-30”.")]


def test_existing_leads_and_unknown_owners() -> None:
    data = b"organization,email,owner\nAcme,a@acme.example,\nBeta,,ghost@huiju.example\n"
    plan = plan_import(read_table(data), {("acme", "a@acme.example")}, {})
    assert plan.duplicates == 1 and plan.rows == []
    assert plan.rejected[1].reason == "No staff member with the e-mail “ghost@huiju.example”."


@pytest.mark.parametrize(
    ("value", "expected"),
    [("2026-11-10", date(2026, 11, 10)), ("2026/11/10", date(2026, 11, 10)),
     ("2026年11月10日", date(2026, 11, 10)), (46336, date(2026, 11, 10)),
     (datetime(2026, 11, 10, 9, 30), date(2026, 11, 10)), ("", None), (None, None)],
)  # fmt: skip
def test_dates(value: object, expected: date | None) -> None:
    assert parse_date(value) == expected


@pytest.mark.parametrize(
    "data",
    [b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", b"PK\x03\x04 not really a zip",
     b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", b"just some words\nno columns we know\n", b""],
)  # fmt: skip
def test_files_that_are_not_lead_spreadsheets(data: bytes) -> None:
    with pytest.raises(ImportFileError):
        read_table(data)


# The command, on a real database.


def _import(runner: FlaskCliRunner, path: Path) -> tuple[int, dict]:
    result = runner.invoke(args=["leads", "import", str(path), "--json"])
    return result.exit_code, json.loads(result.stdout) if result.exit_code == 0 else {}


def test_cli_import_is_idempotent(runner: FlaskCliRunner, tmp_path: Path) -> None:
    make_user("owner@huiju.example")
    db.session.commit()
    path = tmp_path / "ciie.csv"
    path.write_bytes(EN_CSV.encode())
    code, first = _import(runner, path)
    assert code == 0
    assert first["imported"] == 1 and first["duplicates"] == 1
    assert {"row": 3, "reason": "Invalid e-mail address “not-an-email”."} in first["rejected"]
    assert set(first) == {"imported", "rejected", "duplicates"}
    code, second = _import(runner, path)
    assert code == 0 and second["imported"] == 0 and second["duplicates"] == 2
    assert db.session.scalars(select(Lead.organization_en)).all() == ["Siemens Healthineers"]


def test_cli_imports_xlsx_with_chinese_headers(runner: FlaskCliRunner, tmp_path: Path) -> None:
    path = tmp_path / "进博会.xlsx"
    path.write_bytes(_xlsx([["机构名称", "电子邮件"], ["西门子医疗", "wang@siemens.example"]]))
    code, result = _import(runner, path)
    assert code == 0 and result == {"imported": 1, "rejected": [], "duplicates": 0}
    assert db.session.scalars(select(Lead.organization_zh)).one() == "西门子医疗"


def test_cli_refuses_a_file_that_is_not_a_spreadsheet(
    runner: FlaskCliRunner, tmp_path: Path
) -> None:
    path = tmp_path / "photo.xlsx"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00")
    result = runner.invoke(args=["leads", "import", str(path), "--json"])
    assert result.exit_code == 1
    assert result.stdout == ""
    assert len(result.stderr.strip().splitlines()) == 1
    assert "photo.xlsx" in result.stderr and "Traceback" not in result.stderr
    assert db.session.scalars(select(Lead)).all() == []


def test_cli_list_json(runner: FlaskCliRunner, tmp_path: Path) -> None:
    path = tmp_path / "leads.csv"
    path.write_bytes(ZH_CSV.encode("gb18030").replace(b"owner@huiju.example", b""))
    _import(runner, path)
    result = runner.invoke(args=["leads", "list", "--json"])
    rows = json.loads(result.stdout)
    assert [r["organization_zh"] for r in rows] == ["西门子医疗", "新西兰恒天然"]
    assert rows[0]["next_follow_up"] == "2026-11-10" and rows[0]["stage"] == "meeting"
