"""The pure middle of the sync, composed: a body's bytes and the stored state in, a
:class:`Prepared` feed out: decode → split → series → plan → normalise (only the series the
plan says changed).

Everything between the fetch and the database: no I/O, no clock (``now`` is passed in).
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta

from federation.blocks import SplitFeed
from federation.decode import decode_calendar
from federation.normalize import ComponentOutcome, NormalizeContext, normalize_group
from federation.plan import ComponentKey, Plan, plan
from federation.series import group_components
from federation.split import split_feed

WINDOW_BACK = timedelta(days=365)
WINDOW_AHEAD = timedelta(days=730)
# Raised when normalising reads more from the same bytes (2: the series rule kept for the
# export), so that the next sync of every feed re-reads every series once.
NORMALIZE_VERSION = "2"


@dataclass(frozen=True)
class Prepared:
    """A feed read and planned against the stored state, ready to be applied."""

    feed: SplitFeed
    plan: Plan
    outcomes: tuple[ComponentOutcome, ...]  # of the re-read series only
    context_key: str
    context: NormalizeContext


def window(now: datetime) -> tuple[datetime, datetime]:
    """The expansion window, on whole days so that hourly syncs agree on it."""
    today = now.replace(hour=0, minute=0, second=0, microsecond=0)
    return today - WINDOW_BACK, today + WINDOW_AHEAD


def context_key(feed: SplitFeed, context: NormalizeContext) -> str:
    """What, besides a block's own text, decides how it reads. The window enters by ISO week:
    once a week every series is re-expanded so the window slides forward; in between,
    unchanged blocks are not parsed at all."""
    year, week, _ = context.window_start.isocalendar()
    parts = [
        feed.context_hash,
        context.language,
        context.default_tz,
        f"{year}-W{week}",
        str(context.max_occurrences),
        NORMALIZE_VERSION,
    ]
    return hashlib.sha256("|".join(parts).encode()).hexdigest()


def body_key(body: bytes, language: str, now: datetime) -> str:
    """An unchanged body in the same week needs no work at all."""
    year, week, _ = window(now)[0].isocalendar()
    digest = hashlib.sha256(body)
    digest.update(f"|{language}|{year}-W{week}|{NORMALIZE_VERSION}".encode())
    return digest.hexdigest()


def prepare(
    body: bytes,
    *,
    charset: str | None,
    stored: Mapping[ComponentKey, str],
    stored_context: str | None,
    language: str,
    default_tz: str,
    now: datetime,
    max_occurrences: int = 500,
) -> Prepared:
    """Decode, split and plan; normalise only the series the plan says changed.
    Raises :class:`~federation.errors.FeedParseError` for input that is no calendar."""
    feed = split_feed(decode_calendar(body, charset))
    start, end = window(now)
    context = NormalizeContext(
        start, end, default_tz=default_tz, language=language, max_occurrences=max_occurrences
    )
    key = context_key(feed, context)
    groups = group_components(feed)
    the_plan = plan(feed, groups, stored, context_changed=key != stored_context)
    outcomes = tuple(o for group in the_plan.reread for o in normalize_group(feed, group, context))
    return Prepared(feed, the_plan, outcomes, key, context)
