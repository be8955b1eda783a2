"""The footer's word on feed health ("All feeds syncing", "2 feeds failing"), counted with one
query at most once a minute per app: every page shows it, so it must cost next to nothing."""

from __future__ import annotations

import time

from flask import current_app
from sqlalchemy import func, select
from sqlalchemy.exc import SQLAlchemyError

from core.extensions import db
from federation.models import Feed, FeedStatus

CACHE_SECONDS = 60
CACHE_KEY = "huiju.failing_feeds"


def failing_feed_count() -> int | None:
    """Enabled feeds whose last sync failed; None when the database cannot say (the page
    still renders, without the status)."""
    cached = current_app.extensions.get(CACHE_KEY)
    now = time.monotonic()
    if cached and now - cached[0] < CACHE_SECONDS:
        return cached[1]
    query = (
        select(func.count())
        .select_from(Feed)
        .where(Feed.enabled, Feed.status == FeedStatus.FAILING)
    )
    try:
        count = db.session.scalar(query) or 0
    except SQLAlchemyError:
        db.session.rollback()
        return None
    current_app.extensions[CACHE_KEY] = (now, count)
    return count
