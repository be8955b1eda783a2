"""Topics: the categories partners write, mapped to one bilingual vocabulary."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient

from core.app import create_app
from core.extensions import db
from events.topics import topic_key, topic_label
from tests.factories import make_event

DEMO_FEEDS = Path(__file__).resolve().parents[2] / "core" / "demo" / "feeds"
# Categories that are names, shown as received in every language.
PROPER_NAMES = {"GEW 2026"}


@pytest.fixture(scope="module")
def site() -> Iterator[Flask]:
    yield create_app({"SQLALCHEMY_DATABASE_URI": "sqlite://", "SECRET_KEY": "test"})


def label(site: Flask, lang: str, category: str) -> str:
    with site.test_request_context(f"/{lang}/events"):
        return topic_label(category)


@pytest.mark.parametrize(
    ("spellings", "key"),
    [
        (("AI", "A.I.", "ai", "人工智能", "Artificial Intelligence"), "ai"),
        (("Warm-up", "warm up", "WARMUP"), "warm-up"),
        (("Partner event", "partner-event", "合作伙伴活动"), "partner-event"),
        (("Big Data", "大数据"), "big-data"),
        (("集成电路", "Integrated Circuits"), "integrated-circuits"),
        (("创业投资", "Venture capital"), "venture-capital"),
    ],
)
def test_spellings_of_a_topic_are_one_topic(spellings: tuple[str, ...], key: str) -> None:
    assert {topic_key(s) for s in spellings} == {key}


def test_topics_read_in_the_visitors_language_and_unknown_ones_as_received(site: Flask) -> None:
    assert label(site, "zh", "Bootcamp") == "训练营"
    assert label(site, "zh", "AI") == "人工智能"
    assert label(site, "en", "人工智能") == "Artificial intelligence"
    assert label(site, "en", "Partner event") == "Partner event"
    assert label(site, "zh", "Partner event") == "合作伙伴活动"
    assert label(site, "zh", " GEW 2026 ") == "GEW 2026"
    assert topic_key("GEW 2026") is None


def test_every_category_of_the_demo_feeds_is_known() -> None:
    text = "\n".join(p.read_text(encoding="utf-8") for p in DEMO_FEEDS.glob("*.ics"))
    found = {c.strip() for line in re.findall(r"^CATEGORIES[^:]*:(.*)$", text, re.M)
             for c in line.split(",")}  # fmt: skip
    unknown = sorted(c for c in found - PROPER_NAMES if topic_key(c) is None)
    assert len(found) > 20 and unknown == []


def test_a_topic_filter_finds_every_spelling_and_is_offered_once(client: FlaskClient) -> None:
    make_event(title_en="Robots and models", categories=["AI", "Meetup"])
    make_event(title_en="Big models salon", categories=["Artificial Intelligence"])
    make_event(title_en="Chip night", categories=["Integrated Circuits"])
    db.session.commit()
    page = client.get("/zh/events?category=Artificial+Intelligence").get_data(as_text=True)
    assert "Robots and models" in page and "Big models salon" in page
    assert "Chip night" not in page
    # The chip names the topic in the reader's language; no spelling is "impossible".
    assert 'class="chip"' in page and "人工智能" in page.split('class="chip"')[1][:200]
    assert "不可能" not in page
    choices = re.findall(
        r'<option value="[^"]+"[^>]*>([^<]+)</option>',
        page.split('id="f-category"')[1].split("</select>")[0],
    )
    assert choices.count("人工智能") == 1 and "交流聚会" in choices and "集成电路" in choices
