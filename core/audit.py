"""Recording who did what: ``record`` adds an audit entry to the session; it never commits."""

from __future__ import annotations

from typing import Any

from flask import has_request_context
from flask_login import current_user

from core.extensions import db
from core.models import AuditEntry, User


def record(
    action: str,
    target: Any | None,
    *,
    summary: str = "",
    details: dict[str, Any] | None = None,
    actor: User | str | None = None,
) -> AuditEntry:
    """Add an audit entry for ``action`` on ``target`` (a model instance or None).

    The actor defaults to the signed-in user, or "cli" outside a request.
    """
    actor_id, actor_label = _actor(actor)
    entry = AuditEntry(
        actor_id=actor_id,
        actor=actor_label,
        action=action,
        target_type=type(target).__name__.lower() if target is not None else "",
        target_id=str(getattr(target, "id", "") or ""),
        summary=summary[:2000],
        details=details or {},
    )
    db.session.add(entry)
    return entry


def _actor(actor: User | str | None) -> tuple[int | None, str]:
    if isinstance(actor, User):
        return actor.id, actor.email
    if isinstance(actor, str):
        return None, actor
    if has_request_context() and current_user.is_authenticated:
        return current_user.id, current_user.email
    return None, "cli" if not has_request_context() else "anonymous"
