"""Entered events are VEVENTs the sync's own path reads (the form's whole flow is in
tests/federation/views/test_entry.py): texts tagged by language, times in their zone, bad
entries refused, co-hosts listing the same event clustered once."""

from __future__ import annotations

from datetime import timedelta

import icalendar
import pytest
from sqlalchemy import select

from core.db_types import utcnow
from core.extensions import db
from events.criteria import EventFilter
from events.models import Event
from events.queries import listing
from federation import entered
from federation.entry import Entry, EntryError, vevent
from tests.factories import make_partner


def _entry(**values: object) -> Entry:
    start = (utcnow() + timedelta(days=5)).strftime("%Y-%m-%dT14:00")
    return Entry(**{"title_zh": "人工智能创业沙龙", "start": start, **values})


def test_an_entry_is_a_vevent_with_tagged_languages_and_its_zone() -> None:
    text = vevent(
        _entry(title_en="AI salon", end="2026-12-20T16:00", start="2026-12-20T14:00"),
        uid="u1@entered.huiju",
        sequence=3,
        cancelled=False,
        created_at=utcnow(),
        modified_at=utcnow(),
    )
    component = icalendar.Event.from_ical(text)
    assert component["sequence"] == 3
    assert "SUMMARY;LANGUAGE=zh:人工智能创业沙龙" in text
    assert "DTSTART;TZID=Asia/Shanghai:20261220T140000" in text


@pytest.mark.parametrize(
    "values",
    [{"title_zh": ""}, {"start": "next Tuesday"}, {"end": "2020-01-01T00:00"}, {"tzid": "Mars"}],
)
def test_an_entry_that_makes_no_event_is_refused(values: dict) -> None:
    with pytest.raises(EntryError):
        vevent(
            _entry(**values),
            uid="u",
            sequence=0,
            cancelled=False,
            created_at=utcnow(),
            modified_at=utcnow(),
        )


def _stored(partner_id: int) -> list[Event]:
    return list(db.session.scalars(select(Event).where(Event.partner_id == partner_id)))


def test_cohosts_list_the_event_too_and_it_is_clustered_once(app) -> None:
    host, guest = make_partner("host-park"), make_partner("guest-lab")
    entered.create(host, _entry(cohosts=(guest.id,)), None, utcnow())
    db.session.commit()
    entered.publish([host.id, guest.id], utcnow())
    stored = _stored(host.id) + _stored(guest.id)
    assert len(stored) == 2
    assert stored[0].cluster_id is not None and stored[0].cluster_id == stored[1].cluster_id
    assert listing(EventFilter(when="upcoming"), utcnow()).total == 1


def test_long_texts_with_separators_are_escaped_and_folded_as_rfc_5545_says() -> None:
    description = "第一行；分号, comma; semicolon\\ backslash\n第二行" + "长" * 80
    text = vevent(
        _entry(description_zh=description, categories=("AI, 大数据", "创业")),
        uid="u2@entered.huiju",
        sequence=0,
        cancelled=False,
        created_at=utcnow(),
        modified_at=utcnow(),
    )
    assert all(len(line.encode()) <= 75 for line in text.split("\r\n"))
    component = icalendar.Event.from_ical(text)
    assert str(component["description"]) == description
    assert [str(c) for c in component["categories"].cats] == ["AI, 大数据", "创业"]
