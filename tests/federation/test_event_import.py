"""Event spreadsheets: English and Chinese headers, CSV and XLSX, good, bad and duplicate rows,
and a second import that changes nothing."""

from __future__ import annotations

import io
import json
from datetime import datetime, timedelta

from openpyxl import Workbook
from sqlalchemy import func, select

from core.db_types import utcnow
from core.extensions import db
from events.models import Event
from federation.models import EnteredEvent
from tests.factories import make_partner

DAY = (utcnow() + timedelta(days=10)).date()

CHINESE_CSV = f"""标题,开始时间,结束时间,地点,链接,主题
长阳创谷路演日,{DAY} 14:00,{DAY} 17:00,杨浦区长阳路,https://example.org/roadshow,创业投资
创新沙龙,{DAY:%Y年%m月%d日} 09:30,,创智天地,,
,{DAY} 10:00,,没有标题,,
错误时间,下周二,,,,
长阳创谷路演日,{DAY} 14:00,,重复的行,,
""".encode()


def _xlsx() -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.append(["ID", "Title", "Start", "End", "Location", "Link", "Online"])
    start = datetime.combine(DAY, datetime.min.time()).replace(hour=9)
    sheet.append(
        [1, "Founders breakfast", start, start + timedelta(hours=2), "Helsinki", None, "no"]
    )
    sheet.append([2, "Demo day online", start, None, None, "https://example.org/live", "yes"])
    sheet.append([3, "No start", None, None, None, None, None])
    sheet.append([2, "Same id again", start, None, None, None, None])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _import(runner, slug: str, tmp_path, name: str, data: bytes) -> dict:
    path = tmp_path / name
    path.write_bytes(data)
    result = runner.invoke(args=["events", "import", slug, str(path), "--json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_chinese_headers_good_bad_and_duplicate_rows_then_idempotent(app, runner, tmp_path):
    make_partner("changyang")
    db.session.commit()
    report = _import(runner, "changyang", tmp_path, "events.csv", CHINESE_CSV)
    assert (report["imported"], report["updated"]) == (2, 0)
    assert [r["row"] for r in report["rejected"]] == [4, 5, 6]
    assert "row 2" in report["rejected"][2]["reason"]
    titles = set(db.session.scalars(select(Event.title_zh).where(Event.removed_at.is_(None))))
    assert titles == {"长阳创谷路演日", "创新沙龙"}
    again = _import(runner, "changyang", tmp_path, "events.csv", CHINESE_CSV)
    assert (again["imported"], again["updated"], again["unchanged"]) == (0, 0, 2)
    assert db.session.scalar(select(func.count(Event.id))) == 2

    changed = CHINESE_CSV.replace("杨浦区长阳路".encode(), "长阳创谷A座".encode())
    third = _import(runner, "changyang", tmp_path, "events.csv", changed)
    assert (third["imported"], third["updated"]) == (0, 1)
    event = db.session.scalar(select(Event).where(Event.title_zh == "长阳创谷路演日"))
    assert (event.location_zh, event.sequence) == ("长阳创谷A座", 1)


def test_english_xlsx_keyed_by_its_id_column(app, runner, tmp_path):
    make_partner("slush")
    db.session.commit()
    report = _import(runner, "slush", tmp_path, "events.xlsx", _xlsx())
    assert report["imported"] == 2
    assert [r["row"] for r in report["rejected"]] == [4, 5]
    online = db.session.scalar(select(Event).where(Event.title_en == "Demo day online"))
    assert online.online and online.url == "https://example.org/live"
    assert _import(runner, "slush", tmp_path, "events.xlsx", _xlsx())["unchanged"] == 2
    assert db.session.scalar(select(func.count(EnteredEvent.id))) == 2


def test_unreadable_files_and_unknown_partners_fail_in_one_line(app, runner, tmp_path):
    make_partner("park")
    db.session.commit()
    path = tmp_path / "notes.csv"
    path.write_bytes(b"what,ever\n1,2\n")
    result = runner.invoke(args=["events", "import", "park", str(path)])
    assert result.exit_code == 1 and "no title or start column" in result.output
    result = runner.invoke(args=["events", "import", "nobody", str(path), "--json"])
    assert result.exit_code == 1 and result.stdout == ""
