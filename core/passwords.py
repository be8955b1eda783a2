"""Password rules and hashing (werkzeug's scrypt)."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from flask_babel import lazy_gettext as _l
from werkzeug.security import check_password_hash, generate_password_hash

MIN_LENGTH = 10
COMMON_PASSWORDS_FILE = Path(__file__).parent / "data" / "common-passwords.txt"


@cache
def _common_passwords() -> frozenset[str]:
    return frozenset(COMMON_PASSWORDS_FILE.read_text(encoding="utf-8").split())


def password_problem(password: str) -> str | None:
    """Why ``password`` may not be used, as a translatable sentence; None when it is fine."""
    if len(password) < MIN_LENGTH:
        return str(_l("The password must be at least %(n)d characters long.", n=MIN_LENGTH))
    if password.lower() in _common_passwords():
        return str(_l("This password is too common; choose another."))
    return None


def hash_password(password: str) -> str:
    return generate_password_hash(password, method="scrypt")


def verify_password(password_hash: str, password: str) -> bool:
    return check_password_hash(password_hash, password)
