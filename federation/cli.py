"""``huiju feeds …``, ``huiju tokens …`` and ``huiju scheduler``: feeds and push tokens from
scripts, with JSON that scripts trust."""

from __future__ import annotations

import contextlib
import os
import signal
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click
from flask import current_app
from sqlalchemy import func, select

from core.cli import emit_json, fail
from core.db_types import utcnow
from core.extensions import db
from events.cli import events_group
from events.models import Event
from federation import operations, queries, sync_errors
from federation.entry_cli import import_event_sheet
from federation.errors import FederationError
from federation.models import Feed, FeedStatus, PartnerToken
from federation.tokens import token_json
from partners.models import Partner

if TYPE_CHECKING:
    from federation.sync import SyncResult

# The sync and the scheduler (requests, icalendar…) are imported by the commands that run
# them, not when the app is built (docs/architecture.md, "Start-up").


@click.group()
def feeds() -> None:
    """Partner calendar feeds: add, list, sync, import files."""


def _partner(slug: str) -> Partner:
    partner = db.session.scalar(select(Partner).where(Partner.slug == slug))
    if partner is None:
        fail(f"no partner with slug '{slug}' (see `huiju partners list`)")
    return partner


@feeds.command("add")
@click.argument("partner_slug")
@click.argument("url")
@click.option(
    "--language", type=click.Choice(operations.LANGUAGES), default="auto", show_default=True
)
@click.option("--interval", type=int, help="Minutes between syncs (default: the configured one).")
@click.option("--json", "as_json", is_flag=True, help="Print the new feed as JSON.")
def add(partner_slug: str, url: str, language: str, interval: int | None, as_json: bool) -> None:
    """Register a feed URL (http, https or webcal) for a partner."""
    try:
        feed = operations.add_pull_feed(
            _partner(partner_slug), url, language=language, interval_minutes=interval
        )
    except FederationError as error:
        fail(str(error))
    db.session.commit()
    if as_json:
        emit_json(feed_json(feed, 0))
    else:
        click.echo(f"Added feed {feed.id}: {feed.url}", err=True)


@feeds.command("list")
@click.option(
    "--json", "as_json", is_flag=True, help="Print the feeds and their health as a JSON array."
)
def list_feeds(as_json: bool) -> None:
    """List feeds with their health."""
    counts = dict(
        db.session.execute(
            select(Event.feed_id, func.count())
            .where(Event.removed_at.is_(None))
            .group_by(Event.feed_id)
        ).all()
    )
    rows = db.session.scalars(select(Feed).order_by(Feed.id)).all()
    data = [feed_json(feed, counts.get(feed.id, 0)) for feed in rows]
    if as_json:
        emit_json(data)
        return
    for row in data:
        click.echo(
            f"{row['id']:>4}  {row['status']:<8} {row['events']:>6}  {row['partner']:<28} "
            f"{row['url'] or row['name']}"
        )
        if row["last_error"]:
            click.echo(f"      {row['last_error']}")


def feed_json(feed: Feed, events: int) -> dict[str, Any]:
    return {
        "id": feed.id,
        "partner": feed.partner.slug,
        "source": feed.source,
        "url": feed.url,
        "name": feed.name,
        "language": feed.language,
        "interval": feed.interval_minutes,
        "enabled": feed.enabled,
        "status": feed.status,
        "last_error": sync_errors.english(feed.last_error) or None,
        "events": events,
        "last_sync_at": _iso(feed.last_sync_at),
        "last_success_at": _iso(feed.last_success_at),
        "next_sync_at": _iso(feed.next_sync_at),
    }


def _iso(value: Any) -> str | None:
    return value.isoformat() if value else None


@feeds.command("sync")
@click.argument("feed_ids", nargs=-1, type=int)
@click.option("--all", "all_", is_flag=True, help="Every enabled pull feed.")
@click.option("--due", is_flag=True, help="Only feeds whose next sync is due.")
@click.option("--json", "as_json", is_flag=True, help="One JSON object per feed on stdout.")
def sync(feed_ids: tuple[int, ...], all_: bool, due: bool, as_json: bool) -> None:
    """Sync feeds now: by id, --all or --due.

    Exits 1 if any feed failed.
    """
    ids = _ids_to_sync(feed_ids, all_, due)
    results = _run_with_progress(ids, as_json)
    _warm()
    for result in results:
        _report(result, as_json)
    failed = [r for r in results if r.status == "error"]
    if failed:
        fail(
            f"{len(failed)} of {len(results)} feeds failed: "
            + "; ".join(f"feed {r.feed_id}: {r.error}" for r in failed[:3])
        )


def _ids_to_sync(feed_ids: tuple[int, ...], all_: bool, due: bool) -> list[int]:
    if sum(map(bool, (feed_ids, all_, due))) != 1:
        fail("name feed ids, or use --all or --due (one of them)")
    if feed_ids:
        known = db.session.scalars(select(Feed.id).where(Feed.id.in_(feed_ids)))
        missing = set(feed_ids) - set(known)
        if missing:
            fail(f"no feed with id {', '.join(map(str, sorted(missing)))}")
        return list(feed_ids)
    query = select(Feed.id).where(Feed.enabled, Feed.source == "pull").order_by(Feed.id)
    if due:
        query = query.where(Feed.next_sync_at <= utcnow())
    ids = list(db.session.scalars(query))
    db.session.commit()
    return ids


def _run_with_progress(ids: list[int], as_json: bool) -> list[SyncResult]:
    from federation.scheduler import sync_many

    app = current_app._get_current_object()  # type: ignore[attr-defined]
    if not sys.stderr.isatty():
        return sync_many(app, ids, trigger="cli")
    with click.progressbar(length=len(ids), label="Syncing feeds", file=sys.stderr) as bar:
        return sync_many(app, ids, trigger="cli", progress=lambda _result: bar.update(1))


def _report(result: SyncResult, as_json: bool) -> None:
    if as_json:
        emit_json(result.as_json())
        return
    summary = (
        f"feed {result.feed_id}: {result.status} — +{result.added} ~{result.updated} "
        f"={result.unchanged} -{result.removed}, {result.occurrences} occurrences, "
        f"{result.outside_window} outside the window, {len(result.skipped)} skipped"
    )
    click.echo(summary + (f" — {result.error}" if result.error else ""), err=True)


@feeds.command("import")
@click.argument("partner_slug")
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False))
@click.option("--language", type=click.Choice(operations.LANGUAGES), default="auto")
@click.option("--json", "as_json", is_flag=True, help="One JSON object per file on stdout.")
def import_files(partner_slug: str, files: tuple[str, ...], language: str, as_json: bool) -> None:
    """Import .ics files as uploaded calendars of a partner.

    One calendar per file name: importing a file again updates its calendar.
    """
    partner = _partner(partner_slug)
    failures = 0
    for name in files:
        outcome = _import_one(partner, Path(name), language)
        failures += outcome["status"] == "error"
        if as_json:
            emit_json(outcome)
        else:
            click.echo(
                f"{name}: {outcome['status']} +{outcome['added']} ~{outcome['updated']} "
                f"={outcome['unchanged']} -{outcome['removed']} "
                f"({outcome['outside_window']} outside the window, "
                f"{len(outcome['skipped'])} skipped)"
                + (f" — {outcome['error']}" if outcome["error"] else ""),
                err=True,
            )
    _warm()
    if failures:
        fail(f"{failures} of {len(files)} files could not be imported")


def _warm() -> None:
    """Render the export blocks the command's syncs left out: a command is no request, so it
    does what the scheduler does after a tick (feed requests then only join stored text)."""
    from federation.scheduler import warm_exports

    warm_exports(current_app._get_current_object())  # type: ignore[attr-defined]


def _import_one(partner: Partner, path: Path, language: str) -> dict[str, Any]:
    empty = {
        "file": str(path),
        "status": "error",
        "added": 0,
        "updated": 0,
        "unchanged": 0,
        "removed": 0,
        "outside_window": 0,
        "window": None,
        "occurrences": 0,
        "skipped": [],
        "error": None,
    }
    try:
        body = _read_capped(path)
    except OSError as error:
        return {**empty, "error": f"cannot read {path}: {error.strerror or error}"}
    except FederationError as error:
        return {**empty, "error": str(error)}
    from federation.sync import apply_body

    feed = operations.upload_feed(partner, path.name, language=language)
    db.session.commit()
    result = apply_body(feed, body, charset=None, trigger="import", now=utcnow())
    data = result.as_json()
    return {"file": str(path), **{k: data[k] for k in empty if k not in ("file",)}}


def _read_capped(path: Path) -> bytes:
    limit = current_app.config["HUIJU_FEED_MAX_BYTES"]
    with path.open("rb") as handle:
        body = handle.read(limit + 1)
    if len(body) > limit:
        raise FederationError(f"{path.name} is larger than {limit // (1024 * 1024)} MB.")
    return body


@feeds.command("confirm")
@click.argument("feed_id", type=int)
@click.option("--json", "as_json", is_flag=True, help="Print the sync result as JSON.")
def confirm(feed_id: int, as_json: bool) -> None:
    """Apply a feed held because it shrank drastically.

    Check first that the smaller feed is right.
    """
    feed = db.session.get(Feed, feed_id)
    if feed is None:
        fail(f"no feed with id {feed_id}")
    if feed.status != FeedStatus.HELD:
        fail(f"feed {feed_id} is not held (status {feed.status})")
    from federation.sync import sync_feed

    result = sync_feed(feed_id, trigger="confirm", force=True)
    _report(result, as_json)
    if result.status == "error":
        fail(result.error or "the held feed could not be applied")


@feeds.command("remove")
@click.argument("feed_id", type=int)
def remove(feed_id: int) -> None:
    """Remove a feed and its events."""
    feed = db.session.get(Feed, feed_id)
    if feed is None:
        fail(f"no feed with id {feed_id}")
    operations.remove_feed(feed)
    db.session.commit()
    click.echo(f"Removed feed {feed_id}.", err=True)


@click.group()
def tokens() -> None:
    """Manage the tokens partners push calendars with."""


def _token_partner(slug: str) -> Partner:
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
    new = operations.create_token(_token_partner(partner_slug), name=name)
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
    partner_id = _token_partner(partner_slug).id if partner_slug else None
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


@click.command("scheduler")
def scheduler() -> None:
    """Run the sync scheduler in the foreground.

    In production it runs as its own process (or several).
    """
    from federation import scheduler as scheduling

    app = current_app._get_current_object()  # type: ignore[attr-defined]
    # Syncing is batch work: on a machine it shares with web workers, pages come first.
    try:
        os.nice(app.config["HUIJU_SCHEDULER_NICE"])
    except OSError as error:  # a negative value needs privileges: run as started, and say so
        click.echo(f"Scheduler priority left as it was: {error.strerror}.", err=True)
    click.echo("Huiju scheduler running; Ctrl-C to stop.", err=True)
    running = scheduling.build_scheduler(app, background=False)
    signal.signal(signal.SIGTERM, _exit_on_signal)
    try:
        with contextlib.suppress(KeyboardInterrupt, SystemExit):
            running.start()
    finally:
        # Claim nothing more, let the syncs in flight finish, give back what is still claimed.
        scheduling.stop()
        with contextlib.suppress(Exception):
            running.shutdown(wait=True)
        released = scheduling.release_claims(app)
        click.echo(f"Huiju scheduler stopped; {released} claimed feeds released.", err=True)


def _exit_on_signal(signum: int, _frame: object) -> None:
    raise SystemExit(128 + signum)


events_group.add_command(import_event_sheet)  # `huiju events import`: see federation.entry_cli
COMMANDS = (feeds, scheduler, tokens)
