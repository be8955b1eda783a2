"""`huiju indicators index | framework | report`: the JSON shapes, the framework imported as
the next version, the XLSX report read back by openpyxl and the Chinese PDF by pdftotext."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from flask_babel import force_locale
from openpyxl import load_workbook

from core.demo.figures import demo_figures
from core.extensions import db
from indicators import operations, queries
from indicators.importing import Figure, FigurePlan
from indicators.report import report_title


def _store_demo_figures(bases) -> None:
    codes = [i.code for i in queries.framework_in_force().reported]
    rows = demo_figures(list(bases), codes, 2023)
    plan = FigurePlan([Figure(0, *row) for row in rows])
    operations.store_figures(plan, {slug: p.id for slug, p in bases.items()})
    db.session.commit()


def test_index_and_framework_json(runner, bases) -> None:
    _store_demo_figures(bases)
    result = runner.invoke(args=["indicators", "index", "--base-period", "2023", "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert list(data) == [
        "base_period",
        "periods",
        "alliance",
        "partners",
        "dimensions",
        "left_out",
    ]
    assert data["base_period"] == "2023" and data["periods"] == ["2023", "2024", "2025"]
    assert (
        data["alliance"]["2023"] == 100.0
        and data["alliance"]["2025"] > data["alliance"]["2024"] > 100
    )
    assert set(data["partners"]) == {"changyang", "suzhou", "hefei"}
    assert set(data["dimensions"]["suzhou"]["2025"]) == {
        "resources",
        "environment",
        "achievements",
        "influence",
    }

    bad = runner.invoke(args=["indicators", "index", "--base-period", "last year"])
    assert bad.exit_code == 1 and "not a period" in bad.output

    framework = json.loads(runner.invoke(args=["indicators", "framework", "--json"]).stdout)
    assert [d["code"] for d in framework["dimensions"]] == [
        "resources",
        "environment",
        "achievements",
        "influence",
    ]
    assert len(framework["indicators"]) >= 16
    assert sum(i["source"] == "derived" for i in framework["indicators"]) >= 6


def test_an_edited_framework_becomes_the_next_version(runner, bases, tmp_path: Path) -> None:
    _store_demo_figures(bases)  # pins 2023–2025 to version 1
    sheet = tmp_path / "framework.xlsx"
    assert runner.invoke(args=["indicators", "framework", "--output", str(sheet)]).exit_code == 0
    book = load_workbook(sheet)
    rows = list(book.active.iter_rows())
    header = [c.value for c in rows[0]]
    platforms = next(r for r in rows if r[header.index("code")].value == "platforms")
    platforms[header.index("weight")].value = 3
    book.save(sheet)
    result = runner.invoke(args=["indicators", "framework", "--import", str(sheet), "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["version"] == 2
    assert next(i for i in data["indicators"] if i["code"] == "platforms")["weight"] == 3
    assert queries.framework_for("2024").version == 1  # the period keeps its framework

    broken = tmp_path / "broken.csv"
    broken.write_text("level,code,dimension,name_zh,name_en,weight\nindicator,x,nowhere,甲,X,0\n")
    result = runner.invoke(args=["indicators", "framework", "--import", str(broken)])
    assert result.exit_code == 1 and "weight must be above zero" in result.output


def test_the_xlsx_report_and_the_chinese_pdf(runner, bases, tmp_path: Path) -> None:
    _store_demo_figures(bases)
    xlsx = tmp_path / "report.xlsx"
    args = ["indicators", "report", "--period", "2025", "--lang", "zh", "--output"]
    assert runner.invoke(args=[*args, str(xlsx), "--format", "xlsx"]).exit_code == 0
    book = load_workbook(xlsx)
    assert book.sheetnames == ["指数", "指标值", "指标体系", "方法说明"]
    index_rows = list(book["指数"].values)
    assert "联盟" in [row[0] for row in index_rows]
    assert len(list(book["指标值"].values)) == 1 + 1 + 3  # header, source row, three bases

    if not shutil.which("pdftotext"):
        pytest.fail("pdftotext is missing: apt-get install -y poppler-utils")
    pdf = tmp_path / "report.pdf"
    result = runner.invoke(args=[*args, str(pdf), "--format", "pdf"])
    assert result.exit_code == 0, result.output
    text = subprocess.run(
        ["pdftotext", str(pdf), "-"], capture_output=True, check=True, text=True
    ).stdout
    with force_locale("zh_Hans_CN"):
        title = report_title("2025")
    assert title != report_title("2025") or "双创" in title
    assert "双创指数" in title and title in " ".join(text.split())
    for base in bases.values():
        assert base.name_zh in text

    quarters = [
        Figure(0, "changyang", q, "platforms", v) for q, v in (("2025-Q1", 4), ("2025-Q2", 5))
    ]
    operations.store_figures(FigurePlan(quarters), {"changyang": bases["changyang"].id})
    db.session.commit()
    quarterly = runner.invoke(args=[*args, str(xlsx), "--format", "xlsx", "--period", "2025-Q2"])
    assert quarterly.exit_code == 0, quarterly.output  # indexed on the earliest quarter
    assert list(load_workbook(xlsx)["指数"].values)[5][:2] == ("长阳创谷", 125)

    missing = runner.invoke(args=[*args, str(pdf), "--format", "pdf", "--period", "2030"])
    assert missing.exit_code == 1 and "no figures for the period 2030" in missing.output


def test_a_font_that_cannot_be_embedded_is_said(runner, bases, app, tmp_path: Path) -> None:
    _store_demo_figures(bases)
    not_a_font = tmp_path / "font.ttf"
    not_a_font.write_bytes(b"not a font")
    app.config["HUIJU_PDF_FONT"] = str(not_a_font)
    args = ["indicators", "report", "--period", "2025", "--format", "pdf", "--output"]
    result = runner.invoke(args=[*args, str(tmp_path / "zh.pdf"), "--lang", "zh"])
    assert result.exit_code == 1 and "cannot be embedded" in result.output
    english = runner.invoke(args=[*args, str(tmp_path / "en.pdf"), "--lang", "en"])
    assert english.exit_code == 0, english.output  # Helvetica carries English
    assert (tmp_path / "en.pdf").read_bytes().startswith(b"%PDF")
