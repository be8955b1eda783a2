"""``huiju events import PARTNER FILE``: a partner's event spreadsheet (XLSX or CSV, English
or Chinese headers) into its entered events, with the row-level report of the other imports.

Defined here and added to ``huiju events`` (events.cli) by ``federation.cli``: applying the
rows needs the sync, which lives above ``events``.
"""

from __future__ import annotations

from pathlib import Path

import click
from flask import current_app
from sqlalchemy import select

from core.cli import emit_json, fail
from core.db_types import utcnow
from core.extensions import db
from partners.models import Partner


@click.command("import")
@click.argument("partner_slug")
@click.argument("file", type=click.Path(dir_okay=False))
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
def import_event_sheet(partner_slug: str, file: str, as_json: bool) -> None:
    """Import a partner's events from an XLSX or CSV spreadsheet.

    Importing the same file again updates changed rows and duplicates nothing.
    """
    from federation import entered  # the sync and the spreadsheet reader: when run
    from federation.event_import import import_events
    from federation.scheduler import warm_exports
    from partners.tables import TableError

    partner = db.session.scalar(select(Partner).where(Partner.slug == partner_slug))
    if partner is None:
        fail(f"no partner with slug '{partner_slug}' (see `huiju partners list`)")
    data = _read(Path(file))
    try:
        report = import_events(partner, data, None, utcnow())
    except TableError as error:
        db.session.rollback()
        fail(f"{file}: {error}")
    db.session.commit()
    failed = [r for r in entered.publish(report.partners, utcnow()) if r.status == "error"]
    warm_exports(current_app._get_current_object())  # type: ignore[attr-defined]
    if failed:
        fail(f"the events are saved but could not be published: {failed[0].error}")
    if as_json:
        emit_json(report.as_json())
    else:
        click.echo(
            f"{file}: {report.imported} imported, {report.updated} updated, "
            f"{report.unchanged} unchanged, {len(report.rejected)} rejected",
            err=True,
        )
        for rejected in report.rejected:
            click.echo(f"  row {rejected.row}: {rejected.reason}", err=True)


def _read(path: Path) -> bytes:
    limit = current_app.config["HUIJU_FEED_MAX_BYTES"]
    try:
        with path.open("rb") as handle:
            data = handle.read(limit + 1)
    except OSError as error:
        fail(f"cannot read {path}: {error.strerror or error}")
    if len(data) > limit:
        fail(f"{path.name} is larger than {limit // (1024 * 1024)} MB")
    return data
