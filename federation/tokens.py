"""Partner push tokens: created once and shown once, kept only as a SHA-256 (flush, never commit).

A token is ``hj_`` + 32 random bytes (URL-safe base64). Looking a token up by the hash of what
was presented is the constant-time comparison: the secret itself is never compared byte by byte,
and a leaked database holds nothing that can be pushed with.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass

from sqlalchemy import select

from core import audit
from core.db_types import utcnow
from core.extensions import db
from core.models import User
from federation.errors import FederationError
from federation.models import PartnerToken
from partners.models import Partner

TOKEN_PREFIX = "hj_"
DISPLAY_CHARS = 8


@dataclass(frozen=True)
class NewToken:
    """A freshly created token: ``raw`` exists only here, to be shown to its owner once."""

    token: PartnerToken
    raw: str


def token_hash(raw: str) -> str:
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()


def create_token(partner: Partner, *, name: str = "", created_by: User | None = None) -> NewToken:
    """A new push token for ``partner``; the raw value is returned once and never stored."""
    raw = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = PartnerToken(
        partner_id=partner.id,
        name=name.strip()[:100],
        token_hash=token_hash(raw),
        prefix=raw[:DISPLAY_CHARS],
        created_by_id=created_by.id if created_by else None,
    )
    db.session.add(token)
    db.session.flush()
    audit.record("token.create", token, summary=f"{partner.slug}: {token.prefix}… {token.name}")
    return NewToken(token, raw)


def authenticate(raw: str | None) -> PartnerToken | None:
    """The live token ``raw`` stands for; None for unknown or revoked tokens. Reads only: the
    caller notes the use once its work is done (``note_use``), so that no write is pending
    while a pushed calendar is received and parsed (SQLite has one write lock)."""
    if not raw or not raw.startswith(TOKEN_PREFIX) or len(raw) > 200:
        return None
    digest = token_hash(raw)
    token = db.session.scalar(select(PartnerToken).where(PartnerToken.token_hash == digest))
    if token is None or token.revoked_at is not None:
        return None
    return token


def note_use(token: PartnerToken) -> None:
    """Record that ``token`` was just used (the token page shows it)."""
    token.last_used_at = utcnow()
    db.session.flush()


def revoke_token(token: PartnerToken) -> None:
    """Stop a token from working; revoking twice is an error people should hear about."""
    if token.revoked_at is not None:
        raise FederationError(f"Token {token.id} ({token.prefix}…) is already revoked.")
    token.revoked_at = utcnow()
    db.session.flush()
    audit.record("token.revoke", token, summary=f"{token.partner.slug}: {token.prefix}…")


def partner_tokens(partner_id: int | None = None) -> list[PartnerToken]:
    """Tokens newest first: one partner's, or everyone's (staff)."""
    query = select(PartnerToken).order_by(PartnerToken.created_at.desc(), PartnerToken.id.desc())
    if partner_id is not None:
        query = query.where(PartnerToken.partner_id == partner_id)
    return list(db.session.scalars(query))


def token_json(token: PartnerToken) -> dict[str, object]:
    return {
        "id": token.id,
        "partner": token.partner.slug,
        "name": token.name,
        "prefix": token.prefix,
        "created_at": token.created_at.isoformat(),
        "last_used_at": token.last_used_at.isoformat() if token.last_used_at else None,
        "revoked_at": token.revoked_at.isoformat() if token.revoked_at else None,
    }
