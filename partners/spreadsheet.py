"""Spreadsheets of partners and links: bytes in, validated rows or per-row errors out (pure).

Messages are lazy strings: they read in the language of the request (English in the CLI).

Staff keep these lists in Excel, often on Chinese Windows, so a CSV may come in UTF-8 (with
or without a BOM) or GB18030, and headers may be English or Chinese. Row numbers are the ones
the spreadsheet shows: the header is row 1.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from babel import Locale
from flask_babel import lazy_gettext as _l

from core.cjk import has_han
from core.weburl import web_url
from partners import tables
from partners.kinds import LinkKind, PartnerKind
from partners.regions import REGION_ALIASES, Region

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
COUNTRIES = frozenset(c for c in Locale("en").territories if re.fullmatch(r"[A-Z]{2}", c))
PARTNER_KINDS = tuple(PartnerKind)
REGIONS = tuple(Region)
LINK_KINDS = tuple(LinkKind)

PARTNER_HEADERS = {
    "slug": "slug",
    "标识": "slug",
    "代码": "slug",
    "name_en": "name_en",
    "英文名称": "name_en",
    "name_zh": "name_zh",
    "名称": "name_zh",
    "中文名称": "name_zh",
    "kind": "kind",
    "类型": "kind",
    "region": "region",
    "地区": "region",
    "区域": "region",
    "country": "country",
    "国家": "country",
    "city": "city",
    "城市": "city",
    "website": "website",
    "网站": "website",
}
LINK_HEADERS = {
    "source": "source",
    "来源": "source",
    "target": "target",
    "目标": "target",
    "kind": "kind",
    "类型": "kind",
    "since": "since",
    "开始": "since",
    "until": "until",
    "结束": "until",
    "weight": "weight",
    "权重": "weight",
    "note": "note",
    "备注": "note",
}
KIND_ALIASES = {
    "示范基地": "base",
    "基地": "base",
    "园区": "park",
    "科技园区": "park",
    "孵化器": "incubator",
    "高校": "university",
    "大学": "university",
    "企业": "enterprise",
    "投资机构": "investor",
    "平台": "platform",
    "服务平台": "platform",
    "协会": "association",
    "政府": "government",
    "政府部门": "government",
    "国际": "international",
    "国际合作方": "international",
}
LINK_KIND_ALIASES = {
    "联盟": "alliance",
    "联盟成员": "alliance",
    "合作备忘录": "mou",
    "备忘录": "mou",
    "联合主办": "cohost",
    "投资": "investment",
    "技术转移": "tech_transfer",
    "孵化": "incubation",
    "推荐": "referral",
    "线索": "lead",
    "进博会线索": "lead",
}


SpreadsheetError = tables.TableError  # the file could not be read as a spreadsheet at all


class RowError(ValueError):
    """One row is unusable; the message says why."""


@dataclass(frozen=True)
class Rejected:
    row: int
    reason: str


@dataclass(frozen=True)
class PartnerRow:
    """A valid partner row; ``None`` means the cell was empty (keep what is stored)."""

    row: int
    slug: str
    name_en: str | None
    name_zh: str | None
    kind: str | None
    region: str | None
    country: str | None
    city_en: str | None
    city_zh: str | None
    website: str | None


@dataclass(frozen=True)
class LinkRow:
    row: int
    source: str
    target: str
    kind: str
    since: date | None
    until: date | None
    weight: float
    note_en: str
    note_zh: str


def read_rows(data: bytes, headers: dict[str, str]) -> list[tuple[int, dict[str, Any]]]:
    """The file's data rows as ``(row number, {canonical column: cell})``, blank rows skipped."""
    missing = str(_l("No header row with the expected columns (e.g. slug or source)."))
    return tables.read_rows(data, headers, required={"slug", "source"}, missing=missing)


def validate(
    rows: Iterable[tuple[int, dict[str, Any]]], parse: Any, key: Any
) -> tuple[list[Any], list[Rejected]]:
    """Parse every row with ``parse``; a row whose ``key`` was seen before is rejected."""
    good, rejected, seen = [], [], {}
    for number, values in rows:
        try:
            parsed = parse(number, values)
        except RowError as exc:
            rejected.append(Rejected(number, str(exc)))
            continue
        if key(parsed) in seen:
            same = _l("Same as row %(row)s.", row=seen[key(parsed)])
            rejected.append(Rejected(number, str(same)))
            continue
        seen[key(parsed)] = number
        good.append(parsed)
    return good, rejected


def partner_rows(data: bytes) -> tuple[list[PartnerRow], list[Rejected]]:
    return validate(read_rows(data, PARTNER_HEADERS), parse_partner, lambda r: r.slug)


def link_rows(data: bytes) -> tuple[list[LinkRow], list[Rejected]]:
    return validate(
        read_rows(data, LINK_HEADERS), parse_link, lambda r: (r.source, r.target, r.kind, r.since)
    )


def parse_partner(number: int, values: dict[str, Any]) -> PartnerRow:
    city = _text(values.get("city")) or None
    name_en, name_zh = _text(values.get("name_en")) or None, _text(values.get("name_zh")) or None
    return PartnerRow(
        row=number,
        slug=_slug(values.get("slug"), "slug"),
        name_en=name_en,
        name_zh=name_zh,
        kind=_choice(values.get("kind"), PARTNER_KINDS, KIND_ALIASES, "kind"),
        region=_choice(values.get("region"), REGIONS, REGION_ALIASES, "region"),
        country=_country(values.get("country")),
        # One city column: Chinese text is the Chinese name, anything else the English one.
        city_en=city if city and not has_han(city) else None,
        city_zh=city if city and has_han(city) else None,
        website=_website(values.get("website")),
    )


def parse_link(number: int, values: dict[str, Any]) -> LinkRow:
    source, target = _slug(values.get("source"), "source"), _slug(values.get("target"), "target")
    if source == target:
        raise RowError(_l("Source and target are the same partner."))
    since, until = _date(values.get("since"), "since"), _date(values.get("until"), "until")
    if since and until and until < since:
        raise RowError(_l("The end date is before the start date."))
    kind = _choice(values.get("kind"), LINK_KINDS, LINK_KIND_ALIASES, "kind")
    if kind is None:
        raise RowError(_l("%(column)s is missing.", column="kind"))
    note = _text(values.get("note"))
    zh = bool(has_han(note))
    return LinkRow(
        number,
        source,
        target,
        kind,
        since,
        until,
        _weight(values.get("weight")),
        "" if zh else note,
        note if zh else "",
    )


def _text(value: Any) -> str:
    return "" if value is None else str(value).strip()


def _slug(value: Any, column: str) -> str:
    slug = _text(value).lower()
    if not slug:
        raise RowError(_l("%(column)s is missing.", column=column))
    if not SLUG.match(slug):
        raise RowError(
            _l(
                "%(column)s '%(value)s' is not a slug: use lower-case letters, digits and hyphens.",
                column=column,
                value=slug,
            )
        )
    return slug


def _choice(
    value: Any, allowed: tuple[str, ...], aliases: dict[str, str], column: str
) -> str | None:
    text = _text(value)
    if not text:
        return None
    choice = aliases.get(text, text.lower().replace("-", "_"))
    if choice not in allowed:
        raise RowError(
            _l(
                "%(column)s '%(value)s' is not one of: %(allowed)s.",
                column=column,
                value=text,
                allowed=", ".join(allowed),
            )
        )
    return choice


def _country(value: Any) -> str | None:
    code = _text(value).upper()
    if code and code not in COUNTRIES:
        raise RowError(_l("Country '%(value)s' is not an ISO 3166 two-letter code.", value=code))
    return code or None


def _website(value: Any) -> str | None:
    url = _text(value)
    if url and not web_url(url):
        raise RowError(_l("Website '%(value)s' is not an http or https address.", value=url))
    return url or None


def _date(value: Any, column: str) -> date | None:
    if isinstance(value, datetime):  # Excel date cells arrive as datetimes
        return value.date()
    if isinstance(value, date):
        return value
    text = _text(value)
    if not text:
        return None
    try:
        return date.fromisoformat(text.replace("/", "-"))
    except ValueError:
        raise RowError(
            _l("%(column)s '%(value)s' is not a date (YYYY-MM-DD).", column=column, value=text)
        ) from None


def _weight(value: Any) -> float:
    text = _text(value)
    try:
        weight = float(text) if text else 1.0
    except ValueError:
        raise RowError(_l("Weight '%(value)s' is not a number.", value=text)) from None
    if not weight > 0 or weight == float("inf"):
        raise RowError(_l("The weight must be greater than 0."))
    return weight


def iter_reasons(rejected: Iterable[Rejected]) -> Iterator[dict[str, Any]]:
    for item in rejected:
        yield {"row": item.row, "reason": item.reason}
