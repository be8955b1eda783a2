"""Read-only queries behind the leads pages, the import and the dashboard."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import Select, func, select

from core.extensions import db
from core.ids import parse_id
from core.models import Role, User
from core.office import SHANGHAI
from partners.leads.dashboard import LeadFact, StageFact
from partners.leads.importing import duplicate_key
from partners.leads.models import Lead, StageChange
from partners.leads.stages import BOARD_STAGES, OPEN_STAGES, STAGE_VALUES
from partners.models import Partner


@dataclass(frozen=True)
class LeadFilter:
    owner: int | None = None
    source: str = ""
    stage: str = ""
    country: str = ""
    overdue: bool = False

    @classmethod
    def from_args(cls, args: Any) -> LeadFilter:
        """From a query string; values that make no sense are ignored rather than refused."""
        stage = args.get("stage", "")
        return cls(
            owner=parse_id(args.get("owner")),
            source=args.get("source", "").strip(),
            stage=stage if stage in STAGE_VALUES else "",
            country=args.get("country", "").strip().upper()[:2],
            overdue=args.get("overdue") == "1",
        )


def filtered(f: LeadFilter, today: date) -> Select[tuple[Lead]]:
    query = select(Lead)
    if f.owner:
        query = query.where(Lead.owner_id == f.owner)
    if f.source:
        query = query.where(Lead.source == f.source)
    if f.stage:
        query = query.where(Lead.stage == f.stage)
    if f.country:
        query = query.where(Lead.country == f.country)
    if f.overdue:
        query = query.where(Lead.stage.in_(OPEN_STAGES), Lead.next_follow_up_on < today)
    return query.order_by(Lead.next_follow_up_on.is_(None), Lead.next_follow_up_on, Lead.id)


def board(f: LeadFilter, today: date) -> dict[str, list[Lead]]:
    """Leads by stage, every column present even when empty."""
    columns: dict[str, list[Lead]] = {s.value: [] for s in BOARD_STAGES}
    for lead in db.session.scalars(filtered(f, today)):
        columns.setdefault(lead.stage, []).append(lead)
    return columns


def due_for(user: User, today: date) -> list[Lead]:
    """The user's open leads due today or overdue, oldest first."""
    query = select(Lead).where(
        Lead.owner_id == user.id, Lead.stage.in_(OPEN_STAGES), Lead.next_follow_up_on <= today
    )
    return list(db.session.scalars(query.order_by(Lead.next_follow_up_on, Lead.id)))


def staff_users() -> list[User]:
    query = select(User).where(User.role.in_((Role.ADMIN, Role.STAFF)), User.active)
    return list(db.session.scalars(query.order_by(User.email)))


def partners_by_name() -> list[Partner]:
    return list(db.session.scalars(select(Partner).order_by(Partner.name_en)))


def sources() -> list[str]:
    query = select(Lead.source).where(Lead.source != "").distinct().order_by(Lead.source)
    return list(db.session.scalars(query))


def existing_keys() -> set[tuple[str, str]]:
    """Duplicate keys of every stored lead, under each of its names."""
    rows = db.session.execute(select(Lead.organization_en, Lead.organization_zh, Lead.email))
    keys = set()
    for name_en, name_zh, email in rows:
        keys |= {duplicate_key(name, email) for name in (name_en, name_zh) if name}
    return keys


def owner_ids() -> dict[str, int]:
    return {u.email.lower(): u.id for u in staff_users()}


def lead_facts() -> list[LeadFact]:
    query = select(Lead, User.email).outerjoin(User, Lead.owner_id == User.id)
    return [
        LeadFact(
            lead.id,
            lead.source,
            lead.stage,
            lead.created_at.astimezone(SHANGHAI).date(),
            email or "",
            lead.next_follow_up_on,
        )
        for lead, email in db.session.execute(query)
    ]


def stage_facts() -> list[StageFact]:
    query = select(
        StageChange.lead_id, StageChange.from_stage, StageChange.to_stage, StageChange.at
    )
    return [StageFact(*row) for row in db.session.execute(query)]


def count_leads() -> int:
    return db.session.scalar(select(func.count(Lead.id))) or 0
