"""Import-Expo (进博会) leads, their follow-ups and their stage history."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import Date, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from core.db_types import UTCDateTime, utcnow
from core.extensions import db


class Stage(StrEnum):
    NEW = "new"
    CONTACTED = "contacted"
    MEETING = "meeting"
    PROPOSAL = "proposal"
    SIGNED = "signed"
    LANDED = "landed"
    LOST = "lost"


class Lead(db.Model):
    __tablename__ = "lead"

    id: Mapped[int] = mapped_column(primary_key=True)
    organization_en: Mapped[str] = mapped_column(String(200), default="")
    organization_zh: Mapped[str] = mapped_column(String(200), default="")
    contact_name: Mapped[str] = mapped_column(String(200), default="")
    email: Mapped[str] = mapped_column(String(254), default="", index=True)
    phone: Mapped[str] = mapped_column(String(64), default="")
    country: Mapped[str] = mapped_column(String(2), default="")
    sector: Mapped[str] = mapped_column(String(100), default="")
    source: Mapped[str] = mapped_column(String(100), default="", index=True)  # "CIIE 2026"
    interest: Mapped[str] = mapped_column(Text, default="")
    introduced_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("partner.id", ondelete="SET NULL")
    )
    owner_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL"), index=True
    )
    stage: Mapped[str] = mapped_column(String(16), default=Stage.NEW, index=True)
    lost_reason: Mapped[str] = mapped_column(Text, default="")
    next_follow_up_on: Mapped[date | None] = mapped_column(Date, index=True)
    notes: Mapped[str] = mapped_column(Text, default="")
    # Set when the lead lands and becomes (or joins) a partner organisation.
    partner_id: Mapped[int | None] = mapped_column(ForeignKey("partner.id", ondelete="SET NULL"))
    landed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    follow_ups: Mapped[list[FollowUp]] = relationship(
        back_populates="lead", cascade="all, delete-orphan", order_by="FollowUp.on"
    )
    stage_changes: Mapped[list[StageChange]] = relationship(
        back_populates="lead", cascade="all, delete-orphan", order_by="StageChange.at"
    )

    def organization(self, lang: str) -> str:
        if lang == "zh":
            return self.organization_zh or self.organization_en
        return self.organization_en or self.organization_zh


class FollowUp(db.Model):
    __tablename__ = "follow_up"

    id: Mapped[int] = mapped_column(primary_key=True)
    lead_id: Mapped[int] = mapped_column(ForeignKey("lead.id", ondelete="CASCADE"), index=True)
    on: Mapped[date] = mapped_column(Date)
    kind: Mapped[str] = mapped_column(String(16))  # call, email, meeting, visit
    outcome: Mapped[str] = mapped_column(Text, default="")
    next_step: Mapped[str] = mapped_column(Text, default="")
    by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    lead: Mapped[Lead] = relationship(back_populates="follow_ups")


class StageChange(db.Model):
    __tablename__ = "stage_change"

    id: Mapped[int] = mapped_column(primary_key=True)
    lead_id: Mapped[int] = mapped_column(ForeignKey("lead.id", ondelete="CASCADE"), index=True)
    from_stage: Mapped[str] = mapped_column(String(16), default="")
    to_stage: Mapped[str] = mapped_column(String(16))
    reason: Mapped[str] = mapped_column(Text, default="")
    by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    lead: Mapped[Lead] = relationship(back_populates="stage_changes")


class ReminderDigest(db.Model):
    """A daily digest of due follow-ups sent to one owner (at most one per owner and day)."""

    __tablename__ = "reminder_digest"
    __table_args__ = (UniqueConstraint("user_id", "sent_on"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"))
    sent_on: Mapped[date] = mapped_column(Date)
    items: Mapped[int] = mapped_column(default=0)
    sent_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
