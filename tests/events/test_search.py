"""Search finds Chinese words of any length and English words, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import timedelta

import pytest

from core.db_types import utcnow
from events.criteria import EventFilter
from events.queries import listing
from events.tokenize import query_tokens, search_text
from tests.factories import make_event, make_feed


def titles(q: str, **filters: object) -> list[str]:
    page = listing(EventFilter(q=q, when="upcoming", **filters), utcnow())
    return [e.title_zh or e.title_en for e in page.items]


@pytest.fixture
def corpus(app):
    feed = make_feed()
    soon = utcnow() + timedelta(days=3)
    make_event(feed, start=soon, title_zh="创新创业大赛", title_en="")
    make_event(feed, start=soon, title_zh="上海国际创业周", title_en="")
    make_event(
        feed,
        start=soon,
        title_en="AI Demo Day",
        title_zh="",
        description_en="Start-ups pitch their summits",
        location_zh="杨浦区长阳创谷",
    )
    make_event(
        feed,
        start=soon,
        title_en="Fintech salon",
        title_zh="",
        description_zh="金融科技沙龙，在上海举行",
    )
    make_event(feed, start=soon, title_zh="海上丝绸之路论坛", title_en="")


def test_tokens_are_plain_ascii_words() -> None:
    assert all(t.isascii() and t.isalnum() for t in search_text("创新创业 Demo-Days!").split())
    assert query_tokens("Summits") == ["summit"]


def test_two_character_chinese_word_found_inside_longer_titles(corpus) -> None:
    assert set(titles("创业")) == {"创新创业大赛", "上海国际创业周"}


def test_shanghai_matches_title_before_description(corpus) -> None:
    found = titles("上海")
    assert found[0] == "上海国际创业周"
    assert set(found) == {"上海国际创业周", "Fintech salon"}  # not 海上丝绸之路论坛


def test_four_character_word_and_no_false_hits(corpus) -> None:
    assert titles("创新创业") == ["创新创业大赛"]
    assert titles("创业创新") == []
    assert titles("丝绸") == ["海上丝绸之路论坛"]


def test_english_words_case_and_plural(corpus) -> None:
    assert titles("demo") == ["AI Demo Day"]
    assert titles("SUMMIT") == ["AI Demo Day"]
    assert titles("fintech salon") == ["Fintech salon"]
    assert titles("fintech demo") == []


def test_mixed_language_query_and_places(corpus) -> None:
    assert titles("demo 长阳") == ["AI Demo Day"]
    assert titles("金融 fintech") == ["Fintech salon"]
    assert titles("!!!") == []


def test_search_combines_with_other_filters(corpus) -> None:
    assert titles("创业", mode="online") == []
    assert len(titles("创业", mode="in_person")) == 2


def test_retitled_event_is_found_by_its_new_title_only(corpus) -> None:
    from sqlalchemy import select

    from core.extensions import db
    from events import indexing
    from events.models import Event

    event = db.session.scalar(select(Event).where(Event.title_zh == "海上丝绸之路论坛"))
    event.title_zh = "智能硬件训练营"
    db.session.flush()
    indexing.refresh([event.id])
    assert titles("丝绸") == []
    assert titles("硬件") == ["智能硬件训练营"]
