"""Changing partners and links: every change flushes and leaves an audit entry; none commits."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import Table, or_, select, update

from core import audit
from core.extensions import db
from partners.models import Link, Partner

PARTNER_FIELDS = (
    "slug",
    "name_en",
    "name_zh",
    "kind",
    "region",
    "country",
    "city_en",
    "city_zh",
    "website",
    "description_en",
    "description_zh",
    "alliance_member",
    "joined_on",
)
LINK_FIELDS = (
    "source_id",
    "target_id",
    "kind",
    "since",
    "until",
    "weight",
    "note_en",
    "note_zh",
    "evidence_url",
)


def assign(obj: Any, values: dict[str, Any], fields: tuple[str, ...]) -> dict[str, list[Any]]:
    """Set the given ``fields`` of ``obj``; returns ``{field: [old, new]}`` of what changed."""
    changed = {}
    for name in fields:
        if name in values and getattr(obj, name) != values[name]:
            changed[name] = [_plain(getattr(obj, name)), _plain(values[name])]
            setattr(obj, name, values[name])
    return changed


def _plain(value: Any) -> Any:
    return value.isoformat() if isinstance(value, date) else value


def create_partner(values: dict[str, Any], *, actor: Any = None) -> Partner:
    partner = Partner(**{k: v for k, v in values.items() if k in PARTNER_FIELDS})
    db.session.add(partner)
    db.session.flush()
    audit.record(
        "partner.create", partner, summary=partner.slug, details=values_json(values), actor=actor
    )
    return partner


def update_partner(partner: Partner, values: dict[str, Any], *, actor: Any = None) -> dict:
    changed = assign(partner, values, PARTNER_FIELDS)
    if changed:
        db.session.flush()
        audit.record(
            "partner.update",
            partner,
            summary=f"{partner.slug}: {', '.join(changed)}",
            details=changed,
            actor=actor,
        )
    return changed


def values_json(values: dict[str, Any]) -> dict[str, Any]:
    return {k: _plain(v) for k, v in values.items()}


def find_link(source_id: int, target_id: int, kind: str, since: date | None) -> Link | None:
    """The link with this identity: the same pair in the same direction, kind and start."""
    return db.session.scalar(
        select(Link).where(
            Link.source_id == source_id,
            Link.target_id == target_id,
            Link.kind == kind,
            Link.since.is_(None) if since is None else Link.since == since,
        )
    )


def create_link(values: dict[str, Any], *, actor: Any = None) -> Link:
    link = Link(**{k: v for k, v in values.items() if k in LINK_FIELDS})
    db.session.add(link)
    db.session.flush()
    audit.record(
        "link.create", link, summary=link_label(link), details=values_json(values), actor=actor
    )
    return link


def update_link(link: Link, values: dict[str, Any], *, actor: Any = None) -> dict:
    changed = assign(link, values, LINK_FIELDS)
    if changed:
        db.session.flush()
        db.session.refresh(link)
        audit.record("link.update", link, summary=link_label(link), details=changed, actor=actor)
    return changed


def delete_link(link: Link, *, actor: Any = None) -> None:
    audit.record(
        "link.delete",
        link,
        summary=link_label(link),
        actor=actor,
        details={
            "source": link.source.slug,
            "target": link.target.slug,
            "kind": link.kind,
            "since": _plain(link.since),
        },
    )
    db.session.delete(link)
    db.session.flush()


def link_label(link: Link) -> str:
    return f"{link.source.slug} –{link.kind}→ {link.target.slug}"


def merge_partners(survivor: Partner, duplicate: Partner, *, actor: Any = None) -> dict[str, int]:
    """Fold ``duplicate`` into ``survivor``: everything pointing at it moves, then it is deleted.

    Links that would join the survivor to itself are dropped; links that would repeat one the
    survivor has (same direction, kind and start) collapse into it. Returns what moved.
    """
    if survivor.id == duplicate.id:
        raise ValueError("a partner cannot be merged into itself")
    moved = _merge_links(survivor.id, duplicate.id)
    moved.update(_repoint_references(survivor.id, duplicate.id))
    summary = f"{duplicate.slug} → {survivor.slug}: " + ", ".join(
        f"{name} {count}" for name, count in moved.items() if count
    )
    audit.record(
        "partner.merge",
        survivor,
        summary=summary,
        actor=actor,
        details={
            "duplicate": {
                "id": duplicate.id,
                "slug": duplicate.slug,
                "name_en": duplicate.name_en,
                "name_zh": duplicate.name_zh,
            },
            "moved": moved,
        },
    )
    db.session.delete(duplicate)
    db.session.flush()
    db.session.expire_all()
    return moved


def _merge_links(survivor_id: int, duplicate_id: int) -> dict[str, int]:
    links = db.session.scalars(
        select(Link)
        .where(
            or_(
                Link.source_id.in_([survivor_id, duplicate_id]),
                Link.target_id.in_([survivor_id, duplicate_id]),
            )
        )
        .order_by(Link.id)
    ).all()
    swap = {duplicate_id: survivor_id}
    keys = {
        _key(link, swap) for link in links if duplicate_id not in (link.source_id, link.target_id)
    }
    counts = {"links moved": 0, "self-links dropped": 0, "duplicate links collapsed": 0}
    for link in links:
        if duplicate_id not in (link.source_id, link.target_id):
            continue
        source, target, kind, since = _key(link, swap)
        if source == target:
            counts["self-links dropped"] += 1
            db.session.delete(link)
        elif (source, target, kind, since) in keys:
            counts["duplicate links collapsed"] += 1
            db.session.delete(link)
        else:
            keys.add((source, target, kind, since))
            link.source_id, link.target_id = source, target
            counts["links moved"] += 1
    db.session.flush()
    return counts


def _key(link: Link, swap: dict[int, int]) -> tuple[int, int, str, date | None]:
    return (
        swap.get(link.source_id, link.source_id),
        swap.get(link.target_id, link.target_id),
        link.kind,
        link.since,
    )


def _repoint_references(survivor_id: int, duplicate_id: int) -> dict[str, int]:
    """Every other column referring to a partner (feeds, events, users, tokens, leads…) moves.

    Found from the metadata rather than listed, so a table added later is not forgotten.
    """
    moved = {}
    for table, column in _partner_references():
        result = db.session.execute(
            update(table).where(column == duplicate_id).values({column.name: survivor_id})
        )
        moved[f"{table.name}.{column.name}"] = result.rowcount or 0
    return moved


def _partner_references() -> list[tuple[Table, Any]]:
    partner_id = Partner.__table__.c.id
    return [
        (table, fk.parent)
        for table in db.metadata.sorted_tables
        if table.name not in ("partner", "link")
        for fk in table.foreign_keys
        if fk.references(Partner.__table__) and fk.column is partner_id
    ]
