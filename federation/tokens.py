"""Partner push tokens: what a token is, its hash, and the live token a presented secret stands
for. Creating, using and revoking them are writes (:mod:`federation.operations`).

A token is ``hj_`` + 32 random bytes (URL-safe base64). Looking a token up by the hash of what
was presented is the constant-time comparison: the secret itself is never compared byte by byte,
and a leaked database holds nothing that can be pushed with.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass

from sqlalchemy import select

from core.extensions import db
from federation.models import PartnerToken

TOKEN_PREFIX = "hj_"
DISPLAY_CHARS = 8


@dataclass(frozen=True)
class NewToken:
    """A freshly created token: ``raw`` exists only here, to be shown to its owner once."""

    token: PartnerToken
    raw: str


def new_secret() -> str:
    return TOKEN_PREFIX + secrets.token_urlsafe(32)


def token_hash(raw: str) -> str:
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()


def authenticate(raw: str | None) -> PartnerToken | None:
    """The live token ``raw`` stands for; None for unknown or revoked tokens. Reads only: the
    caller notes the use once its work is done (``operations.note_use``), so that no write is
    pending while a pushed calendar is received and parsed (SQLite has one write lock)."""
    if not raw or not raw.startswith(TOKEN_PREFIX) or len(raw) > 200:
        return None
    digest = token_hash(raw)
    token = db.session.scalar(select(PartnerToken).where(PartnerToken.token_hash == digest))
    if token is None or token.revoked_at is not None:
        return None
    return token


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
