"""Sign-in throttling: failed attempts counted per e-mail and per client address.

The counts live in the database (``login_attempt``), not in a worker's memory, so that an
attacker spreading guesses over gunicorn workers is counted once. Functions flush and never
commit: the sign-in view commits once.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import delete, func, select

from core.db_types import utcnow
from core.extensions import db
from core.models import LoginAttempt

WINDOW = timedelta(minutes=15)
MAX_PER_EMAIL = 5  # a person mistyping gets five tries; a guesser gets five per quarter hour
MAX_PER_IP = 20  # an office behind one address may have several people signing in


def _limits() -> dict[str, int]:
    config = current_app.config
    return {
        "email": int(config.get("HUIJU_LOGIN_MAX_PER_EMAIL", MAX_PER_EMAIL)),
        "ip": int(config.get("HUIJU_LOGIN_MAX_PER_IP", MAX_PER_IP)),
    }


def _keys(email: str, ip: str | None) -> dict[str, str]:
    return {"email": normalise_email(email), "ip": (ip or "unknown")[:254]}


def normalise_email(email: str) -> str:
    """The counting key of an e-mail: ``" Ann@Example.ORG "`` and ``ann@example.org`` are one."""
    return email.strip().lower()[:254]


def _failures(scope: str, key: str, since: datetime) -> int:
    query = (
        select(func.count())
        .select_from(LoginAttempt)
        .where(LoginAttempt.scope == scope, LoginAttempt.key == key, LoginAttempt.at > since)
    )
    return db.session.scalar(query) or 0


def is_blocked(email: str, ip: str | None, now: datetime | None = None) -> bool:
    """True when the e-mail or the address has used up its failed attempts in the window.

    Whether the account exists plays no part, so the answer reveals nothing about it."""
    since = (now or utcnow()) - WINDOW
    limits = _limits()
    return any(
        _failures(scope, key, since) >= limits[scope] for scope, key in _keys(email, ip).items()
    )


def record_failure(email: str, ip: str | None, now: datetime | None = None) -> None:
    """Count one failed attempt against the e-mail and the address; forget expired ones."""
    now = now or utcnow()
    keys = _keys(email, ip)
    for scope, key in keys.items():
        db.session.add(LoginAttempt(scope=scope, key=key, at=now))
        db.session.execute(
            delete(LoginAttempt).where(
                LoginAttempt.scope == scope,
                LoginAttempt.key == key,
                LoginAttempt.at <= now - WINDOW,
            )
        )
    db.session.flush()


def record_success(email: str) -> None:
    """A successful sign-in clears the e-mail's count (the address keeps its own)."""
    db.session.execute(
        delete(LoginAttempt).where(
            LoginAttempt.scope == "email", LoginAttempt.key == normalise_email(email)
        )
    )
    db.session.flush()
