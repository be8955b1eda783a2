"""The alliance office's place in time: Shanghai. "Today", "due" and the days on which events
are grouped and matched are the office's days, wherever a visitor or a partner is."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

SHANGHAI = ZoneInfo("Asia/Shanghai")


def office_today(now: datetime | None = None) -> date:
    """Today in Shanghai (``now`` is an aware timestamp; the current time if omitted)."""
    return (now or datetime.now(UTC)).astimezone(SHANGHAI).date()
