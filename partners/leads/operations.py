"""Operations on leads: create, edit, move along the pipeline, log follow-ups, convert.

Every function flushes and records an audit entry; the caller (view, CLI) commits once.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from core import audit
from core.db_types import utcnow
from core.extensions import db
from core.models import User
from core.office import office_today
from partners.kinds import LinkKind
from partners.leads import queries
from partners.leads.importing import ImportPlan, plan_import, read_table
from partners.leads.models import FollowUp, Lead, Stage, StageChange
from partners.leads.stages import transition_error
from partners.models import Link, Partner

FOLLOW_UP_KINDS = ("call", "email", "meeting", "visit")
EDITABLE = (
    "organization_en",
    "organization_zh",
    "contact_name",
    "email",
    "phone",
    "country",
    "sector",
    "source",
    "interest",
    "introduced_by_id",
    "owner_id",
    "next_follow_up_on",
    "notes",
)


class LeadError(Exception):
    """An operation the pipeline refuses; ``str()`` is a sentence for the user."""


def create_lead(fields: dict[str, Any], by: User | None = None, stage: str = Stage.NEW) -> Lead:
    """A new lead at ``stage`` (imports may start later than "new"); its history starts here."""
    lead = Lead(**_only_editable(fields), stage=stage)
    db.session.add(lead)
    db.session.flush()
    db.session.add(StageChange(lead=lead, from_stage="", to_stage=stage, by_id=_id(by)))
    audit.record("lead.create", lead, summary=lead.organization("en"), actor=by)
    db.session.flush()
    return lead


def edit_lead(lead: Lead, fields: dict[str, Any], by: User | None = None) -> list[str]:
    """Apply changed fields; returns the names of those that changed (audited)."""
    changed = {}
    for name, value in _only_editable(fields).items():
        if getattr(lead, name) != value:
            changed[name] = [_plain(getattr(lead, name)), _plain(value)]
            setattr(lead, name, value)
    if changed:
        audit.record("lead.edit", lead, summary=", ".join(changed), details=changed, actor=by)
        db.session.flush()
    return list(changed)


def move_stage(lead: Lead, to_stage: str, by: User | None = None, reason: str = "") -> StageChange:
    """Move ``lead`` to ``to_stage`` if the pipeline allows it, else raise ``LeadError``."""
    error = transition_error(lead.stage, to_stage, reason)
    if error:
        raise LeadError(error)
    change = StageChange(
        lead=lead, from_stage=lead.stage, to_stage=to_stage, reason=reason.strip(), by_id=_id(by)
    )
    db.session.add(change)
    lead.stage = to_stage
    lead.lost_reason = reason.strip() if to_stage == Stage.LOST else ""
    if to_stage == Stage.LANDED:
        lead.landed_at = utcnow()
    summary = f"{change.from_stage} → {to_stage}"
    audit.record("lead.stage", lead, summary=summary, details={"reason": reason}, actor=by)
    db.session.flush()
    return change


@dataclass(frozen=True)
class FollowUpInput:
    on: date
    kind: str
    outcome: str = ""
    next_step: str = ""
    next_follow_up_on: date | None = None
    to_stage: str = ""  # "" keeps the stage
    reason: str = ""


def log_follow_up(lead: Lead, entry: FollowUpInput, by: User | None = None) -> FollowUp:
    """Record a call/e-mail/meeting/visit; may move the stage and set the next follow-up date."""
    if entry.kind not in FOLLOW_UP_KINDS:
        raise LeadError(str(_l("“%(kind)s” is not a kind of follow-up.", kind=entry.kind)))
    if entry.to_stage and entry.to_stage != lead.stage:
        move_stage(lead, entry.to_stage, by=by, reason=entry.reason)
    follow_up = FollowUp(
        lead=lead,
        on=entry.on,
        kind=entry.kind,
        outcome=entry.outcome.strip(),
        next_step=entry.next_step.strip(),
        by_id=_id(by),
    )
    db.session.add(follow_up)
    lead.next_follow_up_on = entry.next_follow_up_on
    audit.record("lead.follow_up", lead, summary=f"{entry.kind} {entry.on}", actor=by)
    db.session.flush()
    return follow_up


def import_spreadsheet(data: bytes, by: User | None = None) -> ImportPlan:
    """Create the valid rows of an XLSX/CSV file as leads; duplicates and bad rows are skipped
    (so importing the same file twice adds nothing). Raises ``ImportFileError``."""
    existing, owners = queries.existing_keys(), queries.owner_ids()
    plan = plan_import(read_table(data), existing, owners)
    for row in plan.rows:
        create_lead(row.fields, by=by, stage=row.stage)
    summary = f"{len(plan.rows)} imported, {len(plan.rejected)} rejected"
    audit.record(
        "lead.import", None, summary=summary, details={"duplicates": plan.duplicates}, actor=by
    )
    db.session.flush()
    return plan


@dataclass(frozen=True)
class NewPartner:
    slug: str
    name_en: str
    name_zh: str
    kind: str = "enterprise"
    region: str = "overseas"


SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


def convert_to_partner(
    lead: Lead,
    *,
    partner: Partner | None = None,
    new: NewPartner | None = None,
    by: User | None = None,
) -> Partner:
    """Make a landed lead a partner (new or ``partner``); link it ``lead`` from its introducer."""
    _check_convertible(lead)
    target = partner or _create_partner(lead, new, by)
    lead.partner_id = target.id
    introducer = lead.introduced_by_id
    if introducer and introducer != target.id and not _has_lead_link(introducer, target.id):
        link = Link(
            source_id=introducer,
            target_id=target.id,
            kind=LinkKind.LEAD,
            since=office_today(),
            note_en=f"Lead: {lead.organization('en')}",
        )
        db.session.add(link)
        db.session.flush()
        audit.record("link.create", link, summary=f"lead {introducer} → {target.id}", actor=by)
    audit.record(
        "lead.convert", lead, summary=target.slug, details={"partner": target.id}, actor=by
    )
    db.session.flush()
    return target


def _check_convertible(lead: Lead) -> None:
    if lead.stage != Stage.LANDED:
        raise LeadError(str(_l("Only a landed lead can become a partner.")))
    if lead.partner_id:
        raise LeadError(str(_l("This lead is already a partner.")))


def _create_partner(lead: Lead, new: NewPartner | None, by: User | None) -> Partner:
    if new is None:
        raise LeadError(str(_l("Choose an existing partner or describe a new one.")))
    if not SLUG.match(new.slug):
        raise LeadError(str(_l("Use lower-case letters, digits and hyphens for the short name.")))
    if db.session.scalar(select(Partner.id).where(Partner.slug == new.slug)):
        raise LeadError(str(_l("A partner with this short name exists already.")))
    partner = Partner(
        slug=new.slug,
        name_en=new.name_en.strip() or lead.organization("en"),
        name_zh=new.name_zh.strip() or lead.organization("zh"),
        kind=new.kind,
        region=new.region,
        country=lead.country or "CN",
    )
    db.session.add(partner)
    db.session.flush()
    audit.record("partner.create", partner, summary=partner.slug, actor=by)
    return partner


def _has_lead_link(source_id: int, target_id: int) -> bool:
    query = select(Link.id).where(
        Link.kind == LinkKind.LEAD, Link.source_id == source_id, Link.target_id == target_id
    )
    return db.session.scalar(query) is not None


def _only_editable(fields: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in fields.items() if k in EDITABLE}


def _plain(value: Any) -> Any:
    return value.isoformat() if isinstance(value, date) else value


def _id(user: User | None) -> int | None:
    return user.id if user is not None else None
