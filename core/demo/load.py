"""``huiju demo``: the demo world loaded into the database, its feeds synced for real.

Idempotent: partners are matched by slug, links by (source, target, kind, since), feeds by
partner and file name (not by URL: `huiju run` moves them to the port it serves); running it
again changes nothing that is already there.
"""

from __future__ import annotations

import logging
import secrets
import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta
from pathlib import Path
from urllib.parse import SplitResult, urlsplit

import click
from flask import Flask, current_app
from sqlalchemy import select
from werkzeug.serving import make_server

from core.config import ENV_FILE, read_env_file
from core.db_types import utcnow
from core.demo.entries import ensure_entries
from core.demo.feedfiles import feed_names
from core.demo.figures import demo_figures
from core.demo.origin import DEFAULT_ORIGIN, FEEDS_PATH, demo_feeds, stored_origin
from core.demo.world import FEEDS, LEADS, LINKS, PARTNERS, DemoLead, DemoLink, DemoPartner
from core.extensions import db
from core.models import Role, User
from core.office import office_today
from core.passwords import hash_password
from federation.models import Feed
from federation.operations import add_pull_feed
from partners.leads.models import Lead
from partners.models import Link, Partner
from partners.operations import PARTNER_FIELDS

DEMO_STAFF = "staff@huiju.example.org"


@click.command("demo")
@click.option("--no-sync", is_flag=True, help="Load partners, links and feeds without syncing.")
def demo(no_sync: bool) -> None:
    """Load the demo world: partners, links, feeds and events.

    Creates the schema if needed; running it again changes nothing that is already there.
    """
    from flask_migrate import upgrade  # Alembic: imported by the command, not at start-up

    upgrade(directory=current_app.extensions["migrate"].directory)
    enable_demo_feeds(Path(current_app.instance_path))
    partners = {p.slug: upsert_partner(p) for p in PARTNERS}
    db.session.flush()
    new_links = sum(upsert_link(link, partners) for link in LINKS)
    password = ensure_demo_staff()
    origin = demo_origin()
    feed_ids = [ensure_feed(partners[f.partner], f.file, f.language, origin) for f in FEEDS]
    new_leads = sum(ensure_lead(lead, partners) for lead in LEADS)
    figures = ensure_figures()
    entered_partners = ensure_entries(partners)
    db.session.commit()
    click.echo(
        f"Demo world: {len(partners)} partners, {new_links} new links, "
        f"{len(feed_ids)} feeds, {new_leads} new leads, {figures} new indicator figures.",
        err=True,
    )
    if not no_sync:
        from federation import entered  # the sync's pipeline: imported by the command

        entered.publish(entered_partners, utcnow())
        sync_demo_feeds(feed_ids)  # renders the export blocks of every feed at the end
    if password:
        click.echo(f"Demo staff account: {DEMO_STAFF} / {password}", err=True)


def enable_demo_feeds(instance_path: Path) -> None:
    """Let this installation serve and fetch its own demo feeds on 127.0.0.1 (written to the
    instance's huiju.env, so `huiju run` sees it too; production never runs `huiju demo`)."""
    env_path = instance_path / ENV_FILE
    values = read_env_file(env_path)
    wanted = {"HUIJU_DEMO_FEEDS": "on", "HUIJU_FEED_ALLOW_HOSTS": "127.0.0.1,localhost"}
    missing = {k: v for k, v in wanted.items() if k not in values}
    if missing:
        instance_path.mkdir(parents=True, exist_ok=True)
        with env_path.open("a", encoding="utf-8") as env_file:
            env_file.write("# written by `huiju demo`: serve and fetch the bundled demo feeds\n")
            env_file.writelines(f"{k}={v}\n" for k, v in missing.items())
    current_app.config["HUIJU_DEMO_FEEDS"] = True
    hosts = current_app.config["HUIJU_FEED_ALLOW_HOSTS"] | {"127.0.0.1", "localhost"}
    current_app.config["HUIJU_FEED_ALLOW_HOSTS"] = frozenset(hosts)


def upsert_partner(data: DemoPartner) -> Partner:
    partner = db.session.scalar(select(Partner).where(Partner.slug == data.slug))
    if partner is None:
        partner = Partner(slug=data.slug)
        db.session.add(partner)
        for field in (name for name in PARTNER_FIELDS if name != "slug"):
            setattr(partner, field, getattr(data, field))
    return partner


def upsert_link(data: DemoLink, partners: dict[str, Partner]) -> int:
    source, target = partners[data.source], partners[data.target]
    exists = db.session.scalar(
        select(Link.id).where(
            Link.source_id == source.id,
            Link.target_id == target.id,
            Link.kind == data.kind,
            Link.since == data.since,
        )
    )
    if exists:
        return 0
    db.session.add(
        Link(
            source_id=source.id,
            target_id=target.id,
            kind=data.kind,
            since=data.since,
            until=data.until,
            weight=data.weight,
            note_en=data.note_en,
            note_zh=data.note_zh,
        )
    )
    return 1


def demo_origin() -> str:
    """Where the demo feeds are served: where the stored ones are fetched from already
    (`huiju run` moves them to its port), else HUIJU_PUBLIC_URL, else Flask's default."""
    stored = stored_origin((url for _, url in demo_feeds()), feed_names())
    return stored or (current_app.config["HUIJU_PUBLIC_URL"] or DEFAULT_ORIGIN).rstrip("/")


def ensure_feed(partner: Partner, file: str, language: str, origin: str) -> int:
    """The partner's feed of the bundled ``file``, whatever origin it is fetched from, else a
    new one at ``origin``."""
    path = f"{FEEDS_PATH}{file}"
    query = select(Feed.id).where(
        Feed.partner_id == partner.id, Feed.url.endswith(path, autoescape=True)
    )
    feed_id = db.session.scalar(query.order_by(Feed.id).limit(1))
    return feed_id or add_pull_feed(partner, origin + path, language=language).id


def sync_demo_feeds(feed_ids: list[int]) -> None:
    """Sync through the real pipeline: over HTTP from this app, served for the moment on the
    demo origin's port (or by the site itself, when it is already running there)."""
    from federation.scheduler import sync_many, warm_exports  # the whole sync: not at start-up

    app = current_app._get_current_object()  # type: ignore[attr-defined]
    with serving(app, urlsplit(demo_origin())):
        results = sync_many(app, feed_ids, trigger="demo", force=True)
    warm_exports(app)  # as the scheduler does after syncs: no feed request renders the blocks
    failed = [r for r in results if r.status == "error"]
    events = sum(r.occurrences for r in results)
    click.echo(f"Synced {len(results) - len(failed)} demo feeds: {events} events.", err=True)
    for result in failed:
        click.echo(f"feed {result.feed_id}: {result.error}", err=True)


@contextmanager
def serving(app: Flask, origin: SplitResult) -> Iterator[None]:
    host, port = origin.hostname or "127.0.0.1", origin.port or 80
    if _listening(host, port):  # most likely `huiju run`, which serves the same feeds
        yield
        return
    server = make_server(host, port, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    request_log = logging.getLogger("werkzeug")
    level = request_log.level
    request_log.setLevel(logging.WARNING)  # keep the command's output to what it did
    thread.start()
    try:
        yield
    finally:
        server.shutdown()
        thread.join(5)
        request_log.setLevel(level)


def _listening(host: str, port: int) -> bool:
    try:
        with socket.create_connection((host, port), timeout=1):
            return True
    except OSError:
        return False


PIPELINE = ("new", "contacted", "meeting", "proposal", "signed", "landed")


def ensure_lead(data: DemoLead, partners: dict[str, Partner]) -> int:
    """A demo lead with a plausible history: created new, moved stage by stage to where it is."""
    from partners.leads.operations import create_lead, move_stage  # email-validator: when used

    if db.session.scalar(select(Lead.id).where(Lead.email == data.email)):
        return 0
    introducer = partners.get(data.introduced_by or "")
    follow_up = (
        office_today() + timedelta(days=data.follow_up_in_days)
        if data.follow_up_in_days is not None
        else None
    )
    lead = create_lead(
        {
            "organization_en": data.organization_en,
            "organization_zh": data.organization_zh,
            "contact_name": data.contact_name,
            "email": data.email,
            "country": data.country,
            "sector": data.sector,
            "source": data.source,
            "interest": data.interest,
            "introduced_by_id": introducer.id if introducer else None,
            "next_follow_up_on": follow_up,
            "owner_id": db.session.scalar(select(User.id).where(User.email == DEMO_STAFF)),
        },
        by=None,
    )
    if data.stage == "lost":
        move_stage(lead, "lost", reason="Chose another city for its China office.")
    else:
        for stage in PIPELINE[1 : PIPELINE.index(data.stage) + 1]:
            move_stage(lead, stage)
    backdate_history(lead, LEADS.index(data))
    return 1


# Days a demo lead stays in each stage before the next (varied per lead by its position).
STAGE_DAYS = (5, 8, 12, 16, 21)


def backdate_history(lead: Lead, position: int) -> None:
    """Spread a demo lead's stage changes over the past weeks, as real follow-ups take, so the
    dashboard's median days per stage mean something (moved in one go, every stay is 0)."""
    changes = list(lead.stage_changes)
    stays = [STAGE_DAYS[i % len(STAGE_DAYS)] + position % 3 for i in range(len(changes) - 1)]
    at = utcnow() - timedelta(days=sum(stays) + 2 + position)
    lead.created_at = at
    for change, stay in zip(changes, [*stays, 0], strict=True):
        change.at = at
        if change.to_stage == "landed":
            lead.landed_at = at
        at += timedelta(days=stay)


def ensure_demo_staff() -> str | None:
    """A staff account to look around with; its password is shown once, when it is created."""
    if db.session.scalar(select(User).where(User.email == DEMO_STAFF)):
        return None
    password = secrets.token_urlsafe(12)
    db.session.add(User(email=DEMO_STAFF, role=Role.ADMIN, password_hash=hash_password(password)))
    return password


def ensure_figures() -> int:
    """Three years of figures for the alliance's bases, up to this year; returns how many
    were new (a second run stores none)."""
    from indicators import operations as indicator_operations
    from indicators import queries as indicator_queries
    from indicators.importing import Figure, FigurePlan

    bases = indicator_queries.bases()
    codes = [i.code for i in indicator_queries.framework_in_force().reported]
    rows = demo_figures([p.slug for p in bases], codes, office_today().year - 2)
    plan = FigurePlan([Figure(0, slug, period, code, value) for slug, period, code, value in rows])
    ids = {p.slug: p.id for p in bases}
    return indicator_operations.store_figures(plan, ids, by="demo").imported
