"""Reading leads from a spreadsheet (XLSX or CSV, English or Chinese headers) — pure: bytes in,
a plan of rows to create and rows refused (with their spreadsheet row number) out.

The office collects cards at the Import Expo into whatever sheet is at hand, so headers are
matched loosely, CSV may be UTF-8 or GB18030 (Excel on a Chinese Windows), and dates come as
ISO, 2026/11/10, 2026年11月10日 or real Excel date cells.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from functools import cache
from typing import Any

from babel import Locale
from email_validator import EmailNotValidError, validate_email
from flask_babel import lazy_gettext as _l

from core.cjk import has_han
from partners import tables
from partners.leads.models import Stage

HEADERS = {
    "organization": "organization", "organisation": "organization", "company": "organization",
    "单位名称": "organization", "机构名称": "organization",
    "contact": "contact", "联系人": "contact",
    "email": "email", "e_mail": "email", "邮箱": "email", "电子邮件": "email",
    "phone": "phone", "电话": "phone", "手机": "phone",
    "country": "country", "国家": "country", "国家地区": "country", "国家/地区": "country",
    "source": "source", "来源": "source",
    "sector": "sector", "行业": "sector",
    "stage": "stage", "阶段": "stage",
    "owner": "owner", "负责人": "owner",
    "next_follow_up": "next_follow_up", "下次跟进": "next_follow_up",
    "下次跟进日期": "next_follow_up",
    "notes": "notes", "备注": "notes",
}  # fmt: skip
STAGE_ALIASES = {
    **{s.value: s.value for s in Stage},
    "新建": Stage.NEW, "新线索": Stage.NEW, "已联系": Stage.CONTACTED, "会谈": Stage.MEETING,
    "方案": Stage.PROPOSAL, "已签约": Stage.SIGNED, "已落地": Stage.LANDED, "已流失": Stage.LOST,
}  # fmt: skip
DATE = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:[ T].*)?$")
DUPLICATE = _l("Duplicate: this organisation and e-mail are already listed.")
EXCEL_EPOCH = date(1899, 12, 30)  # Excel's day 0, counting its 1900 leap-year bug


ImportFileError = tables.TableError  # the file is not a spreadsheet we can read


@dataclass(frozen=True)
class LeadRow:
    row: int
    fields: dict[str, Any]  # Lead columns, ready for ``operations.create_lead``
    stage: str
    owner_email: str


@dataclass(frozen=True)
class Rejection:
    row: int
    reason: str


@dataclass
class ImportPlan:
    rows: list[LeadRow] = field(default_factory=list)
    rejected: list[Rejection] = field(default_factory=list)
    duplicates: int = 0


def read_table(data: bytes) -> list[tuple[int, dict[str, Any]]]:
    """(row number, {canonical column: cell}) for every non-blank data row of the file."""
    missing = str(_l("No “organization” (单位名称) column in the first row."))
    return tables.read_rows(data, HEADERS, required={"organization"}, missing=missing)


def plan_import(
    table: list[tuple[int, dict[str, Any]]],
    existing: set[tuple[str, str]],
    owners: Mapping[str, int],
) -> ImportPlan:
    """Validate every row; ``existing`` holds ``duplicate_key``s of stored leads and ``owners``
    maps staff e-mail (lower case) → user id."""
    plan, seen = ImportPlan(), set(existing)
    for n, cells in table:
        result = parse_row(n, cells, owners)
        if isinstance(result, Rejection):
            plan.rejected.append(result)
            continue
        key = duplicate_key(_organization(result.fields), result.fields["email"])
        if key in seen:
            plan.duplicates += 1
            plan.rejected.append(Rejection(n, str(DUPLICATE)))
            continue
        seen.add(key)
        plan.rows.append(result)
    return plan


def duplicate_key(organization: str, email: str) -> tuple[str, str]:
    """Same organisation (case and spacing aside) with the same e-mail is the same lead."""
    return " ".join(organization.casefold().split()), email.strip().lower()


def parse_row(n: int, cells: dict[str, Any], owners: Mapping[str, int]) -> LeadRow | Rejection:
    """One row as a ``LeadRow``, or the first reason it cannot be one."""
    text = {k: _text(v) for k, v in cells.items()}
    organization = text.get("organization", "")
    if not organization:
        return Rejection(n, str(_l("No organisation.")))
    try:
        email = _email(text.get("email", ""))
        stage = _stage(text.get("stage", ""))
        country = _country(text.get("country", ""))
        next_on = parse_date(cells.get("next_follow_up"))
        owner_id = _owner(text.get("owner", ""), owners)
    except ValueError as exc:
        return Rejection(n, str(exc))
    zh = bool(has_han(organization))
    fields = {
        "organization_zh" if zh else "organization_en": organization,
        "contact_name": text.get("contact", ""), "email": email,
        "phone": text.get("phone", ""), "country": country, "source": text.get("source", ""),
        "sector": text.get("sector", ""), "notes": text.get("notes", ""),
        "next_follow_up_on": next_on, "owner_id": owner_id,
    }  # fmt: skip
    return LeadRow(n, fields, stage, text.get("owner", "").lower())


def _organization(fields: dict[str, Any]) -> str:
    return fields.get("organization_en") or fields.get("organization_zh") or ""


def _text(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # a phone number typed into a numeric Excel cell
    return " ".join(str(value).split()) if value is not None else ""


def _email(value: str) -> str:
    if not value:
        return ""
    try:
        return validate_email(value, check_deliverability=False).normalized
    except EmailNotValidError as exc:
        raise ValueError(str(_l("Invalid e-mail address “%(email)s”.", email=value))) from exc


def _stage(value: str) -> str:
    if not value:
        return Stage.NEW
    stage = STAGE_ALIASES.get(value.lower())
    if stage is None:
        raise ValueError(str(_l("Unknown stage “%(stage)s”.", stage=value)))
    return str(stage)


def _country(value: str) -> str:
    if not value:
        return ""
    code = (
        value.upper()
        if re.fullmatch(r"[A-Za-z]{2}", value)
        else _country_names().get(value.casefold())
    )
    if not code:
        raise ValueError(str(_l("Unknown country “%(country)s”.", country=value)))
    return code


@cache
def _country_names() -> dict[str, str]:
    """English and Chinese country names → ISO code, from Babel's CLDR data."""
    names = {}
    for locale in ("en", "zh_Hans_CN"):
        for code, name in Locale.parse(locale).territories.items():
            if re.fullmatch(r"[A-Z]{2}", code):
                names[name.casefold()] = code
    return names


def _owner(value: str, owners: Mapping[str, int]) -> int | None:
    if not value:
        return None
    owner = owners.get(value.lower())
    if owner is None:
        raise ValueError(str(_l("No staff member with the e-mail “%(email)s”.", email=value)))
    return owner


def parse_date(value: Any) -> date | None:
    """A date from a cell: Excel date or serial number, ISO, 2026/11/10, 2026年11月10日."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, int | float) and 1 <= value < 2958466:
        return EXCEL_EPOCH + timedelta(days=int(value))
    match = DATE.match(str(value).strip())
    try:
        if match:
            return date(*(int(part) for part in match.groups()))
    except ValueError:
        pass
    raise ValueError(str(_l("Unreadable date “%(date)s”.", date=value)))
