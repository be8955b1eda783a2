"""``huiju leads …``: import Import-Expo lead spreadsheets, list leads, send today's reminders."""

from __future__ import annotations

from pathlib import Path

import click
from flask import current_app
from sqlalchemy import select

from core.cli import emit_json, fail
from core.db_types import utcnow
from core.extensions import db
from core.models import User
from partners.leads.models import Lead
from partners.leads.reminders import send_due_digests


@click.group("leads")
def leads_group() -> None:
    """Import-Expo leads and their follow-ups."""


@leads_group.command("import")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON on stdout.")
def import_file(file: Path, as_json: bool) -> None:
    """Import leads from an XLSX or CSV FILE.

    Rows already present are skipped.
    """
    from partners.leads import operations  # the spreadsheet readers: when a file is imported
    from partners.leads.importing import ImportFileError

    try:
        data = file.read_bytes()
    except OSError as exc:
        fail(f"cannot read {file}: {exc.strerror or exc}")
    try:
        plan = operations.import_spreadsheet(data)
    except ImportFileError as exc:
        db.session.rollback()
        fail(f"{file.name}: {exc}")
    db.session.commit()
    result = {
        "imported": len(plan.rows),
        "rejected": [{"row": r.row, "reason": r.reason} for r in plan.rejected],
        "duplicates": plan.duplicates,
    }
    if as_json:
        emit_json(result)
        return
    click.echo(f"Imported {result['imported']} lead(s), {plan.duplicates} duplicate(s).")
    for r in plan.rejected:
        click.echo(f"  row {r.row}: {r.reason}", err=True)


@leads_group.command("list")
@click.option("--json", "as_json", is_flag=True, help="Print the leads as a JSON array.")
def list_leads(as_json: bool) -> None:
    """List leads, next follow-up first."""
    query = (
        select(Lead, User.email)
        .outerjoin(User, Lead.owner_id == User.id)
        .order_by(Lead.next_follow_up_on.is_(None), Lead.next_follow_up_on, Lead.id)
    )
    rows = [lead_json(lead, owner) for lead, owner in db.session.execute(query)]
    if as_json:
        emit_json(rows)
        return
    for r in rows:
        name = r["organization_en"] or r["organization_zh"]
        click.echo(
            f"{r['id']:>5} {r['stage']:<10} {r['next_follow_up'] or '-':<10} "
            f"{r['source']:<12} {name}"
        )


@leads_group.command("remind")
@click.option("--json", "as_json", is_flag=True, help="Print the number of digests sent as JSON.")
def remind(as_json: bool) -> None:
    """Send today's follow-up digests by e-mail.

    At most one per owner and day.
    """
    if not current_app.config.get("HUIJU_SMTP_HOST"):
        fail("no mail server configured: set HUIJU_SMTP_HOST")
    sent = send_due_digests(utcnow())
    if as_json:
        emit_json({"sent": sent})
    else:
        click.echo(f"Sent {sent} digest(s).", err=True)


def lead_json(lead: Lead, owner: str | None) -> dict:
    return {
        "id": lead.id,
        "organization_en": lead.organization_en,
        "organization_zh": lead.organization_zh,
        "contact": lead.contact_name,
        "email": lead.email,
        "country": lead.country,
        "source": lead.source,
        "sector": lead.sector,
        "stage": lead.stage,
        "owner": owner or "",
        "next_follow_up": lead.next_follow_up_on.isoformat() if lead.next_follow_up_on else None,
        "partner_id": lead.partner_id,
    }


COMMANDS = (leads_group,)
