"""Writes: framework versions, the framework a period is reported under, reported figures.
They flush and never commit; each leaves an audit entry."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import func, select

from core import audit
from core.extensions import db
from core.models import User
from indicators import queries
from indicators.framework import Framework
from indicators.importing import FigurePlan, Rejection, read_figures
from indicators.models import FrameworkVersion, IndicatorPeriod, IndicatorValue
from partners.models import Partner


def store_framework(
    framework: Framework, *, by: User | str | None = None, note: str = ""
) -> FrameworkVersion:
    """Keep ``framework`` as the next version; it is in force from now on for new periods."""
    latest = db.session.scalar(select(func.max(FrameworkVersion.version))) or 0
    definition = {**framework.to_json(), "version": latest + 1}
    row = FrameworkVersion(
        version=latest + 1, definition=definition, note=note or framework.note, created_by=_who(by)
    )
    db.session.add(row)
    db.session.flush()
    audit.record(
        "indicators.framework",
        row,
        summary=f"framework version {row.version}: {len(framework.indicators)} indicators",
        actor=by,
    )
    return row


def ensure_framework() -> FrameworkVersion:
    """The stored framework in force; the default one is stored as version 1 the first time."""
    return queries.stored_framework() or store_framework(queries.framework_in_force(), by="huiju")


def pin_period(period: str) -> IndicatorPeriod:
    """The period's row, created under the framework in force when its first figure comes."""
    row = db.session.scalars(
        select(IndicatorPeriod).where(IndicatorPeriod.period == period)
    ).first()
    if row is None:
        row = IndicatorPeriod(period=period, framework_id=ensure_framework().id)
        db.session.add(row)
        db.session.flush()
    return row


@dataclass
class ImportReport:
    imported: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: list[Rejection] = field(default_factory=list)

    def to_json(self) -> dict:
        return {
            "imported": self.imported,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "rejected": [{"row": r.row, "reason": r.reason} for r in self.rejected],
        }


def import_figures(
    data: bytes, *, by: User | str | None = None, only: Partner | None = None
) -> ImportReport:
    """Read a wide or long spreadsheet of figures and store them; ``only`` limits them to one
    base (a partner contact's). Idempotent: a figure already stored with the same value is
    left alone. Raises ``importing.ImportFileError`` when the file is no table of figures."""
    partners = queries.bases()
    framework = queries.framework_in_force()
    allowed = {only.slug} if only is not None else None
    plan = read_figures(data, framework, queries.base_names(partners), allowed)
    report = store_figures(plan, {p.slug: p.id for p in partners}, by=by)
    audit.record(
        "indicators.import",
        only,
        summary=f"figures: {report.imported} new, {report.updated} updated, "
        f"{len(report.rejected)} rejected",
        details=report.to_json(),
        actor=by,
    )
    return report


def store_figures(
    plan: FigurePlan, ids: dict[str, int], *, by: User | str | None = None
) -> ImportReport:
    report = ImportReport(rejected=list(plan.rejected))
    wanted = {(ids[f.partner], f.period, f.code) for f in plan.figures}
    stored = {
        (v.partner_id, v.period, v.code): v
        for v in db.session.scalars(
            select(IndicatorValue).where(IndicatorValue.partner_id.in_({k[0] for k in wanted}))
        )
    }
    who = _who(by)
    for period in sorted({f.period for f in plan.figures}):
        pin_period(period)
    for f in plan.figures:
        key = (ids[f.partner], f.period, f.code)
        row = stored.get(key)
        if row is None:
            row = IndicatorValue(
                partner_id=key[0], period=f.period, code=f.code, value=f.value, updated_by=who
            )
            db.session.add(row)
            stored[key] = row
            report.imported += 1
        elif row.value != f.value:
            row.value, row.updated_by = f.value, who
            report.updated += 1
        else:
            report.unchanged += 1
    db.session.flush()
    return report


def _who(by: User | str | None) -> str:
    if isinstance(by, User):
        return by.email
    return by or "cli"
