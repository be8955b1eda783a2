"""``huiju partners …``: the partner directory from scripts."""

from __future__ import annotations

import re

import click
from sqlalchemy import select

from core import audit
from core.cli import emit_json, fail
from core.extensions import db
from partners.models import Partner, PartnerKind, Region

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


@click.group()
def partners() -> None:
    """Manage partner organisations."""


@partners.command("add")
@click.argument("slug")
@click.option("--name-en", required=True, help="English name.")
@click.option("--name-zh", required=True, help="Chinese name.")
@click.option(
    "--kind", type=click.Choice([k.value for k in PartnerKind]), default="base", show_default=True
)
@click.option(
    "--region", type=click.Choice([r.value for r in Region]), default="shanghai", show_default=True
)
@click.option("--country", default="CN", show_default=True, help="ISO 3166 alpha-2 code.")
@click.option("--json", "as_json", is_flag=True)
def add(
    slug: str, name_en: str, name_zh: str, kind: str, region: str, country: str, as_json: bool
) -> None:
    """Add a partner organisation."""
    if not SLUG.match(slug):
        fail(f"'{slug}' is not a valid slug: use lower-case letters, digits and hyphens")
    country = country.strip().upper()
    if not re.fullmatch(r"[A-Z]{2}", country):
        fail(f"'{country}' is not a two-letter country code")
    if db.session.scalar(select(Partner).where(Partner.slug == slug)):
        fail(f"a partner '{slug}' exists already")
    partner = Partner(
        slug=slug,
        name_en=name_en.strip(),
        name_zh=name_zh.strip(),
        kind=kind,
        region=region,
        country=country,
        alliance_member=region != "overseas",
    )
    db.session.add(partner)
    db.session.flush()
    audit.record("partner.create", partner, summary=slug)
    db.session.commit()
    if as_json:
        emit_json(partner_json(partner))
    else:
        click.echo(f"Added partner {slug}.", err=True)


@partners.command("list")
@click.option("--json", "as_json", is_flag=True)
def list_partners(as_json: bool) -> None:
    """List partner organisations."""
    rows = db.session.scalars(select(Partner).order_by(Partner.slug)).all()
    if as_json:
        emit_json([partner_json(p) for p in rows])
        return
    for p in rows:
        click.echo(f"{p.slug:<36} {p.kind:<13} {p.region:<9} {p.name_en} / {p.name_zh}")


def partner_json(p: Partner) -> dict:
    return {
        "id": p.id,
        "slug": p.slug,
        "name_en": p.name_en,
        "name_zh": p.name_zh,
        "kind": p.kind,
        "region": p.region,
        "country": p.country,
        "city_en": p.city_en,
        "city_zh": p.city_zh,
        "website": p.website,
        "alliance_member": p.alliance_member,
    }
