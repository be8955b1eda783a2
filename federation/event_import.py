"""A partner's event spreadsheet applied to its entered events, idempotently: a row whose key
(its id column, or its title and start) was imported before updates that event; the same file
imported twice changes nothing. Flushes; the caller commits, then publishes the calendars.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import select

from core import audit
from core.extensions import db
from core.models import User
from federation import entered, event_sheet
from federation.entry import Entry, EntryError
from federation.models import EnteredEvent
from partners.importing import ImportReport
from partners.models import Partner
from partners.spreadsheet import Rejected


@dataclass
class EventImport(ImportReport):
    """The row-level report of the other imports (``as_json`` is theirs), and the calendars
    to publish."""

    partners: set[int] = field(default_factory=set)


def import_events(partner: Partner, data: bytes, user: User | None, now: datetime) -> EventImport:
    """Apply every good row; raises ``partners.tables.TableError`` for an unreadable file."""
    rows, rejected = event_sheet.event_rows(data)
    report = EventImport(rejected=rejected)
    known = _by_key(partner)
    for row in rows:
        try:
            _apply(partner, row, known.get(row.key), user, now, report)
        except EntryError as error:
            report.rejected.append(Rejected(row.row, str(error)))
    report.rejected.sort(key=lambda r: r.row)
    summary = (
        f"{partner.slug}: {report.imported} imported, {report.updated} updated, "
        f"{report.unchanged} unchanged, {len(report.rejected)} rejected"
    )
    audit.record("entry.import", partner, summary=summary, details=report.as_json(), actor=user)
    db.session.flush()
    return report


def _apply(
    partner: Partner,
    row: event_sheet.SheetEvent,
    item: EnteredEvent | None,
    user: User | None,
    now: datetime,
    report: EventImport,
) -> None:
    if item is None:
        entered.create(partner, row.entry, user, now, import_key=row.key, record=False)
        report.imported += 1
        report.partners.add(partner.id)
        return
    # A row names no co-hosts: those given in the form since are kept.
    values = Entry.from_json({**row.entry.as_json(), "cohosts": item.fields.get("cohosts", [])})
    changed = entered.update(item, values, user, now, record=False)
    if changed:
        report.updated += 1
        report.partners |= changed
    else:
        report.unchanged += 1


def _by_key(partner: Partner) -> dict[str, EnteredEvent]:
    items = db.session.scalars(
        select(EnteredEvent).where(
            EnteredEvent.partner_id == partner.id, EnteredEvent.import_key.is_not(None)
        )
    )
    return {item.import_key: item for item in items if item.import_key}
