"""Factories for test data: small functions that flush, never commit (the test decides)."""

from __future__ import annotations

import itertools

from core.extensions import db
from core.models import User
from core.passwords import hash_password
from partners.models import Partner

_counter = itertools.count(1)
PASSWORD = "correct horse battery"


def make_partner(slug: str | None = None, **fields: object) -> Partner:
    n = next(_counter)
    values = {
        "slug": slug or f"partner-{n}",
        "name_en": f"Partner {n}",
        "name_zh": f"合作伙伴{n}",
        "kind": "park",
        "region": "shanghai",
        "country": "CN",
        **fields,
    }
    partner = Partner(**values)
    db.session.add(partner)
    db.session.flush()
    return partner


def make_user(
    email: str | None = None,
    role: str = "staff",
    partner: Partner | None = None,
    password: str = PASSWORD,
) -> User:
    user = User(
        email=email or f"user{next(_counter)}@example.org",
        role=role,
        partner_id=partner.id if partner else None,
        password_hash=hash_password(password),
    )
    db.session.add(user)
    db.session.flush()
    return user


def login(client, user: User, lang: str = "en", password: str = PASSWORD):
    return client.post(f"/{lang}/login", data={"email": user.email, "password": password})
