"""``huiju export ics|warm``: the same feeds as /feeds/*.ics, written to stdout, and their
blocks pre-rendered; ``huiju events reindex``: derived data rebuilt."""

from __future__ import annotations

import sys

import click
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import delete, select
from werkzeug.datastructures import MultiDict

from core.cli import emit_json, fail
from core.db_types import utcnow
from core.extensions import db
from core.i18n import LOCALES
from events.criteria import FilterError, parse
from events.models import DerivedWork, Event
from partners.models import Partner

FILTERS = ("when", "from", "to", "region", "country", "city", "category", "language", "mode", "q")


@click.group("export")
def export_group() -> None:
    """Export events."""


def _filter_options(command: click.Command) -> click.Command:
    for name in reversed(FILTERS):
        command = click.option(
            f"--{name}", f"filter_{name}", default="", help=f"The list's {name!r} filter."
        )(command)
    return command


@export_group.command("ics")
@click.option("--partner", "slug", default="", help="Only this partner's events (its slug).")
@click.option("--lang", default="en", type=click.Choice(list(LOCALES)), help="Content language.")
@_filter_options
def export_ics(slug: str, lang: str, **filters: str) -> None:
    """Write an iCalendar feed of the events to stdout.

    The filters are the events list's, e.g. ``--region anhui --q 创业``.
    """
    from events import export  # icalendar: imported by the commands that export, not at start-up

    args = MultiDict({k.removeprefix("filter_"): v for k, v in filters.items() if v})
    try:
        f = parse(args, default_when="all")
    except FilterError as error:
        fail(str(error))
    partner = None
    if slug:
        partner = db.session.scalar(select(Partner).where(Partner.slug == slug))
        if partner is None:
            fail(f"no partner with slug {slug!r}")
    with force_locale(LOCALES[lang]):
        name = (
            _("Huiju · %(partner)s", partner=partner.name(lang))
            if partner
            else _("Huiju · all events")
        )
    query = export.feed_query(f, utcnow(), partner)
    for _count in export.warm_chunks(export.missing_blocks(query)):
        db.session.commit()  # not a request: keep the blocks for the next export
    text = export.build(query, lang, name)
    sys.stdout.write(text)


@export_group.command("warm")
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
def export_warm(as_json: bool) -> None:
    """Pre-render the iCalendar blocks that syncs left out.

    Stored, so that no feed request has to render them.
    """
    from events import export

    rendered = 0
    for count in export.warm_chunks(export.all_missing(utcnow())):
        db.session.commit()  # a short write per chunk: sign-ins and pushes need not wait long
        rendered += count
    if as_json:
        emit_json({"rendered": rendered})
    else:
        click.echo(f"Rendered the iCalendar blocks of {rendered} events.")


@click.group("events")
def events_group() -> None:
    """Stored events: derived data."""


@events_group.command("reindex")
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
def reindex(as_json: bool) -> None:
    """Rebuild search tokens and duplicate clusters of all events.

    After a failed or interrupted refresh; the sync normally keeps them current.
    """
    from events import clusters, derived, indexing

    db.session.commit()
    derived.lock()  # before any row: schedulers may be refreshing meanwhile
    ids = list(db.session.scalars(select(Event.id)))
    derived.lock_events(ids)
    indexing.refresh(ids)
    clusters.recluster()
    db.session.execute(delete(DerivedWork))  # what was queued is refreshed now
    db.session.commit()
    if as_json:
        emit_json({"events": len(ids)})
    else:
        click.echo(f"Reindexed {len(ids)} events.", err=True)


COMMANDS = (export_group, events_group)
