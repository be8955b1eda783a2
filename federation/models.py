"""Feeds, their sync history, the per-component state that makes re-syncs cheap, push tokens."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import (
    JSON,
    ForeignKey,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, deferred, mapped_column, relationship

from core.db_types import UTCDateTime, utcnow
from core.extensions import db
from partners.models import Partner


class FeedSource(StrEnum):
    PULL = "pull"  # fetched from a URL on a schedule
    UPLOAD = "upload"  # a file uploaded by staff or imported with the CLI, named by its file name
    PUSH = "push"  # pushed by the partner with a token
    ENTERED = "entered"  # events typed in or imported from a spreadsheet (federation.entered)


class FeedStatus(StrEnum):
    NEW = "new"
    OK = "ok"
    FAILING = "failing"
    HELD = "held"  # a drastic shrink waits for a staff confirmation
    DISABLED = "disabled"


class Feed(db.Model):
    __tablename__ = "feed"

    id: Mapped[int] = mapped_column(primary_key=True)
    partner_id: Mapped[int] = mapped_column(
        ForeignKey("partner.id", ondelete="CASCADE"), index=True
    )
    source: Mapped[str] = mapped_column(String(8), default=FeedSource.PULL)
    url: Mapped[str] = mapped_column(String(2000), default="")
    name: Mapped[str] = mapped_column(String(255), default="")  # uploaded calendars: file name
    language: Mapped[str] = mapped_column(String(4), default="auto")  # zh | en | auto
    interval_minutes: Mapped[int] = mapped_column(Integer, default=60)
    enabled: Mapped[bool] = mapped_column(default=True)
    status: Mapped[str] = mapped_column(String(10), default=FeedStatus.NEW, index=True)
    # Conditional GET validators and the hashes that let an unchanged body skip the pipeline.
    etag: Mapped[str | None] = mapped_column(String(500))
    last_modified: Mapped[str | None] = mapped_column(String(100))
    body_hash: Mapped[str | None] = mapped_column(String(64))
    context_hash: Mapped[str | None] = mapped_column(String(64))
    last_sync_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_success_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_error: Mapped[str] = mapped_column(Text, default="")
    consecutive_failures: Mapped[int] = mapped_column(Integer, default=0)
    next_sync_at: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)
    # A scheduler holds a feed until this time while syncing it (see federation.scheduler).
    claimed_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    held_reason: Mapped[str] = mapped_column(Text, default="")
    held_body: Mapped[bytes | None] = deferred(mapped_column(LargeBinary))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    partner: Mapped[Partner] = relationship()

    @property
    def label(self) -> str:
        """How people refer to the feed: its URL, or the uploaded file's name."""
        return self.url or self.name or f"feed {self.id}"


class SyncRun(db.Model):
    __tablename__ = "sync_run"

    id: Mapped[int] = mapped_column(primary_key=True)
    feed_id: Mapped[int] = mapped_column(ForeignKey("feed.id", ondelete="CASCADE"), index=True)
    trigger: Mapped[str] = mapped_column(String(12), default="schedule")
    started_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    duration_ms: Mapped[int] = mapped_column(Integer, default=0)  # the whole sync, derived too
    derived_ms: Mapped[int] = mapped_column(Integer, default=0)  # of which the derived step
    outcome: Mapped[str] = mapped_column(String(16), default="ok")
    http_status: Mapped[int | None] = mapped_column(Integer)
    bytes: Mapped[int] = mapped_column(Integer, default=0)
    added: Mapped[int] = mapped_column(Integer, default=0)
    updated: Mapped[int] = mapped_column(Integer, default=0)
    unchanged: Mapped[int] = mapped_column(Integer, default=0)
    removed: Mapped[int] = mapped_column(Integer, default=0)
    # Read well, but no occurrence in the sync window: nothing stored (federation.plan.Counts).
    outside_window: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    occurrences: Mapped[int] = mapped_column(Integer, default=0)
    skipped: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    error: Mapped[str] = mapped_column(Text, default="")

    feed: Mapped[Feed] = relationship()


class FeedComponent(db.Model):
    """What the last applied sync saw of one VEVENT: its identity and the hash of its text."""

    __tablename__ = "feed_component"
    __table_args__ = (UniqueConstraint("feed_id", "uid", "recurrence_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    feed_id: Mapped[int] = mapped_column(ForeignKey("feed.id", ondelete="CASCADE"))
    uid: Mapped[str] = mapped_column(String(500))
    recurrence_id: Mapped[str] = mapped_column(String(100), default="")
    hash: Mapped[str] = mapped_column(String(64))
    occurrences: Mapped[int] = mapped_column(Integer, default=0)


class PartnerToken(db.Model):
    """A bearer token a partner pushes calendars with; only its SHA-256 is kept."""

    __tablename__ = "partner_token"

    id: Mapped[int] = mapped_column(primary_key=True)
    partner_id: Mapped[int] = mapped_column(
        ForeignKey("partner.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(String(100), default="")
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    prefix: Mapped[str] = mapped_column(
        String(12)
    )  # shown in lists so people can tell tokens apart
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL")
    )
    last_used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    partner: Mapped[Partner] = relationship()


class EnteredEvent(db.Model):
    """An event a partner contact or staff entered by hand or imported from a spreadsheet.

    It is the source its partner's "entered" feed is written from: every change rebuilds that
    calendar and applies it through the sync's own path (federation.entered), so the stored
    Event rows, search, clusters and exports treat it as any feed's event.
    """

    __tablename__ = "entered_event"
    __table_args__ = (UniqueConstraint("partner_id", "import_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    partner_id: Mapped[int] = mapped_column(
        ForeignKey("partner.id", ondelete="CASCADE"), index=True
    )
    uid: Mapped[str] = mapped_column(String(200), unique=True)
    # A spreadsheet row's stable key (its id column, or title + start): re-imports update.
    import_key: Mapped[str | None] = mapped_column(String(200))
    fields: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)  # federation.entry.Entry
    # ",3,7," : the co-hosting partners' ids, whose entered calendars list the event too.
    cohost_ids: Mapped[str] = mapped_column(String(500), default="", index=True)
    cancelled: Mapped[bool] = mapped_column(default=False)
    sequence: Mapped[int] = mapped_column(Integer, default=0)
    # The VEVENT text, rendered at every change: publishing joins these, never re-renders.
    block: Mapped[str] = deferred(mapped_column(Text, default="", nullable=False))
    created_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL")
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    partner: Mapped[Partner] = relationship()
