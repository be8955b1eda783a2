"""``huiju users …``: accounts for staff, administrators and partner contacts."""

from __future__ import annotations

import sys

import click
from sqlalchemy import func, select

from core import audit
from core.cli.output import emit_json, fail
from core.extensions import db
from core.models import Role, User
from core.passwords import hash_password, password_problem


@click.group()
def users() -> None:
    """Manage user accounts."""


@users.command("create")
@click.argument("email")
@click.option(
    "--role", type=click.Choice([r.value for r in Role]), default="staff", show_default=True
)
@click.option("--partner", "partner_slug", help="Partner slug (required for --role partner).")
@click.option("--password-stdin", is_flag=True, help="Read the password from standard input.")
@click.option("--json", "as_json", is_flag=True, help="Print the new user as JSON.")
def create_user(
    email: str, role: str, partner_slug: str | None, password_stdin: bool, as_json: bool
) -> None:
    """Create a user account.

    The password is prompted for, or read from stdin with --password-stdin.
    """
    email = email.strip().lower()
    if "@" not in email:
        fail(f"'{email}' is not an e-mail address")
    if db.session.scalar(select(User).where(func.lower(User.email) == email)):
        fail(f"a user {email} exists already")
    partner_id = _partner_id(role, partner_slug)
    password = _read_password(password_stdin)
    user = User(
        email=email,
        role=role,
        partner_id=partner_id,
        password_hash=hash_password(password),
    )
    db.session.add(user)
    db.session.flush()
    audit.record("user.create", user, summary=f"{email} ({role})")
    db.session.commit()
    if as_json:
        emit_json({"id": user.id, "email": email, "role": role, "partner": partner_slug})
    else:
        click.echo(f"Created {role} {email}.", err=True)


def _partner_id(role: str, slug: str | None) -> int | None:
    """The id of the partner a contact account belongs to. Read from the ``partner`` table by
    name, as ``User.partner_id``'s foreign key names it: core sits below partners and imports
    none of its modules."""
    if role != Role.PARTNER:
        if slug:
            fail("--partner is only for --role partner")
        return None
    if not slug:
        fail("a partner user needs --partner SLUG")
    partner = db.metadata.tables["partner"]
    partner_id = db.session.scalar(select(partner.c.id).where(partner.c.slug == slug))
    if partner_id is None:
        fail(f"no partner with slug '{slug}'")
    return partner_id


def _read_password(from_stdin: bool) -> str:
    if from_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True, err=True)
    problem = password_problem(password)
    if problem:
        fail(problem)
    return password


@users.command("password")
@click.argument("email")
@click.option("--password-stdin", is_flag=True, help="Read the password from standard input.")
def set_password(email: str, password_stdin: bool) -> None:
    """Give a user a new password; every session of the user ends.

    The password is prompted for, or read from stdin with --password-stdin.
    """
    email = email.strip().lower()
    user = db.session.scalar(select(User).where(func.lower(User.email) == email))
    if user is None:
        fail(f"there is no user {email}")
    user.password_hash = hash_password(_read_password(password_stdin))
    user.end_sessions()  # a stolen session must not outlive the password it was opened with
    audit.record("user.password", user, summary=email)
    db.session.commit()
    click.echo(f"New password set for {email}; every session of the user has ended.", err=True)


@users.command("list")
@click.option("--json", "as_json", is_flag=True, help="Print the users as a JSON array.")
def list_users(as_json: bool) -> None:
    """List user accounts."""
    rows = db.session.scalars(select(User).order_by(User.email)).all()
    data = [{"id": u.id, "email": u.email, "role": u.role, "active": u.active} for u in rows]
    if as_json:
        emit_json(data)
        return
    for row in data:
        click.echo(f"{row['id']:>4}  {row['role']:<8} {row['email']}")
