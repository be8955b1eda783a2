"""Each staff member's private calendar of follow-up dates, at a secret URL.

Only the SHA-256 of the URL's token is stored (``User.calendar_token_hash``): the token is shown
once, can be regenerated or revoked, and a leaked database does not leak working feed URLs.
The feed itself is served by ``partners.leads.views.feed``.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import Any

from icalendar import Calendar, Event
from sqlalchemy import select

from core import audit
from core.extensions import db
from core.models import User
from partners.leads.models import Lead
from partners.leads.stages import OPEN_STAGES

PRODID = "-//Huiju//Lead follow-ups//EN"


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def issue_token(user: User) -> str:
    """A new secret for ``user``'s feed (any earlier URL stops working); returned only here."""
    token = secrets.token_urlsafe(32)
    user.calendar_token_hash = token_hash(token)
    audit.record("calendar.token_issue", user, summary=user.email)
    db.session.flush()
    return token


def revoke_token(user: User) -> None:
    user.calendar_token_hash = None
    audit.record("calendar.token_revoke", user, summary=user.email)
    db.session.flush()


def user_for_token(token: str) -> User | None:
    if not token or len(token) > 100:
        return None
    query = select(User).where(User.calendar_token_hash == token_hash(token), User.active)
    user = db.session.scalar(query)
    return user if user is not None and user.is_staff else None


def follow_up_leads(user: User) -> list[Lead]:
    query = (
        select(Lead)
        .where(Lead.owner_id == user.id, Lead.stage.in_(OPEN_STAGES))
        .where(Lead.next_follow_up_on.is_not(None))
        .order_by(Lead.next_follow_up_on, Lead.id)
    )
    return list(db.session.scalars(query))


def build_calendar(leads: Iterable[Lead], stamp: datetime, link: Any = None) -> bytes:
    """An iCalendar with one all-day event per lead on its next follow-up date.

    The UID is the lead's, so a moved date updates the event in the subscriber's calendar
    instead of adding a second one; ``link(lead)`` gives the lead's page URL, if any.
    """
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", "Huiju follow-ups · 汇聚待跟进")
    for lead in leads:
        calendar.add_component(_event(lead, stamp, link(lead) if link else None))
    return calendar.to_ical()


def _event(lead: Lead, stamp: datetime, url: str | None) -> Event:
    event = Event()
    event.add("uid", f"lead-{lead.id}-follow-up@huiju")
    event.add("dtstamp", stamp)
    event.add("dtstart", lead.next_follow_up_on)
    event.add("dtend", lead.next_follow_up_on + timedelta(days=1))  # all-day: DTEND exclusive
    names = dict.fromkeys(n for n in (lead.organization_en, lead.organization_zh) if n)
    event.add("summary", " / ".join(names))
    event.add("description", _description(lead))
    event.add("transp", "TRANSPARENT")
    if url:
        event.add("url", url)
    return event


def _description(lead: Lead) -> str:
    steps = [f.next_step for f in lead.follow_ups if f.next_step]
    lines = [steps[-1] if steps else "", lead.contact_name, lead.email, lead.phone]
    return "\n".join(line for line in lines if line)
