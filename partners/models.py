"""Partner organisations and the cooperation links between them."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import CheckConstraint, Date, Float, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from core.db_types import UTCDateTime, utcnow
from core.extensions import db
from partners.kinds import PartnerKind
from partners.regions import DELTA_REGIONS, Region


class Partner(db.Model):
    __tablename__ = "partner"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    name_en: Mapped[str] = mapped_column(String(200))
    name_zh: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(24), default=PartnerKind.BASE)
    region: Mapped[str] = mapped_column(String(16), default=Region.SHANGHAI, index=True)
    country: Mapped[str] = mapped_column(String(2), default="CN")
    city_en: Mapped[str] = mapped_column(String(100), default="")
    city_zh: Mapped[str] = mapped_column(String(100), default="")
    website: Mapped[str] = mapped_column(String(500), default="")
    description_en: Mapped[str] = mapped_column(Text, default="")
    description_zh: Mapped[str] = mapped_column(Text, default="")
    alliance_member: Mapped[bool] = mapped_column(default=False)
    joined_on: Mapped[date | None] = mapped_column(Date)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    def name(self, lang: str) -> str:
        """The partner's name in ``lang`` ("zh" or "en"), falling back to the other."""
        return (self.name_zh or self.name_en) if lang == "zh" else (self.name_en or self.name_zh)

    def city(self, lang: str) -> str:
        return (self.city_zh or self.city_en) if lang == "zh" else (self.city_en or self.city_zh)

    @property
    def in_delta(self) -> bool:
        return self.region in DELTA_REGIONS

    def __repr__(self) -> str:
        return f"<Partner {self.slug}>"


class Link(db.Model):
    """A cooperation link between two partners; ``source_id < target_id`` is not required."""

    __tablename__ = "link"
    __table_args__ = (CheckConstraint("source_id <> target_id", name="not_self"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    source_id: Mapped[int] = mapped_column(ForeignKey("partner.id", ondelete="CASCADE"), index=True)
    target_id: Mapped[int] = mapped_column(ForeignKey("partner.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(24))
    since: Mapped[date | None] = mapped_column(Date)
    until: Mapped[date | None] = mapped_column(Date)
    weight: Mapped[float] = mapped_column(Float, default=1.0)
    note_en: Mapped[str] = mapped_column(Text, default="")
    note_zh: Mapped[str] = mapped_column(Text, default="")
    evidence_url: Mapped[str] = mapped_column(String(500), default="")
    evidence_event_id: Mapped[int | None] = mapped_column(
        ForeignKey("event.id", ondelete="SET NULL")
    )
    # Links derived from co-listed events are maintained by the sync, not by hand.
    automatic: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    source: Mapped[Partner] = relationship(foreign_keys=[source_id])
    target: Mapped[Partner] = relationship(foreign_keys=[target_id])
