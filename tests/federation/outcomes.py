"""What normalize makes of test VEVENTs in a fixed window (the normalize and expand_budget tests):
split, grouped by UID and normalised as the sync does, without the plan."""

from __future__ import annotations

from datetime import UTC, datetime

from federation.normalize import ComponentOutcome, NormalizeContext, normalize_group
from federation.series import group_components
from federation.split import split_feed
from tests.calendars import Value, calendar_text

CTX = NormalizeContext(datetime(2024, 1, 1, tzinfo=UTC), datetime(2025, 1, 1, tzinfo=UTC))


def normalized(
    *vevents: str, ctx: NormalizeContext = CTX, **calendar_props: Value
) -> list[ComponentOutcome]:
    """The outcome of each VEVENT, series by series in feed order."""
    feed = split_feed(calendar_text(*vevents, **calendar_props))
    return [o for group in group_components(feed) for o in normalize_group(feed, group, ctx)]
