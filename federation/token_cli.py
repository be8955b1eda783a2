"""``huiju tokens …``: partner push tokens from scripts."""

from __future__ import annotations

import click
from sqlalchemy import select

from core.cli import emit_json, fail
from core.extensions import db
from federation import operations, queries
from federation.errors import FederationError
from federation.models import PartnerToken
from federation.tokens import token_json
from partners.models import Partner


@click.group()
def tokens() -> None:
    """Manage the tokens partners push calendars with."""


def _partner(slug: str) -> Partner:
    partner = db.session.scalar(select(Partner).where(Partner.slug == slug))
    if partner is None:
        fail(f"there is no partner '{slug}'")
    return partner


@tokens.command("create")
@click.argument("partner_slug")
@click.option("--name", default="", help="What the token is for, e.g. the partner's CMS.")
@click.option("--json", "as_json", is_flag=True, help="Print the token, with its secret, as JSON.")
def create(partner_slug: str, name: str, as_json: bool) -> None:
    """Create a push token (shown once, stored hashed)."""
    new = operations.create_token(_partner(partner_slug), name=name)
    db.session.commit()
    if as_json:
        emit_json({**token_json(new.token), "token": new.raw})
        return
    click.echo(new.raw)
    click.echo(
        f"Token {new.token.id} for {partner_slug}: store it now, it is not shown again.", err=True
    )


@tokens.command("list")
@click.argument("partner_slug", required=False)
@click.option(
    "--json", "as_json", is_flag=True, help="Print the tokens (without secrets) as a JSON array."
)
def list_tokens(partner_slug: str | None, as_json: bool) -> None:
    """List tokens (never their secrets), of one partner or of all."""
    partner_id = _partner(partner_slug).id if partner_slug else None
    rows = queries.partner_tokens(partner_id)
    if as_json:
        emit_json([token_json(t) for t in rows])
        return
    for t in rows:
        state = f"revoked {t.revoked_at:%Y-%m-%d}" if t.revoked_at else "active"
        used = f"{t.last_used_at:%Y-%m-%d %H:%M}Z" if t.last_used_at else "never used"
        click.echo(f"{t.id:>5} {t.prefix}… {t.partner.slug:<30} {state:<18} {used:<18} {t.name}")


@tokens.command("revoke")
@click.argument("token_id", type=int)
def revoke(token_id: int) -> None:
    """Revoke a token: pushes with it are refused from now on."""
    token = db.session.get(PartnerToken, token_id)
    if token is None:
        fail(f"there is no token {token_id}")
    try:
        operations.revoke_token(token)
    except FederationError as error:
        fail(str(error))
    db.session.commit()
    click.echo(f"Revoked token {token_id} ({token.prefix}…).", err=True)
