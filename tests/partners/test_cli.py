import json
from pathlib import Path

from flask.testing import FlaskCliRunner
from openpyxl import Workbook
from sqlalchemy import select

from core.extensions import db
from core.models import AuditEntry
from partners.models import Link, Partner
from tests.factories import make_partner

PARTNERS = (
    "slug,name_en,name_zh,kind,region,country,city,website\n"
    "changyang-campus,Changyang Campus,长阳创谷,park,shanghai,CN,Shanghai,https://cy.example.org\n"
    "nordic,Nordic Innovation,北欧创新中心,international,overseas,FI,Helsinki,\n"
    "bad slug,x,y,park,shanghai,CN,,\n"
)


def _invoke(runner: FlaskCliRunner, *args: str) -> tuple[int, dict]:
    result = runner.invoke(args=[*args, "--json"])
    return result.exit_code, json.loads(result.stdout) if result.exit_code == 0 else {}


def test_partner_import_is_idempotent_and_updates_changed_rows(
    runner: FlaskCliRunner, tmp_path: Path
) -> None:
    path = tmp_path / "partners.csv"
    path.write_bytes(PARTNERS.encode("utf-8-sig"))
    code, first = _invoke(runner, "partners", "import", str(path))
    assert code == 0
    assert first == {
        "imported": 2,
        "updated": 0,
        "unchanged": 0,
        "rejected": [{"row": 4, "reason": first["rejected"][0]["reason"]}],
    }
    assert "not a slug" in first["rejected"][0]["reason"]
    assert _invoke(runner, "partners", "import", str(path))[1]["unchanged"] == 2
    path.write_bytes(PARTNERS.replace("Helsinki", "Espoo").encode("gb18030"))
    again = _invoke(runner, "partners", "import", str(path))[1]
    assert (again["imported"], again["updated"], again["unchanged"]) == (0, 1, 1)
    nordic = db.session.scalar(select(Partner).where(Partner.slug == "nordic"))
    assert nordic.city_en == "Espoo" and nordic.region == "overseas"
    assert not nordic.alliance_member
    assert db.session.query(Partner).count() == 2
    actions = db.session.scalars(select(AuditEntry.action)).all()
    assert actions.count("partner.create") == 2 and actions.count("partner.update") == 1
    assert actions.count("partners.import") == 3


def test_partner_import_from_xlsx_with_chinese_headers(
    runner: FlaskCliRunner, tmp_path: Path
) -> None:
    book = Workbook()
    book.active.append(["标识", "英文名称", "名称", "类型", "区域", "国家"])
    book.active.append(["suzhou-base", "Suzhou Base", "苏州基地", "base", "江苏", "CN"])
    book.active.append(["hangzhou", "", "", "base", "浙江", "CN"])
    path = tmp_path / "partners.xlsx"
    book.save(path)
    code, report = _invoke(runner, "partners", "import", str(path))
    assert code == 0 and report["imported"] == 1
    assert report["rejected"][0]["row"] == 3 and "needs a name" in report["rejected"][0]["reason"]
    assert db.session.scalar(select(Partner.region)) == "jiangsu"


def test_not_a_spreadsheet_is_a_one_line_error(runner: FlaskCliRunner, tmp_path: Path) -> None:
    path = tmp_path / "photo.xlsx"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    result = runner.invoke(args=["partners", "import", str(path), "--json"])
    assert result.exit_code == 1
    assert result.stdout == ""
    assert "Traceback" not in result.output
    missing = runner.invoke(args=["links", "import", str(tmp_path / "missing.csv"), "--json"])
    assert missing.exit_code == 1 and missing.stdout == ""


def test_links_import_and_list(runner: FlaskCliRunner, tmp_path: Path) -> None:
    make_partner("tongji"), make_partner("kic")
    db.session.commit()
    path = tmp_path / "links.csv"
    path.write_text(
        "source,target,kind,since,until,weight,note\n"
        "tongji,kic,incubation,2020-03-01,,2,Three districts\n"
        "tongji,nobody,mou,,,,\n"
        "tongji,kic,mou,2021/1/1,,,\n",
        encoding="utf-8",
    )
    code, report = _invoke(runner, "links", "import", str(path))
    assert code == 0 and report["imported"] == 1
    assert [r["row"] for r in report["rejected"]] == [3, 4]
    assert "no partner 'nobody'" in report["rejected"][0]["reason"]
    assert _invoke(runner, "links", "import", str(path))[1]["unchanged"] == 1
    path.write_text("source,target,kind,since,weight\ntongji,kic,incubation,2020-03-01,5\n")
    assert _invoke(runner, "links", "import", str(path))[1]["updated"] == 1
    assert db.session.scalar(select(Link.weight)) == 5
    code, listed = _invoke(runner, "links", "list")
    assert code == 0 and listed[0]["source"] == "tongji" and listed[0]["since"] == "2020-03-01"
    assert listed[0]["note_en"] == "Three districts"
