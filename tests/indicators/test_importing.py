"""Importing reported figures: the template (wide, bilingual headers) and one figure a row
(long, Chinese or English headers); bad and duplicate rows refused with their row number;
importing again changes nothing."""

from __future__ import annotations

import io
import json
from pathlib import Path

from openpyxl import Workbook, load_workbook

from core.extensions import db
from indicators.importing import parse_number
from indicators.models import IndicatorPeriod, IndicatorValue


def _invoke(runner, *args: str) -> dict:
    result = runner.invoke(args=["indicators", *args])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout) if "--json" in args else {}


def _xlsx(rows: list[list]) -> bytes:
    book = Workbook()
    for row in rows:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_the_template_filled_in_imports_wide(runner, bases, tmp_path: Path) -> None:
    db.session.commit()
    template = tmp_path / "template.xlsx"
    _invoke(runner, "template", "--output", str(template), "--period", "2024")
    book = load_workbook(template)
    sheet = book.active
    header = [c.value for c in sheet[1]]
    assert header[:3] == ["代码 / Slug", "基地 / Base", "期间 / Period"]
    assert "专业技术服务平台 / Professional technical service platforms (个) [platforms]" in header
    assert not any("[events_held]" in h for h in header)  # derived: Huiju measures it
    slugs = [sheet.cell(row=r, column=1).value for r in range(2, sheet.max_row + 1)]
    assert slugs == ["changyang", "suzhou", "hefei"]  # Shanghai, Jiangsu, Anhui; not the office
    platforms, rent = header.index(next(h for h in header if "[platforms]" in h)) + 1, None
    rent = header.index(next(h for h in header if "[office_rent]" in h)) + 1
    sheet.cell(row=2, column=platforms, value=12)
    sheet.cell(row=2, column=rent, value="4.5")
    sheet.cell(row=3, column=platforms, value="1,300")
    sheet.cell(row=3, column=rent, value="n/a")  # not a number
    sheet.cell(row=4, column=platforms, value=-3)  # negative count
    book.save(template)

    report = _invoke(runner, "import", str(template), "--json")
    assert report["imported"] == 3 and report["updated"] == 0
    assert sorted(r["row"] for r in report["rejected"]) == [3, 4]  # suzhou, hefei
    assert any("not a number" in r["reason"] for r in report["rejected"])
    assert any("negative" in r["reason"] for r in report["rejected"])
    stored = {(v.partner.slug, v.period, v.code): v.value for v in db.session.query(IndicatorValue)}
    assert stored == {
        ("changyang", "2024", "platforms"): 12.0,
        ("changyang", "2024", "office_rent"): 4.5,
        ("suzhou", "2024", "platforms"): 1300.0,
    }
    assert db.session.query(IndicatorPeriod).one().framework.version == 1  # pinned

    again = _invoke(runner, "import", str(template), "--json")
    assert again["imported"] == 0 and again["updated"] == 0 and again["unchanged"] == 3


def test_long_form_with_english_and_chinese_headers(runner, bases, tmp_path: Path) -> None:
    db.session.commit()
    english = tmp_path / "long.csv"
    english.write_text(
        "Partner,Period,Indicator,Value\n"
        "Changyang Campus,2024,platforms,10\n"
        "suzhou,2024-Q3,High-tech enterprises,250\n"
        "Nowhere Park,2024,platforms,1\n"  # unknown base
        "changyang,2024,unicorns,1\n"  # unknown indicator
        "changyang,24,platforms,1\n"  # bad period
        "changyang,2024,events_held,9\n"  # derived: not reported
        "Changyang Campus,2024,platforms,11\n",  # the same figure twice in one file
        encoding="utf-8",
    )
    report = _invoke(runner, "import", str(english), "--json")
    assert report["imported"] == 2
    reasons = {r["row"]: r["reason"] for r in report["rejected"]}
    assert set(reasons) == {4, 5, 6, 7, 8}
    assert "Unknown base" in reasons[4] and "Unknown indicator" in reasons[5]
    assert "not a period" in reasons[6] and "measured by Huiju" in reasons[7]
    assert "Duplicate" in reasons[8]

    chinese = tmp_path / "long-zh.xlsx"
    chinese.write_bytes(
        _xlsx(
            [
                ["基地", "期间", "指标", "数值"],
                ["长阳创谷", "2024年", "专业技术服务平台", 14],
                ["合肥双创示范基地", "2025", "高新技术企业", "１２０"],
            ]
        )
    )
    report = _invoke(runner, "import", str(chinese), "--json")
    assert report == {"imported": 1, "updated": 1, "unchanged": 0, "rejected": []}
    stored = {(v.partner.slug, v.period, v.code): v.value for v in db.session.query(IndicatorValue)}
    assert stored[("changyang", "2024", "platforms")] == 14.0
    assert stored[("suzhou", "2024-Q3", "hightech_firms")] == 250.0
    assert stored[("hefei", "2025", "hightech_firms")] == 120.0


def test_a_file_that_is_no_table_fails_in_one_line(runner, bases, tmp_path: Path) -> None:
    db.session.commit()
    bad = tmp_path / "notes.csv"
    bad.write_text("just,some,words\n1,2,3\n", encoding="utf-8")
    result = runner.invoke(args=["indicators", "import", str(bad), "--json"])
    assert result.exit_code == 1 and "partner" in result.output and "Traceback" not in result.output
    assert db.session.query(IndicatorValue).count() == 0


def test_numbers_as_people_type_them() -> None:
    assert [parse_number(v) for v in ("1,300", "１２０", "94.3%", " -3 ", 7, 2.5)] == [
        1300.0,
        120.0,
        94.3,
        -3.0,
        7.0,
        2.5,
    ]
    assert [parse_number(v) for v in ("n/a", "", None, True, "1e999", float("nan"))] == [None] * 6
