"""Writes for the feed pages, the push API and the CLI: feeds registered (pull feeds by URL,
uploaded calendars by file name), switched on and off and removed; push tokens created, used
and revoked. Each flushes and never commits: the request or command that calls it commits.
"""

from __future__ import annotations

from flask import current_app
from sqlalchemy import select

from core import audit
from core.db_types import utcnow
from core.extensions import db
from core.models import User
from federation.errors import FederationError
from federation.guard import check_url
from federation.models import Feed, FeedSource, FeedStatus, PartnerToken
from federation.tokens import DISPLAY_CHARS, NewToken, new_secret, token_hash
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
    same name again is planned against what that name imported before."""
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


def set_feed_enabled(feed: Feed, enabled: bool) -> None:
    """Disabling stops the schedule; enabling starts afresh, its health unknown until synced."""
    feed.enabled = enabled
    feed.status = FeedStatus.NEW if enabled else FeedStatus.DISABLED
    feed.next_sync_at = utcnow() if enabled else None
    db.session.flush()
    audit.record(
        "feed.enable" if enabled else "feed.disable",
        feed,
        summary=f"{feed.partner.slug}: {feed.label}",
    )


def remove_feed(feed: Feed) -> None:
    """Delete a feed and, with it, its events (they are the partner's, not the sync's)."""
    audit.record("feed.remove", feed, summary=f"{feed.partner.slug}: {feed.label}")
    db.session.delete(feed)
    db.session.flush()


def create_token(partner: Partner, *, name: str = "", created_by: User | None = None) -> NewToken:
    """A new push token for ``partner``; the raw value is returned once and never stored."""
    raw = new_secret()
    token = PartnerToken(
        partner_id=partner.id,
        name=name.strip()[:100],
        token_hash=token_hash(raw),
        prefix=raw[:DISPLAY_CHARS],
        created_by_id=created_by.id if created_by else None,
    )
    db.session.add(token)
    db.session.flush()
    audit.record("token.create", token, summary=f"{partner.slug}: {token.prefix}… {token.name}")
    return NewToken(token, raw)


def note_use(token: PartnerToken) -> None:
    """Record that ``token`` was just used (the token page shows it)."""
    token.last_used_at = utcnow()
    db.session.flush()


def revoke_token(token: PartnerToken) -> None:
    """Stop a token from working; revoking twice is an error people should hear about."""
    if token.revoked_at is not None:
        raise FederationError(f"Token {token.id} ({token.prefix}…) is already revoked.")
    token.revoked_at = utcnow()
    db.session.flush()
    audit.record("token.revoke", token, summary=f"{token.partner.slug}: {token.prefix}…")
