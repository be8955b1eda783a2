"""Events entered by partner contacts and staff: the writes (flush only, with an audit entry)
and :func:`publish`, which rebuilds a partner's "entered" calendar from its
:class:`~federation.models.EnteredEvent` rows and applies it through the sync's own path.

A partner's entered calendar is a :class:`~federation.models.Feed` of source ``entered``
holding the events it hosts and those it co-hosts: the same event in two partners' calendars
is clustered as one and makes a co-host link, as with feeds. Deleting an entry leaves the
calendar, so the sync turns its stored event into a tombstone exported as CANCELLED.
"""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Iterable
from datetime import datetime

from sqlalchemy import or_, select

from core import audit
from core.extensions import db
from core.models import User
from federation import entry
from federation.models import EnteredEvent, Feed, FeedSource
from federation.sync import SyncResult, apply_body
from partners.models import Partner

UID_DOMAIN = "entered.huiju"


def entered_feed(partner: Partner) -> Feed:
    """The partner's entered calendar (created on first use; never on the schedule). After a
    merge of two partners the survivor may hold two: the older one is used."""
    feed = db.session.scalars(
        select(Feed)
        .where(Feed.partner_id == partner.id, Feed.source == FeedSource.ENTERED)
        .order_by(Feed.id)
    ).first()
    if feed is None:
        feed = Feed(
            partner_id=partner.id, source=FeedSource.ENTERED, name="entered", language="auto"
        )
        db.session.add(feed)
        db.session.flush()
        audit.record("feed.add", feed, summary=f"{partner.slug}: entered events")
    return feed


def cohost_column(cohosts: Iterable[int]) -> str:
    """``",3,7,"``: found with one LIKE on both databases."""
    ids = sorted(set(cohosts))
    return f",{','.join(map(str, ids))}," if ids else ""


def affected(item: EnteredEvent) -> set[int]:
    """The partners whose calendars list ``item``: its host and co-hosts."""
    return {item.partner_id, *(int(i) for i in item.cohost_ids.strip(",").split(",") if i)}


def create(
    partner: Partner,
    values: entry.Entry,
    user: User | None,
    now: datetime,
    *,
    import_key: str | None = None,
    record: bool = True,
) -> EnteredEvent:
    """A new entered event (checked first: :class:`~federation.entry.EntryError`). An import
    passes ``record=False``: it records one audit entry for the file, and flushes its rows
    together (a flush per row cost more than the rows' whole sync)."""
    entry.check(values)
    item = EnteredEvent(
        partner_id=partner.id,
        uid=_uid(partner, import_key),
        import_key=import_key,
        fields=values.as_json(),
        cohost_ids=cohost_column(c for c in values.cohosts if c != partner.id),
        cancelled=False,
        sequence=0,
        created_by_id=user.id if user else None,
        created_at=now,
        updated_at=now,
    )
    item.block = _render(item)
    db.session.add(item)
    if record:
        db.session.flush()
        audit.record("entry.create", item, summary=_summary(partner, values), actor=user)
    return item


def update(
    item: EnteredEvent,
    values: entry.Entry,
    user: User | None,
    now: datetime,
    *,
    record: bool = True,
) -> set[int]:
    """Change an entered event; SEQUENCE and LAST-MODIFIED move only if something changed.
    Returns the partners whose calendars must be published (former co-hosts included)."""
    entry.check(values)
    before = affected(item)
    if values.as_json() == item.fields:
        return set()
    item.fields = values.as_json()
    item.cohost_ids = cohost_column(c for c in values.cohosts if c != item.partner_id)
    _changed(item, now, flush=record)
    if record:
        audit.record("entry.update", item, summary=_summary(item.partner, values), actor=user)
    return before | affected(item)


def set_cancelled(item: EnteredEvent, cancelled: bool, user: User | None, now: datetime) -> None:
    """Cancel (or reinstate) an event: it stays listed, marked cancelled (STATUS:CANCELLED)."""
    if item.cancelled == cancelled:
        return
    item.cancelled = cancelled
    _changed(item, now)
    action = "entry.cancel" if cancelled else "entry.reinstate"
    audit.record(action, item, summary=_summary(item.partner, _values(item)), actor=user)


def delete(item: EnteredEvent, user: User | None) -> set[int]:
    """Remove an entered event: its stored event becomes a tombstone at the next publish."""
    partners = affected(item)
    audit.record("entry.delete", item, summary=_summary(item.partner, _values(item)), actor=user)
    db.session.delete(item)
    db.session.flush()
    return partners


def publish(partner_ids: Iterable[int], now: datetime) -> list[SyncResult]:
    """Rebuild and apply the entered calendars of ``partner_ids``. Commits (as every sync
    does: what the caller left pending first, then each calendar in its own transaction)."""
    results = []
    for partner_id in sorted(set(partner_ids)):
        partner = db.session.get(Partner, partner_id)
        if partner is None:
            continue
        feed = entered_feed(partner)
        body = entry.calendar(partner.name_en or partner.slug, _blocks(partner.id))
        # force: a deliberate deletion of most events is no broken export to hold back.
        results.append(
            apply_body(feed, body, charset="utf-8", trigger="entry", now=now, force=True)
        )
    return results


def _blocks(partner_id: int) -> list[str]:
    pattern = f"%,{partner_id},%"
    return list(
        db.session.scalars(
            select(EnteredEvent.block).where(
                or_(EnteredEvent.partner_id == partner_id, EnteredEvent.cohost_ids.like(pattern))
            )
        )
    )


def _render(item: EnteredEvent) -> str:
    return entry.vevent(
        _values(item),
        uid=item.uid,
        sequence=item.sequence,
        cancelled=item.cancelled,
        created_at=item.created_at,
        modified_at=item.updated_at,
    )


def _values(item: EnteredEvent) -> entry.Entry:
    return entry.Entry.from_json(item.fields)


def _changed(item: EnteredEvent, now: datetime, *, flush: bool = True) -> None:
    """Every change is a new revision of the event for calendar clients (RFC 5545 SEQUENCE)."""
    item.sequence += 1
    item.updated_at = max(now, item.updated_at)
    item.block = _render(item)
    if flush:
        db.session.flush()


def _uid(partner: Partner, import_key: str | None) -> str:
    """Random for a typed event; derived from the row's key for an imported one, so the same
    spreadsheet imported into a fresh database gives the same UIDs."""
    if import_key is None:
        return f"{uuid.uuid4().hex}@{UID_DOMAIN}"
    digest = hashlib.sha256(f"{partner.slug}\x1f{import_key}".encode()).hexdigest()[:32]
    return f"{digest}@{UID_DOMAIN}"


def _summary(partner: Partner, values: entry.Entry) -> str:
    title = values.text("title", "zh") or values.text("title", "en")
    return f"{partner.slug}: {title} ({values.start})"
