"""The audit log for staff: who did what, when — read only (entries are never edited or
deleted, so this module has GET routes only)."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from flask import render_template, request
from sqlalchemy import Select, func, select

from core.auth import admin_required
from core.extensions import db
from core.models import AuditEntry

PAGE_SIZE = 50


@dataclass(frozen=True)
class AuditFilters:
    action: str = ""
    actor: str = ""

    def apply(self, query: Select[Any]) -> Select[Any]:
        if self.action:
            query = query.where(AuditEntry.action == self.action)
        if self.actor:
            needle = self.actor.lower()
            query = query.where(func.lower(AuditEntry.actor).contains(needle, autoescape=True))
        return query


def filters_from(args: Any) -> AuditFilters:
    return AuditFilters(
        action=args.get("action", "").strip()[:64], actor=args.get("actor", "").strip()[:254]
    )


def page_from(args: Any) -> int:
    """The requested page; anything that is not a positive number is page 1."""
    raw = args.get("page", "1")
    return max(1, int(raw)) if raw.isdigit() and len(raw) < 7 else 1


def known_actions() -> list[str]:
    query = select(AuditEntry.action).distinct().order_by(AuditEntry.action)
    return list(db.session.scalars(query))


@admin_required
def audit_log() -> Any:
    filters = filters_from(request.args)
    total = db.session.scalar(filters.apply(select(func.count()).select_from(AuditEntry))) or 0
    pages = max(1, math.ceil(total / PAGE_SIZE))
    page = min(page_from(request.args), pages)
    query = filters.apply(select(AuditEntry)).order_by(AuditEntry.at.desc(), AuditEntry.id.desc())
    entries = db.session.scalars(query.offset((page - 1) * PAGE_SIZE).limit(PAGE_SIZE)).all()
    return render_template(
        "core/audit_log.html",
        entries=entries,
        filters=filters,
        actions=known_actions(),
        page=page,
        pages=pages,
        total=total,
    )
