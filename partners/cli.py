"""``huiju partners …`` and ``huiju links …``: the partner directory and cooperation links
from scripts."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING

import click
from sqlalchemy import select

from core import audit
from core.cli import emit_json, fail
from core.extensions import db
from partners.kinds import PartnerKind
from partners.models import Link, Partner
from partners.regions import Region

if TYPE_CHECKING:
    from partners.importing import ImportReport

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
@click.option("--json", "as_json", is_flag=True, help="Print the new partner as JSON.")
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
@click.option("--json", "as_json", is_flag=True, help="Print the partners as a JSON array.")
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


@partners.command("import")
@click.argument("path", type=click.Path(dir_okay=False))
@click.option("--json", "as_json", is_flag=True, help="Print the import report as JSON.")
def import_partners(path: str, as_json: bool) -> None:
    """Add or update partners from a CSV or XLSX file.

    Columns slug, name_en, name_zh, kind, region, country, city, website; Chinese headers
    accepted.
    """
    from partners import importing  # the spreadsheet readers: when a file is imported

    _run_import(path, importing.import_partners, as_json)


@click.group()
def links() -> None:
    """Manage cooperation links between partners."""


@links.command("import")
@click.argument("path", type=click.Path(dir_okay=False))
@click.option("--json", "as_json", is_flag=True, help="Print the import report as JSON.")
def import_links(path: str, as_json: bool) -> None:
    """Add or update links from a CSV or XLSX file.

    Columns source, target, kind, since, until, weight, note; partners by slug.
    """
    from partners import importing

    _run_import(path, importing.import_links, as_json)


def _run_import(path: str, apply: Callable[..., ImportReport], as_json: bool) -> None:
    """Rejected rows are data (exit 0); only a file that cannot be read is a failure."""
    from partners.spreadsheet import SpreadsheetError

    try:
        with open(path, "rb") as file:
            data = file.read()
        report = apply(data, actor="cli")
    except OSError as exc:
        fail(f"{path}: {exc.strerror or exc}")
    except SpreadsheetError as exc:
        fail(f"{path}: {exc}")
    db.session.commit()
    if as_json:
        emit_json(report.as_json())
        return
    click.echo(
        f"{report.imported} imported, {report.updated} updated, {report.unchanged} unchanged, "
        f"{len(report.rejected)} rejected"
    )
    for item in report.rejected:
        click.echo(f"row {item.row}: {item.reason}", err=True)


@links.command("list")
@click.option("--json", "as_json", is_flag=True, help="Print the links as a JSON array.")
def list_links(as_json: bool) -> None:
    """List cooperation links."""
    rows = db.session.scalars(select(Link).order_by(Link.source_id, Link.target_id, Link.kind))
    items = [link_json(link) for link in rows]
    if as_json:
        emit_json(items)
        return
    for item in items:
        span = f"{item['since'] or ''}..{item['until'] or ''}"
        click.echo(f"{item['source']:<32} {item['kind']:<13} {item['target']:<32} {span}")


def link_json(link: Link) -> dict:
    return {
        "id": link.id,
        "source": link.source.slug,
        "target": link.target.slug,
        "kind": link.kind,
        "since": link.since.isoformat() if link.since else None,
        "until": link.until.isoformat() if link.until else None,
        "weight": link.weight,
        "note_en": link.note_en,
        "note_zh": link.note_zh,
        "evidence_url": link.evidence_url,
        "automatic": link.automatic,
    }


COMMANDS = (partners, links)
