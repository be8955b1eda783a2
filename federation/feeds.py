"""Registering feeds: pull feeds by URL, uploaded calendars by file name (flush, never commit)."""

from __future__ import annotations

from flask import current_app
from sqlalchemy import select

from core import audit
from core.db_types import utcnow
from core.extensions import db
from federation.errors import FederationError
from federation.guard import check_url
from federation.models import Feed, FeedSource
from partners.models import Partner

LANGUAGES = ("auto", "zh", "en")


def add_pull_feed(
    partner: Partner, url: str, *, language: str = "auto", interval_minutes: int | None = None
) -> Feed:
    """Register a URL (checked by the address guard now, and again at every connect)."""
    if language not in LANGUAGES:
        raise FederationError(f"Unknown language '{language}': use one of {', '.join(LANGUAGES)}.")
    url = check_url(url.strip(), frozenset(current_app.config["HUIJU_FEED_ALLOW_HOSTS"]))
    interval = interval_minutes or current_app.config["HUIJU_SYNC_INTERVAL_MINUTES"]
    if interval < 5:
        raise FederationError("The sync interval must be at least 5 minutes.")
    duplicate = db.session.scalar(
        select(Feed).where(Feed.partner_id == partner.id, Feed.url == url)
    )
    if duplicate:
        raise FederationError(f"{partner.slug} already has this feed (feed {duplicate.id}).")
    feed = Feed(
        partner_id=partner.id,
        source=FeedSource.PULL,
        url=url,
        language=language,
        interval_minutes=interval,
        next_sync_at=utcnow(),
    )
    db.session.add(feed)
    db.session.flush()
    audit.record("feed.add", feed, summary=f"{partner.slug}: {url}")
    return feed


def upload_feed(
    partner: Partner, name: str, *, language: str = "auto", source: str = FeedSource.UPLOAD
) -> Feed:
    """The uploaded calendar of that name (created on first use): importing a file of the
    same name again reconciles against what that name imported before."""
    name = name.strip()[:255] or "calendar.ics"
    feed = db.session.scalar(
        select(Feed).where(Feed.partner_id == partner.id, Feed.source == source, Feed.name == name)
    )
    if feed is None:
        feed = Feed(partner_id=partner.id, source=source, name=name, language=language)
        db.session.add(feed)
        db.session.flush()
        audit.record("feed.add", feed, summary=f"{partner.slug}: upload {name}")
    return feed


def remove_feed(feed: Feed) -> None:
    """Delete a feed and, with it, its events (they are the partner's, not the sync's)."""
    audit.record("feed.remove", feed, summary=f"{feed.partner.slug}: {feed.label}")
    db.session.delete(feed)
    db.session.flush()
