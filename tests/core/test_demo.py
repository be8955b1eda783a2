"""`huiju demo`: the demo world through the real pull pipeline, idempotent."""

from __future__ import annotations

from flask import Flask
from flask.testing import FlaskCliRunner
from sqlalchemy import func, select

from core.demo.origin import follow_served_origin
from core.extensions import db
from events.models import Event
from federation.models import Feed
from partners.leads.models import Lead, StageChange
from partners.models import Link, Partner


def _counts() -> tuple[int, ...]:
    return tuple(
        db.session.scalar(select(func.count()).select_from(model))
        for model in (Partner, Link, Feed, Event, Lead, StageChange)
    )


def test_demo_loads_the_world_and_its_events(
    app: Flask, runner: FlaskCliRunner, unused_origin: str
) -> None:
    app.config["HUIJU_PUBLIC_URL"] = unused_origin
    result = runner.invoke(args=["demo"])
    assert result.exit_code == 0, result.output
    partners, links, feeds, events, leads, _ = _counts()
    assert partners >= 20 and links >= 40 and feeds >= 8 and events >= 100 and leads >= 6
    stages = set(db.session.scalars(select(Lead.stage)))
    assert {"new", "meeting", "landed", "lost"} <= stages
    slugs = set(db.session.scalars(select(Partner.slug)))
    assert {"changyang-campus", "slush-shanghai", "gew-china"} <= slugs
    assert all(f.status == "ok" for f in db.session.scalars(select(Feed)))
    urls = db.session.scalars(select(Feed.url).where(Feed.source == "pull"))
    assert all(url.startswith(unused_origin + "/demo/feeds/") for url in urls)
    titles = set(db.session.scalars(select(Event.title_zh)))
    assert any("长阳创谷" in t for t in titles)
    assert "湾谷科技园 集成电路企业路演" in titles  # entered, not fetched: a park with no feed


def test_demo_is_idempotent(app: Flask, runner: FlaskCliRunner, unused_origin: str) -> None:
    app.config["HUIJU_PUBLIC_URL"] = unused_origin
    runner.invoke(args=["demo"])
    first = _counts()
    again = runner.invoke(args=["demo"])
    assert again.exit_code == 0, again.output
    assert _counts() == first


def test_demo_site_shows_events_in_both_languages(
    app: Flask, runner: FlaskCliRunner, unused_origin: str
) -> None:
    app.config["HUIJU_PUBLIC_URL"] = unused_origin
    runner.invoke(args=["demo"])
    client = app.test_client()
    assert "Slush Shanghai" in client.get("/en/events").get_data(as_text=True)
    assert "长阳创谷" in client.get("/zh/events").get_data(as_text=True)


def _origins() -> set[str]:
    urls = db.session.scalars(select(Feed.url).where(Feed.source == "pull"))
    return {url.split("/demo/feeds/")[0] for url in urls}


def test_demo_after_a_port_change_adds_no_feed_and_syncs_where_the_feeds_are(
    app: Flask, runner: FlaskCliRunner, unused_origin: str
) -> None:
    app.config["HUIJU_PUBLIC_URL"] = "http://127.0.0.1:5000"
    assert runner.invoke(args=["demo", "--no-sync"]).exit_code == 0
    first = _counts()
    app.config["HUIJU_PUBLIC_URL"] = None
    follow_served_origin(app, unused_origin)  # what `huiju run --port <that port>` does
    assert _origins() == {unused_origin}
    app.config["HUIJU_PUBLIC_URL"] = None
    again = runner.invoke(args=["demo"])
    assert again.exit_code == 0, again.output
    partners, _, feeds, *_ = _counts()  # (the sync adds co-host links: that is not the demo's)
    assert (partners, feeds) == (first[0], first[2]) and _origins() == {unused_origin}
    assert all(f.status == "ok" for f in db.session.scalars(select(Feed)))


def test_demo_with_another_public_url_keeps_the_feeds_it_has(
    app: Flask, runner: FlaskCliRunner, unused_origin: str
) -> None:
    app.config["HUIJU_PUBLIC_URL"] = unused_origin
    runner.invoke(args=["demo", "--no-sync"])
    first = _counts()
    app.config["HUIJU_PUBLIC_URL"] = "http://127.0.0.1:5301"
    assert runner.invoke(args=["demo", "--no-sync"]).exit_code == 0
    assert _counts() == first and _origins() == {unused_origin}
