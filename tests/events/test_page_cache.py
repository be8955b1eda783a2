"""The public list from the page cache: rendered once per data version; after another
process's change, the page of the previous version is shown for a moment while the new one
renders once that page is sent; a change made in this process, or an old page, never is."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

import pytest
import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient

from core import versions
from core.db_types import utcnow
from core.extensions import db
from events import page_cache
from events.models import Event
from tests.factories import make_event, make_feed, make_partner


@pytest.fixture
def app_config() -> dict:
    # Read the data version on every request: another process's change is seen at once.
    return {"HUIJU_EVENTS_VERSION_TTL": 0}


@pytest.fixture
def salon(app: Flask) -> Event:
    page_cache.pages.clear()
    event = make_event(
        make_feed(make_partner()), start=utcnow() + timedelta(days=3), title_en="Founders salon"
    )
    db.session.commit()
    return event


@pytest.fixture
def elsewhere(app: Flask) -> Iterator[sa.Engine]:
    """A connection of its own, as another process (a scheduler) writes: not this process's
    session, so this process learns of its writes from the data version only."""
    engine = sa.create_engine(app.config["SQLALCHEMY_DATABASE_URI"])
    yield engine
    engine.dispose()


class Clock:
    """A monotonic clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Clock:
    """The clock the page cache and the data versions read, moved by the test."""
    fake = Clock()
    monkeypatch.setattr(page_cache, "monotonic", fake)
    monkeypatch.setattr(versions, "monotonic", fake)
    return fake


def _retitle(engine: sa.Engine, event: Event, title: str) -> None:
    table = Event.__table__
    with engine.begin() as connection:
        connection.execute(
            table.update()
            .where(table.c.id == event.id)
            .values(title_en=title, updated_at=utcnow() + timedelta(seconds=1))
        )
    db.session.rollback()  # the test's session, which its requests share, reads afresh


def _list(client: FlaskClient, served: str | None = None) -> str:
    response = client.get("/en/events")
    assert response.status_code == 200
    if served:
        assert response.headers["X-Huiju-Cache"] == served
    page = response.get_data(as_text=True)
    response.close()  # as a server does once the page is sent
    return page


def test_another_process_change_shows_the_last_page_while_the_new_one_renders(
    client: FlaskClient, salon: Event, elsewhere: sa.Engine, clock: Clock
) -> None:
    assert "Founders salon" in _list(client, "miss")
    clock.now += 3
    assert "Founders salon" in _list(client, "hit")
    _retitle(elsewhere, salon, "Founders breakfast")
    page = _list(client, "stale")  # from memory, at once; the new page renders once it is sent
    assert "Founders salon" in page and "Founders breakfast" not in page
    page = _list(client, "hit")
    assert "Founders breakfast" in page and "Founders salon" not in page


def test_a_page_is_rendered_again_at_most_once_in_half_the_grace_period(
    client: FlaskClient, salon: Event, elsewhere: sa.Engine, clock: Clock
) -> None:
    _list(client, "miss")
    clock.now += 1
    _retitle(elsewhere, salon, "Founders breakfast")
    for _ in range(2):  # rendered 1 s ago: shown as it is, not rendered again yet
        assert "Founders salon" in _list(client, "stale")
    clock.now += 2  # 3 s after its render: the next request's page is followed by a render
    assert "Founders salon" in _list(client, "stale")
    assert "Founders breakfast" in _list(client, "hit")


def test_a_page_older_than_the_grace_period_is_never_shown(
    app: Flask, client: FlaskClient, salon: Event, elsewhere: sa.Engine
) -> None:
    assert "Founders salon" in _list(client)
    app.config["HUIJU_PAGE_GRACE_SECONDS"] = 0
    _retitle(elsewhere, salon, "Founders breakfast")
    assert "Founders breakfast" in _list(client, "miss")


def test_the_grace_period_counts_from_when_the_page_was_last_known_current(
    client: FlaskClient, salon: Event, elsewhere: sa.Engine, clock: Clock
) -> None:
    _list(client, "miss")
    for _ in range(3):  # served for 12 s, the data unchanged: each hit confirms the page
        clock.now += 4
        _list(client, "hit")
    clock.now += 4
    _retitle(elsewhere, salon, "Founders breakfast")
    assert "Founders salon" in _list(client, "stale")  # current 4 s ago: within 5 s
    assert "Founders breakfast" in _list(client, "hit")
    clock.now += 6
    _retitle(elsewhere, salon, "Founders lunch")
    assert "Founders lunch" in _list(client, "miss")  # current 6 s ago: rendered first


def test_a_busy_worker_reads_the_data_version_after_sending_not_before(
    app: Flask,
    client: FlaskClient,
    salon: Event,
    clock: Clock,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    app.config["HUIJU_EVENTS_VERSION_TTL"] = 10
    reads: list[object] = []
    read = page_cache.VERSION.read
    monkeypatch.setattr(page_cache.VERSION, "read", lambda: reads.append(1) or read())
    versions.forget_all()
    _list(client, "miss")
    assert len(reads) == 1
    clock.now += 6  # past half the reading's 10 s: the response is sent, then it is read
    _list(client, "hit")
    assert len(reads) == 2
    clock.now += 3  # 9 s after the first reading, 3 s after the second: none
    _list(client, "hit")
    assert len(reads) == 2


def test_a_change_made_in_this_process_shows_at_once(client: FlaskClient, salon: Event) -> None:
    assert "Founders salon" in _list(client)
    salon.title_en = "Founders breakfast"
    salon.updated_at = utcnow() + timedelta(seconds=1)
    db.session.commit()
    assert "Founders breakfast" in _list(client, "miss")


def test_an_unchanged_version_is_served_without_rendering(
    client: FlaskClient, salon: Event, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = _list(client)
    renders: list[object] = []
    original = page_cache._render
    monkeypatch.setattr(
        page_cache, "_render", lambda *args: renders.append(args) or original(*args)
    )
    assert _list(client) == first
    assert renders == []
