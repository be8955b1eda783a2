"""The daily digest: one e-mail per owner listing the follow-ups due today or overdue.

``send_due_digests`` is the job the scheduler runs once a day (and ``huiju leads remind`` by
hand). A ``ReminderDigest`` row, unique per owner and day, is claimed before sending, so
re-running the job — or two schedulers racing — never sends an owner two digests a day.
"""

from __future__ import annotations

import logging
import smtplib
from datetime import date, datetime
from email.message import EmailMessage
from email.utils import formatdate, make_msgid

from flask import current_app
from flask_babel import force_locale, ngettext
from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from core.extensions import db
from core.i18n import LOCALES, local_date
from core.models import User
from core.office import office_today
from partners.leads.models import Lead, ReminderDigest
from partners.leads.stages import OPEN_STAGES

log = logging.getLogger("huiju")


def due_by_owner(today: date) -> dict[User, list[Lead]]:
    """Open leads with a follow-up due on or before ``today``, grouped by their active owner."""
    query = (
        select(Lead, User)
        .join(User, Lead.owner_id == User.id)
        .where(Lead.stage.in_(OPEN_STAGES), Lead.next_follow_up_on <= today, User.active)
        .order_by(User.id, Lead.next_follow_up_on, Lead.id)
    )
    grouped: dict[User, list[Lead]] = {}
    for lead, user in db.session.execute(query):
        grouped.setdefault(user, []).append(lead)
    return grouped


def compose(user: User, leads: list[Lead], today: date) -> EmailMessage:
    """The digest as a plain-text e-mail: English first, then Chinese, same content."""
    base_url = (current_app.config.get("HUIJU_PUBLIC_URL") or "").rstrip("/")
    subjects, bodies = [], []
    for lang in ("en", "zh"):
        with force_locale(LOCALES[lang]):
            n = len(leads)
            subjects.append(
                ngettext("Huiju: %(num)s follow-up due", "Huiju: %(num)s follow-ups due", n)
            )
            bodies.append(_body(leads, today, lang, base_url))
    message = EmailMessage()
    message["Subject"] = " · ".join(subjects)
    message["From"] = current_app.config["HUIJU_SMTP_FROM"]
    message["To"] = user.email
    message["Date"] = formatdate(localtime=False)
    message["Message-ID"] = make_msgid(domain="huiju")
    message.set_content("\n\n— — —\n\n".join(bodies))
    return message


def _body(leads: list[Lead], today: date, lang: str, base_url: str) -> str:
    """One language's half of the digest (called under ``force_locale``)."""
    lines = [_("Follow-ups due on %(date)s", date=local_date(today, "long")), ""]
    for lead in leads:
        line = f"* {lead.organization(lang)}"
        if lead.next_follow_up_on and lead.next_follow_up_on < today:
            since = local_date(lead.next_follow_up_on)
            line += " (" + _("overdue since %(date)s", date=since) + ")"
        lines.append(line + (f" — {lead.contact_name}" if lead.contact_name else ""))
        steps = [f.next_step for f in lead.follow_ups if f.next_step]
        if steps:
            lines.append(f"  {_('Next step:')} {steps[-1]}")
        if base_url:
            lines.append(f"  {base_url}/{lang}/staff/leads/{lead.id}")
    lines += ["", _("You receive this because you own these leads in Huiju.")]
    return "\n".join(lines)


def deliver(message: EmailMessage) -> None:
    """Send through the configured SMTP server (STARTTLS and login when configured)."""
    config = current_app.config
    with smtplib.SMTP(config["HUIJU_SMTP_HOST"], config["HUIJU_SMTP_PORT"], timeout=30) as smtp:
        if config["HUIJU_SMTP_STARTTLS"]:
            smtp.starttls()
        if config["HUIJU_SMTP_USER"]:
            smtp.login(config["HUIJU_SMTP_USER"], config["HUIJU_SMTP_PASSWORD"] or "")
        smtp.send_message(message)


def send_due_digests(now: datetime | None = None) -> int:
    """Send today's digests not sent yet; returns how many went out. Commits per owner."""
    if not current_app.config.get("HUIJU_SMTP_HOST"):
        log.info("reminders: HUIJU_SMTP_HOST is not set, no digest sent")
        return 0
    today, sent = office_today(now), 0
    for user, leads in due_by_owner(today).items():
        if not _claim(user, today, len(leads)):
            continue
        try:
            deliver(compose(user, leads, today))
        except (smtplib.SMTPException, OSError) as exc:
            db.session.rollback()  # give the day back: the next run may try again
            log.warning("reminders: digest to %s failed: %s", user.email, exc)
            continue
        db.session.commit()
        sent += 1
    return sent


def _claim(user: User, today: date, items: int) -> bool:
    """Reserve (user, today); False if a digest was already sent or is being sent elsewhere."""
    exists = select(ReminderDigest.id).where(
        ReminderDigest.user_id == user.id, ReminderDigest.sent_on == today
    )
    if db.session.scalar(exists) is not None:
        return False
    db.session.add(ReminderDigest(user_id=user.id, sent_on=today, items=items))
    try:
        db.session.flush()  # another scheduler holding the same claim makes this wait or fail
    except IntegrityError:
        db.session.rollback()  # nothing else is pending: each owner's digest commits alone
        return False
    return True
