"""An event list kept as a spreadsheet (CSV or XLSX, English or Chinese headers) read into
:class:`~federation.entry.Entry` values, one per row, each with its stable key; rows that make
no event are rejected with their row number and a reason.

Parks keep their events in Excel more often than in a calendar: 标题, 开始时间, 结束时间, 地点,
链接… The key that makes a re-import update rather than duplicate is the row's own id column,
or else the title and the start.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any

from flask_babel import lazy_gettext as _l

from federation.entry import Entry, EntryError, check
from federation.language import detect_language
from partners.spreadsheet import Rejected
from partners.tables import header_key, read_rows

_HEADERS = {
    "key": ("id", "row_id", "event_id", "编号", "活动编号", "序号"),
    "title": ("title", "name", "event", "summary", "标题", "活动名称", "名称", "活动"),
    "title_zh": ("title_zh", "chinese_title", "中文标题", "中文名称"),
    "title_en": ("title_en", "english_title", "英文标题", "英文名称"),
    "start": ("start", "start_time", "starts", "begin", "开始时间", "开始", "开始日期"),
    "end": ("end", "end_time", "ends", "finish", "结束时间", "结束", "结束日期"),
    "location": ("location", "place", "venue", "address", "地点", "地址", "场地"),
    "location_zh": ("location_zh", "中文地点"),
    "location_en": ("location_en", "英文地点"),
    "description": ("description", "details", "summary_text", "简介", "活动简介", "描述", "内容"),
    "description_zh": ("description_zh", "中文简介"),
    "description_en": ("description_en", "英文简介"),
    "url": ("url", "link", "website", "链接", "网址", "活动链接"),
    "registration_url": ("registration", "registration_url", "register", "报名链接", "报名"),
    "categories": ("topics", "topic", "categories", "category", "tags", "主题", "类别", "标签"),
    "tzid": ("timezone", "time_zone", "tz", "zone", "时区"),
    "all_day": ("all_day", "全天"),
    "online": ("online", "mode", "format", "形式", "线上"),
}
HEADERS = {header_key(text): column for column, texts in _HEADERS.items() for text in texts}
COLUMNS = "标题 / title, 开始时间 / start, 结束时间 / end, 地点 / location, 链接 / url"
_YES = {"1", "yes", "y", "true", "x", "是", "全天", "线上", "online", "在线", "virtual"}
_LIST = re.compile(r"[,;，；、|]")


@dataclass(frozen=True)
class SheetEvent:
    row: int
    key: str
    entry: Entry


def event_rows(data: bytes) -> tuple[list[SheetEvent], list[Rejected]]:
    """Every row as an event or a rejection. Raises ``partners.tables.TableError`` for a file
    that is no spreadsheet or has neither a title nor a start column."""
    rows = read_rows(
        data,
        HEADERS,
        required=("title", "title_zh", "title_en", "start"),
        missing=str(_l("The file has no title or start column (标题, 开始时间).")),
    )
    events, rejected, seen = [], [], {}
    for number, cells in rows:
        try:
            event = _event(number, cells)
        except EntryError as error:
            rejected.append(Rejected(number, str(error)))
            continue
        if event.key in seen:
            reason = _l("The same event as row %(row)s.", row=seen[event.key])
            rejected.append(Rejected(number, str(reason)))
            continue
        seen[event.key] = number
        events.append(event)
    return events, rejected


def _event(number: int, cells: dict[str, Any]) -> SheetEvent:
    all_day = _yes(cells.get("all_day")) or _date_only(cells.get("start"), cells.get("end"))
    values: dict[str, Any] = {
        "start": _moment(cells.get("start"), all_day),
        "end": _moment(cells.get("end"), all_day) if cells.get("end") else "",
        "all_day": all_day,
        "tzid": _text(cells.get("tzid")) or "Asia/Shanghai",
        "online": _yes(cells.get("online")),
        "url": _text(cells.get("url")),
        "registration_url": _text(cells.get("registration_url")),
        "categories": tuple(
            c.strip() for c in _LIST.split(_text(cells.get("categories"))) if c.strip()
        ),
    }
    for name in ("title", "location", "description"):
        values.update(_bilingual(name, cells))
    if not values["start"]:
        raise EntryError(str(_l("The row has no start.")))
    entry = Entry(**values)
    check(entry)
    return SheetEvent(number, _key(cells, entry), entry)


def _bilingual(name: str, cells: dict[str, Any]) -> dict[str, str]:
    """``title_zh``/``title_en`` from their own columns, and the plain ``title`` column in the
    language its text is in."""
    found = {f"{name}_{lang}": _text(cells.get(f"{name}_{lang}")) for lang in ("zh", "en")}
    plain = _text(cells.get(name))
    if plain:
        target = f"{name}_{detect_language(plain)}"
        found[target] = found[target] or plain
    return found


def _key(cells: dict[str, Any], entry: Entry) -> str:
    """The row's own id, else its title and start: what makes a re-import an update."""
    own = _text(cells.get("key"))
    if own:
        return f"id:{own}"
    title = (entry.title_zh or entry.title_en).casefold()
    return f"title:{' '.join(title.split())}|{entry.start}"


def _moment(value: Any, all_day: bool) -> str:
    """A cell as the entry's ISO text: Excel gives date-times, CSV gives text (with "/" and
    Chinese date marks allowed: 2026/12/20 14:00, 2026年12月20日 14:00)."""
    if isinstance(value, datetime):
        return value.date().isoformat() if all_day else value.strftime("%Y-%m-%dT%H:%M")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, time):
        raise EntryError(str(_l("'%(value)s' has a time but no date.", value=value)))
    text = _text(value)
    text = re.sub(r"(\d{4})[年/.](\d{1,2})[月/.](\d{1,2})日?", _iso_date, text)
    return text[:10] if all_day else text


def _iso_date(match: re.Match[str]) -> str:
    year, month, day = match.groups()
    return f"{year}-{int(month):02d}-{int(day):02d}"


def _date_only(start: Any, end: Any) -> bool:
    """A start without a time of day (a date cell, or text with no hour) is an all-day event."""
    return all(_no_time(v) for v in (start, end) if v not in (None, ""))


def _no_time(value: Any) -> bool:
    if isinstance(value, datetime):
        return value.time() == time(0)
    if isinstance(value, date):
        return True
    return ":" not in _text(value)


def _yes(value: Any) -> bool:
    return _text(value).casefold() in _YES


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # Excel keeps the id 12 as 12.0
    return str(value).strip()
