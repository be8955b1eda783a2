"""Staff curation that survives syncs: corrected or added texts (the other language's title,
description and place) kept as :class:`~events.models.EventOverride` rows, and put back into
the stored event after every sync that rewrote it.

The rule is a field-level three-way merge (as ActivateHub's): an override remembers the
partner's value it was made against (``base``). When a sync brings that same value, the
override is kept; when the partner's value itself changed, the partner's new value is shown
and the override is flagged for staff (``conflict``), neither dropped nor kept silently.

:func:`apply_overrides` is the one place curated values reach the stored columns; search
tokens and the export's VEVENT blocks are derived from those columns afterwards
(``events.indexing.refresh``), so pages, the API and every export show the curated values.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import joinedload

from core.extensions import db
from events.indexing import chunks
from events.models import Event, EventOverride

FIELDS = (
    "title_zh",
    "title_en",
    "description_zh",
    "description_en",
    "location_zh",
    "location_en",
)


@dataclass(frozen=True)
class Merged:
    """What an event shows for one overridden field, and whether staff must look again."""

    shown: str
    conflict: bool


def merge(source: str, base: str, value: str) -> Merged:
    """The three-way merge of one field (pure): the partner's current ``source``, the
    partner's value the override was made against (``base``) and the curated ``value``."""
    if source in (base, value):  # unchanged at the partner, or the partner now agrees
        return Merged(value, False)
    return Merged(source, True)


def source_value(event: Event, override: EventOverride | None, field: str) -> str:
    """The partner's current value of ``field``: the stored column holds the curated value
    while an override is applied, and the partner's while it is in conflict."""
    if override is not None and not override.conflict:
        return override.base
    return getattr(event, field) or ""


def apply_overrides(event_ids: Iterable[int], now: datetime | None = None) -> list[int]:
    """After a sync wrote ``event_ids`` (their text columns now hold the partner's values, or
    still the curated ones where the row was not rewritten): merge every override of those
    events into the stored columns, flag the conflicts. Flush only; returns the ids of the
    events whose columns changed (their search tokens and blocks are derived afterwards)."""
    changed: set[int] = set()
    if db.session.scalar(select(EventOverride.id).limit(1)) is None:
        return []  # most sites curate little: one index probe instead of a query per chunk
    for part in chunks(event_ids):
        # populate_existing: the sync wrote the rows with Core statements, behind the ORM.
        overrides = db.session.scalars(
            select(EventOverride)
            .options(joinedload(EventOverride.event))
            .where(EventOverride.event_id.in_(part))
            .execution_options(populate_existing=True)
        ).all()
        for override in overrides:
            if _merge_into(override, now):
                changed.add(override.event_id)
    db.session.flush()
    return sorted(changed)


def _merge_into(override: EventOverride, now: datetime | None) -> bool:
    event = override.event
    source = getattr(event, override.field) or ""
    if source == override.value and not override.conflict:
        return False  # the row still holds the curated value: not rewritten by this sync
    merged = merge(source, override.base, override.value)
    override.conflict = merged.conflict
    override.source = source if merged.conflict else ""
    if merged.conflict and now is not None:
        override.updated_at = now
    if getattr(event, override.field) == merged.shown:
        return False
    show(event, override.field, merged.shown)
    return True


def show(event: Event, field: str, value: str) -> None:
    """Put ``value`` into the stored column (a curated description is plain text: the
    partner's HTML copy of another text must not be shown beside it)."""
    setattr(event, field, value)
    if field.startswith("description_"):
        setattr(event, f"description_html_{field[-2:]}", None)
