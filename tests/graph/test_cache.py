"""The graph cache: one snapshot per data version and date window, each part computed once."""

from __future__ import annotations

import threading
from datetime import date

from flask import Flask

from core.extensions import db
from graph.cache import cache_for, current_snapshot
from graph.queries import data_version
from tests.factories import make_link, make_partner


def test_adding_a_link_changes_the_version_and_rebuilds_the_cache(app: Flask) -> None:
    a, b, c = make_partner(), make_partner(), make_partner()
    make_link(a, b)
    db.session.commit()
    cache = cache_for(app)

    first = current_snapshot()
    assert current_snapshot() is first  # unchanged data: nothing rebuilt
    assert cache.builds == 1
    version = data_version()

    make_link(b, c)
    db.session.commit()

    assert data_version() != version
    second = current_snapshot()
    assert second is not first and cache.builds == 2
    assert second.graph.has_edge(b.id, c.id)


def test_each_date_window_is_its_own_entry(app: Flask) -> None:
    a, b = make_partner(), make_partner()
    make_link(a, b, since=date(2019, 1, 1), until=date(2019, 12, 31))
    db.session.commit()
    old = current_snapshot(date(2019, 1, 1), date(2019, 12, 31))
    new = current_snapshot(date(2022, 1, 1), None)
    assert old.graph.number_of_edges() == 1 and new.graph.number_of_edges() == 0
    assert current_snapshot(date(2019, 1, 1), date(2019, 12, 31)) is old


def test_a_part_is_computed_once_however_many_threads_ask(app: Flask) -> None:
    make_partner()
    db.session.commit()
    snap = current_snapshot()
    calls: list[int] = []
    release = threading.Event()

    def slow(_snap) -> int:
        calls.append(1)
        release.wait()
        return 42

    threads = [threading.Thread(target=lambda: snap.part("answer", slow)) for _ in range(4)]
    for thread in threads:
        thread.start()
    release.set()
    for thread in threads:
        thread.join()
    assert snap.part("answer", slow) == 42 and len(calls) == 1
