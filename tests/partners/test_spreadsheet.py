"""Reading partner and link spreadsheets: pure, no app needed."""

import io
from datetime import date, datetime

import pytest
from openpyxl import Workbook

from partners.spreadsheet import SpreadsheetError, link_rows, partner_rows

ENGLISH = (
    "Slug,Name_EN,name_zh,KIND,Region,country,city,website\n"
    "changyang-campus,Changyang Campus,长阳创谷,park,Shanghai,cn,杨浦,https://cy.example.org\n"
    "Bad Slug,x,y,park,shanghai,CN,,\n"
    "nordic,Nordic Innovation,北欧创新中心,international,overseas,FI,Helsinki,\n"
    ",,,,,,,\n"
    "mars-base,Mars,火星,base,mars,CN,,\n"
    "web,Web,网,base,shanghai,CN,,javascript:alert(1)\n"
    "changyang-campus,Again,,park,shanghai,CN,,\n"
)
CHINESE = (
    "标识,英文名称,名称,类型,地区,国家,城市,网站\n"
    "hefei-base,Hefei Base,合肥基地,示范基地,安徽,CN,合肥,\n"
)


def _xlsx(rows: list[list[object]]) -> bytes:
    book = Workbook()
    for row in rows:
        book.active.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_english_headers_good_and_bad_rows_with_spreadsheet_row_numbers() -> None:
    rows, rejected = partner_rows(ENGLISH.encode())
    assert [r.slug for r in rows] == ["changyang-campus", "nordic"]
    assert rows[0].region == "shanghai" and rows[0].country == "CN" and rows[0].city_zh == "杨浦"
    assert rows[1].city_en == "Helsinki" and rows[1].city_zh is None
    reasons = {r.row: r.reason for r in rejected}
    assert sorted(reasons) == [3, 6, 7, 8]  # row 5 is blank and simply skipped
    assert "not a slug" in reasons[3]
    assert "region 'mars'" in reasons[6]
    assert "http or https" in reasons[7]
    assert reasons[8] == "Same as row 2."


@pytest.mark.parametrize("encoding", ["utf-8-sig", "gb18030", "utf-8"])
def test_chinese_headers_in_every_csv_encoding_excel_writes(encoding: str) -> None:
    rows, rejected = partner_rows(CHINESE.encode(encoding))
    assert not rejected
    (row,) = rows
    assert (row.slug, row.name_zh, row.kind, row.region, row.city_zh) == (
        "hefei-base",
        "合肥基地",
        "base",
        "anhui",
        "合肥",
    )


def test_xlsx_partners() -> None:
    data = _xlsx([["slug", "中文名称", "region"], ["kic", "创智天地", "海外"], ["", "x", ""]])
    rows, rejected = partner_rows(data)
    assert rows[0].name_zh == "创智天地" and rows[0].region == "overseas"
    assert rejected[0].row == 3 and "slug is missing" in rejected[0].reason


def test_links_with_excel_date_cells_and_chinese_headers() -> None:
    data = _xlsx(
        [
            ["来源", "目标", "类型", "开始", "结束", "权重", "备注"],
            ["tongji", "kic", "孵化", datetime(2020, 3, 1), None, 2, "三区联动"],
            ["tongji", "tongji", "mou", None, None, None, None],
            ["tongji", "kic", "mou", "2021-01-01", "2020-01-01", None, None],
            ["tongji", "kic", "friendship", None, None, None, None],
            ["tongji", "kic", "mou", "soon", None, None, None],
            ["tongji", "kic", "mou", None, None, -1, None],
        ]
    )
    rows, rejected = link_rows(data)
    assert len(rows) == 1
    assert rows[0].kind == "incubation" and rows[0].since == date(2020, 3, 1)
    assert rows[0].weight == 2.0 and rows[0].note_zh == "三区联动" and rows[0].note_en == ""
    assert [r.row for r in rejected] == [3, 4, 5, 6, 7]


@pytest.mark.parametrize(
    "data",
    [b"\x89PNG\r\n\x1a\n\x00\x00\x00", b"just some words\n", b"PK\x03\x04 not really a zip", b""],
)
def test_files_that_are_not_spreadsheets(data: bytes) -> None:
    with pytest.raises(SpreadsheetError):
        partner_rows(data)
