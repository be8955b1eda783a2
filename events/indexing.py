"""What the sync calls after writing events: search tokens and pre-rendered VEVENT blocks.

Runs inside the caller's transaction and only flushes.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.orm import joinedload, undefer

from core.extensions import db
from events.ical import vevent_text
from events.models import Event
from events.page_cache import forget_version
from events.tokenize import search_text

CHUNK = 500


def index_fields(event: Event) -> dict[str, str]:
    """The derived columns of one event (pure: reads the event, writes nothing)."""
    partner = event.partner
    return {
        "search_title": search_text(event.title_en, event.title_zh),
        "search_body": search_text(
            event.description_en, event.description_zh, event.location_en, event.location_zh,
            " ".join(event.categories or []),
            partner.name_en if partner else "", partner.name_zh if partner else "",
        ),
        "ics_en": vevent_text(event, "en"),
        "ics_zh": vevent_text(event, "zh"),
    }


def _chunks(ids: list[int]) -> Iterable[list[int]]:
    for start in range(0, len(ids), CHUNK):
        yield ids[start : start + CHUNK]


def refresh(event_ids: list[int]) -> None:
    """Recompute search tokens and iCalendar blocks of ``event_ids`` (missing ids are skipped)."""
    for chunk in _chunks(sorted(set(event_ids))):
        events = db.session.scalars(
            select(Event)
            .options(joinedload(Event.partner), undefer(Event.ics_en), undefer(Event.ics_zh))
            .where(Event.id.in_(chunk))
        ).all()
        for event in events:
            for name, value in index_fields(event).items():
                if getattr(event, name) != value:
                    setattr(event, name, value)
    db.session.flush()
    forget_version()
