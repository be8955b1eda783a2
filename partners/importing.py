"""Applying validated spreadsheet rows to the database, idempotently: partners are keyed by
slug, links by source, target, kind and start date. Flushes; the caller commits."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from core import audit
from core.extensions import db
from partners import operations, spreadsheet
from partners.models import Partner
from partners.regions import DELTA_REGIONS
from partners.spreadsheet import LinkRow, PartnerRow, Rejected


@dataclass
class ImportReport:
    imported: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: list[Rejected] = field(default_factory=list)

    def count(self, outcome: str) -> None:
        setattr(self, outcome, getattr(self, outcome) + 1)

    def as_json(self) -> dict[str, Any]:
        return {
            "imported": self.imported,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "rejected": [{"row": r.row, "reason": r.reason} for r in self.rejected],
        }


def import_partners(data: bytes, *, actor: Any = None) -> ImportReport:
    """Upsert every good row of a partner spreadsheet; raises ``SpreadsheetError`` if unreadable."""
    rows, rejected = spreadsheet.partner_rows(data)
    report = ImportReport(rejected=rejected)
    for row in rows:
        try:
            report.count(_apply_partner(row, actor))
        except spreadsheet.RowError as exc:
            report.rejected.append(Rejected(row.row, str(exc)))
    _finish(report, "partners.import", actor)
    return report


def import_links(data: bytes, *, actor: Any = None) -> ImportReport:
    """Upsert every good row of a link spreadsheet; raises ``SpreadsheetError`` if unreadable."""
    rows, rejected = spreadsheet.link_rows(data)
    report = ImportReport(rejected=rejected)
    slugs = _partner_ids({r.source for r in rows} | {r.target for r in rows})
    for row in rows:
        try:
            report.count(_apply_link(row, slugs, actor))
        except spreadsheet.RowError as exc:
            report.rejected.append(Rejected(row.row, str(exc)))
    _finish(report, "links.import", actor)
    return report


def _finish(report: ImportReport, action: str, actor: Any) -> None:
    report.rejected.sort(key=lambda r: r.row)
    summary = (
        f"{report.imported} imported, {report.updated} updated, "
        f"{report.unchanged} unchanged, {len(report.rejected)} rejected"
    )
    audit.record(action, None, summary=summary, details=report.as_json(), actor=actor)
    db.session.flush()


def _apply_partner(row: PartnerRow, actor: Any) -> str:
    given = {
        name: getattr(row, name)
        for name in (
            "name_en",
            "name_zh",
            "kind",
            "region",
            "country",
            "city_en",
            "city_zh",
            "website",
        )
        if getattr(row, name) is not None
    }
    partner = db.session.scalar(select(Partner).where(Partner.slug == row.slug))
    if partner is not None:  # an empty cell keeps what is stored
        return "updated" if operations.update_partner(partner, given, actor=actor) else "unchanged"
    operations.create_partner(_new_partner(row.slug, given), actor=actor)
    return "imported"


def _new_partner(slug: str, given: dict[str, Any]) -> dict[str, Any]:
    if not given.get("name_en") and not given.get("name_zh"):
        raise spreadsheet.RowError(_l("A new partner needs a name (name_en or name_zh)."))
    country = given.get("country")
    region = given.get("region") or ("overseas" if country and country != "CN" else "shanghai")
    return {
        "slug": slug,
        "name_en": "",
        "name_zh": "",
        "kind": "base",
        "country": country or ("CN" if region in DELTA_REGIONS else ""),
        **given,
        "region": region,
        "alliance_member": region in DELTA_REGIONS,
    }


def _partner_ids(slugs: set[str]) -> dict[str, int]:
    rows = db.session.execute(select(Partner.slug, Partner.id).where(Partner.slug.in_(slugs)))
    return {slug: partner_id for slug, partner_id in rows}


def _apply_link(row: LinkRow, ids: dict[str, int], actor: Any) -> str:
    for slug in (row.source, row.target):
        if slug not in ids:
            raise spreadsheet.RowError(_l("There is no partner '%(slug)s'.", slug=slug))
    values: dict[str, Any] = {"weight": row.weight}
    values.update(
        {
            k: v
            for k, v in (("until", row.until), ("note_en", row.note_en), ("note_zh", row.note_zh))
            if v
        }
    )
    link = operations.find_link(ids[row.source], ids[row.target], row.kind, row.since)
    if link is not None:
        return "updated" if operations.update_link(link, values, actor=actor) else "unchanged"
    operations.create_link(
        {
            "source_id": ids[row.source],
            "target_id": ids[row.target],
            "kind": row.kind,
            "since": row.since,
            **values,
        },
        actor=actor,
    )
    return "imported"
