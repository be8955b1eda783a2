"""Stored event occurrences and the clusters that join one real-world event listed twice."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import Mapped, deferred, mapped_column, relationship

from core.db_types import UTCDateTime, utcnow
from core.extensions import db
from partners.models import Partner

_SHOWN = "removed_at IS NULL AND hidden_at IS NULL"
_SHOWN_DAYS_COLUMNS = (
    "start_at",
    "end_at",
    "all_day",
    "start_date",
    "end_date",
    "cluster_id",
    "partner_id",
    "id",  # PostgreSQL reads it from the index only when every column read is in it
)


class Event(db.Model):
    """One occurrence as a partner's feed describes it.

    Identity is ``(feed_id, uid, recurrence_id)``: ``recurrence_id`` is "" for a single event and
    the occurrence's original start for a member of a series. Rows are never deleted by a sync:
    an event that leaves its feed becomes a tombstone (``removed_at`` set, status cancelled).
    """

    __tablename__ = "event"
    __table_args__ = (
        UniqueConstraint("feed_id", "uid", "recurrence_id"),
        Index("ix_event_start_end", "start_at", "end_at"),
        Index("ix_event_updated_at", "updated_at"),
        # Full-text search on PostgreSQL (SQLite uses an FTS5 table, see migration 0003).
        Index(
            "ix_event_search",
            text("to_tsvector('simple'::regconfig, (search_title || ' '::text) || search_body)"),
            postgresql_using="gin",
        ).ddl_if(dialect="postgresql"),
        # Title hits rank first (events.search.in_title); the next end of an event moves the
        # page cache's version (events.page_cache).
        Index(
            "ix_event_search_title",
            text("to_tsvector('simple'::regconfig, search_title)"),
            postgresql_using="gin",
        ).ddl_if(dialect="postgresql"),
        Index("ix_event_end_at", "end_at"),
        # The month view counts and ranks a month's shown events per day by this index alone,
        # without reading ~7,000 rows (events.queries.month_days).
        Index(
            "ix_event_shown_days",
            *_SHOWN_DAYS_COLUMNS,
            sqlite_where=text(_SHOWN),
            postgresql_where=text(_SHOWN),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    feed_id: Mapped[int] = mapped_column(ForeignKey("feed.id", ondelete="CASCADE"))
    partner_id: Mapped[int] = mapped_column(
        ForeignKey("partner.id", ondelete="CASCADE"), index=True
    )
    uid: Mapped[str] = mapped_column(String(500))
    recurrence_id: Mapped[str] = mapped_column(String(32), default="")
    start_at: Mapped[datetime] = mapped_column(UTCDateTime)
    end_at: Mapped[datetime] = mapped_column(UTCDateTime)
    all_day: Mapped[bool] = mapped_column(default=False)
    start_date: Mapped[date | None] = mapped_column(Date)
    end_date: Mapped[date | None] = mapped_column(Date)  # exclusive, as in iCalendar
    tzid: Mapped[str] = mapped_column(String(64), default="Asia/Shanghai")
    language: Mapped[str] = mapped_column(String(4), default="en")
    title_en: Mapped[str] = mapped_column(Text, default="")
    title_zh: Mapped[str] = mapped_column(Text, default="")
    description_en: Mapped[str] = mapped_column(Text, default="")
    description_zh: Mapped[str] = mapped_column(Text, default="")
    description_html_en: Mapped[str | None] = mapped_column(Text)
    description_html_zh: Mapped[str | None] = mapped_column(Text)
    location_en: Mapped[str] = mapped_column(Text, default="")
    location_zh: Mapped[str] = mapped_column(Text, default="")
    url: Mapped[str | None] = mapped_column(String(2000))
    categories: Mapped[list[str]] = mapped_column(JSON, default=list)
    status: Mapped[str] = mapped_column(String(12), default="confirmed")
    sequence: Mapped[int] = mapped_column(Integer, default=0)
    online: Mapped[bool] = mapped_column(default=False)
    last_modified_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    content_hash: Mapped[str] = mapped_column(String(64))
    notes: Mapped[list[str]] = mapped_column(JSON, default=list)
    # The partner's recurrence, normalised (federation.series_rule), on each occurrence it
    # generated: the export writes it as the series' master. "" for single events, overrides
    # and series listed by their occurrences.
    series_rule: Mapped[str] = mapped_column(Text, default="", server_default="")
    first_seen_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    removed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    cluster_id: Mapped[int | None] = mapped_column(
        ForeignKey("event_cluster.id", ondelete="SET NULL"), index=True
    )
    # Staff curation (events.curation): a sync never writes these, so they outlive re-syncs.
    hidden_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    hidden_reason: Mapped[str] = mapped_column(Text, default="")
    featured_at: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)

    # Written by events.indexing.refresh: search tokens (see events.tokenize) and the VEVENT
    # text per language that export feeds join without re-serialising.
    search_title: Mapped[str] = mapped_column(Text, default="")
    search_body: Mapped[str] = mapped_column(Text, default="")
    ics_en: Mapped[str | None] = deferred(mapped_column(Text))
    ics_zh: Mapped[str | None] = deferred(mapped_column(Text))

    partner: Mapped[Partner] = relationship()

    def text(self, field: str, lang: str) -> tuple[str, str]:
        """``field`` ("title", "description", "location") in ``lang`` if the partner gave it,
        else in the other language; returns ``(text, language it is in)``."""
        other = "en" if lang == "zh" else "zh"
        for candidate in (lang, other):
            value = getattr(self, f"{field}_{candidate}")
            if value:
                return value, candidate
        return "", lang


class EventCluster(db.Model):
    """One real-world event listed by several partners; ``canonical_id`` is shown for all."""

    __tablename__ = "event_cluster"

    id: Mapped[int] = mapped_column(primary_key=True)
    canonical_id: Mapped[int | None] = mapped_column(
        ForeignKey("event.id", ondelete="SET NULL", use_alter=True)
    )
    # "auto" while the matcher owns it; "merged" / "split" once staff decided.
    decision: Mapped[str] = mapped_column(String(8), default="auto")
    score: Mapped[float] = mapped_column(default=1.0)
    details: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class DerivedWork(db.Model):
    """An event whose derived data is still to be refreshed: queued in the transaction that
    writes the event; ``indexed`` once its search tokens are (then it is searchable), deleted
    once its duplicate clusters are (events.derived). A row left behind by a crash is picked
    up by the next scheduler tick, so no stored event stays unsearchable. Rows are never
    updated by a writer that queues: an event queued twice has two rows (refreshes are
    idempotent), so queueing never waits for a refresh that holds a row."""

    __tablename__ = "derived_work"

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("event.id", ondelete="CASCADE"), index=True)
    indexed: Mapped[bool] = mapped_column(default=False)
    queued_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class PairDecision(db.Model):
    """A staff decision that two listings are (or are not) the same event.

    Keyed by the listings' ``(feed_id, uid)`` rather than by row ids, so it survives a re-sync
    that recreates the rows; ``a`` is always the smaller key.
    """

    __tablename__ = "event_pair_decision"
    __table_args__ = (UniqueConstraint("feed_a_id", "uid_a", "feed_b_id", "uid_b"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    feed_a_id: Mapped[int] = mapped_column(ForeignKey("feed.id", ondelete="CASCADE"))
    uid_a: Mapped[str] = mapped_column(String(500))
    feed_b_id: Mapped[int] = mapped_column(ForeignKey("feed.id", ondelete="CASCADE"))
    uid_b: Mapped[str] = mapped_column(String(500))
    decision: Mapped[str] = mapped_column(String(8))  # "merged" | "split"
    decided_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL")
    )
    decided_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class EventOverride(db.Model):
    """A staff correction of one text field of one event, kept across syncs.

    ``base`` is the partner's value the correction was made against: while a sync brings that
    same value, ``value`` is shown; when the partner's value changes, the override is
    flagged (``conflict``) for staff to decide (events.curation's three-way merge).
    """

    __tablename__ = "event_override"
    __table_args__ = (UniqueConstraint("event_id", "field"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("event.id", ondelete="CASCADE"), index=True)
    field: Mapped[str] = mapped_column(String(24))  # "title_en", "location_zh", …
    value: Mapped[str] = mapped_column(Text, default="")
    base: Mapped[str] = mapped_column(Text, default="")
    # The partner's current value while in conflict (what staff compare with ``base``).
    source: Mapped[str] = mapped_column(Text, default="")
    conflict: Mapped[bool] = mapped_column(default=False, index=True)
    updated_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL")
    )
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    event: Mapped[Event] = relationship()
