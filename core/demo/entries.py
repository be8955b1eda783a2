"""Demo events entered by hand: parks that publish on WeChat and keep a spreadsheet, with no
calendar feed (the alliance's common case). Dates are days from the day of loading."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import select

from core.db_types import utcnow
from core.extensions import db
from core.office import SHANGHAI
from federation.entry import Entry
from federation.models import EnteredEvent
from partners.models import Partner


@dataclass(frozen=True)
class DemoEntry:
    key: str
    partner: str
    days: int
    hour: int
    values: dict
    cohosts: tuple[str, ...] = ()


ENTRIES: tuple[DemoEntry, ...] = (
    DemoEntry(
        "bay-valley-1",
        "bay-valley-science-park",
        6,
        14,
        {
            "title_zh": "湾谷科技园 集成电路企业路演",
            "location_zh": "杨浦区湾谷科技园 A 座报告厅",
            "description_zh": "集成电路与智能制造初创企业路演，投资机构现场点评。",
            "categories": ("集成电路",),
        },
    ),
    DemoEntry(
        "wujiaochang-1",
        "wujiaochang-academy",
        9,
        19,
        {
            "title_zh": "五角场创业夜校：从实验室到市场",
            "title_en": "Wujiaochang start-up evening school: from lab to market",
            "location_zh": "五角场创新创业学院",
            "description_en": "A training course for researchers who want to found a company.",
            "categories": ("创业投资",),
        },
        cohosts=("tongji-knowledge-economy-circle",),
    ),
    DemoEntry(
        "hulian-baodi-1",
        "hulian-baodi",
        13,
        10,
        {
            "title_zh": "互联宝地 在线新经济沙龙（线上）",
            "online": True,
            "url": "https://meeting.tencent.com/",
            "categories": ("人工智能",),
        },
    ),
)


def ensure_entries(partners: dict[str, Partner]) -> set[int]:
    """Enter each demo event once (keyed like a spreadsheet row); returns the partners whose
    entered calendars hold them (published again, unchanged, by a second ``huiju demo``)."""
    from federation import entered  # the sync's pipeline: imported when the demo loads

    existing = set(db_keys())
    today = utcnow().astimezone(SHANGHAI).replace(minute=0, second=0, microsecond=0)
    changed: set[int] = set()
    for item in ENTRIES:
        host = partners.get(item.partner)
        if host is None:
            continue
        cohosts = tuple(partners[s].id for s in item.cohosts if s in partners)
        changed |= {host.id, *cohosts}
        if f"demo:{item.key}" in existing:
            continue
        start = today + timedelta(days=item.days)
        values = Entry(
            **item.values,
            start=f"{start:%Y-%m-%d} {item.hour:02d}:00",
            end=f"{start:%Y-%m-%d} {item.hour + 2:02d}:00",
            cohosts=cohosts,
        )
        entered.create(host, values, None, utcnow(), import_key=f"demo:{item.key}")
    for partner_id in changed:  # the calendars exist even before a sync (`huiju demo --no-sync`)
        entered.entered_feed(db.session.get(Partner, partner_id))
    return changed


def db_keys() -> list[str]:
    return [k for k in db.session.scalars(select(EnteredEvent.import_key)) if k]
