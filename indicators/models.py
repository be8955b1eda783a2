"""Framework versions, the framework each period was reported under, and reported figures."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Float, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from core.db_types import UTCDateTime, utcnow
from core.extensions import db
from partners.models import Partner


class FrameworkVersion(db.Model):
    """One version of the indicator framework; the newest is in force for new periods."""

    __tablename__ = "indicator_framework"

    id: Mapped[int] = mapped_column(primary_key=True)
    version: Mapped[int] = mapped_column(unique=True)
    definition: Mapped[dict[str, Any]] = mapped_column(JSON)  # framework.Framework.to_json()
    note: Mapped[str] = mapped_column(Text, default="")
    created_by: Mapped[str] = mapped_column(String(254), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class IndicatorPeriod(db.Model):
    """A period that has figures, and the framework version in force when its first figure
    came in: a later framework does not change how a period was reported."""

    __tablename__ = "indicator_period"

    id: Mapped[int] = mapped_column(primary_key=True)
    period: Mapped[str] = mapped_column(String(8), unique=True)  # "2024" | "2024-Q3"
    framework_id: Mapped[int] = mapped_column(ForeignKey("indicator_framework.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    framework: Mapped[FrameworkVersion] = relationship()


class IndicatorValue(db.Model):
    """A figure a base reported for one indicator and period (derived ones are computed)."""

    __tablename__ = "indicator_value"
    __table_args__ = (UniqueConstraint("partner_id", "period", "code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    partner_id: Mapped[int] = mapped_column(
        ForeignKey("partner.id", ondelete="CASCADE"), index=True
    )
    period: Mapped[str] = mapped_column(String(8), index=True)
    code: Mapped[str] = mapped_column(String(64))
    value: Mapped[float] = mapped_column(Float)
    updated_by: Mapped[str] = mapped_column(String(254), default="")
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    partner: Mapped[Partner] = relationship()
