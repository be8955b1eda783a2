"""The database edge of the graph: rows -> graph values, data version, and the cache."""

from __future__ import annotations

import threading
from datetime import date

from flask import Flask

from core.extensions import db
from graph.cache import cache_for, current_snapshot
from graph.rows import data_version, link_notes, load_rows
from partners.models import Link
from tests.factories import make_partner


def link(a, b, **fields) -> Link:
    row = Link(source_id=a.id, target_id=b.id, kind=fields.pop("kind", "mou"), **fields)
    db.session.add(row)
    db.session.flush()
    return row


def test_rows_from_the_database_build_the_network(app: Flask) -> None:
    a = make_partner(
        "changyang",
        name_en="Changyang Campus",
        name_zh="长阳创谷",
        city_en="Shanghai",
        joined_on=date(2020, 5, 1),
    )
    b = make_partner("slush", region="overseas", country="FI", kind="international")
    c = make_partner("lonely")
    link(a, b, kind="cohost", weight=2.0, since=date(2021, 1, 1))
    link(b, a, kind="mou", weight=1.0)
    db.session.commit()

    snap = current_snapshot()

    g = snap.graph
    assert g.number_of_nodes() == 3 and g.number_of_edges() == 1
    assert g.nodes[a.id]["name_zh"] == "长阳创谷" and g.nodes[a.id]["city"] == "Shanghai"
    assert g.nodes[a.id]["joined_on"] == date(2020, 5, 1)
    assert g.edges[a.id, b.id]["weight"] == 3.0
    assert g.edges[a.id, b.id]["kinds"] == ("cohost", "mou")
    assert g.degree(c.id) == 0


def test_a_link_with_an_unusable_weight_is_left_out_not_fatal(app: Flask) -> None:
    a, b, c = make_partner(), make_partner(), make_partner()
    link(a, b, weight=0.0)
    link(b, c, weight=1.5)
    partners, links = load_rows()
    assert len(partners) == 3
    assert [(edge.source, edge.target) for edge in links] == [(b.id, c.id)]


def test_adding_a_link_changes_the_version_and_rebuilds_the_cache(app: Flask) -> None:
    a, b, c = make_partner(), make_partner(), make_partner()
    link(a, b)
    db.session.commit()
    cache = cache_for(app)

    first = current_snapshot()
    assert current_snapshot() is first  # unchanged data: nothing rebuilt
    assert cache.builds == 1
    version = data_version()

    link(b, c)
    db.session.commit()

    assert data_version() != version
    second = current_snapshot()
    assert second is not first and cache.builds == 2
    assert second.graph.has_edge(b.id, c.id)


def test_editing_a_partner_changes_the_version(app: Flask) -> None:
    a = make_partner()
    db.session.commit()
    version = data_version()
    assert data_version() == version
    a.name_en = "Renamed"
    db.session.commit()
    assert data_version() != version


def test_each_date_window_is_its_own_entry(app: Flask) -> None:
    a, b = make_partner(), make_partner()
    link(a, b, since=date(2019, 1, 1), until=date(2019, 12, 31))
    db.session.commit()
    old = current_snapshot(date(2019, 1, 1), date(2019, 12, 31))
    new = current_snapshot(date(2022, 1, 1), None)
    assert old.graph.number_of_edges() == 1 and new.graph.number_of_edges() == 0
    assert current_snapshot(date(2019, 1, 1), date(2019, 12, 31)) is old


def test_link_notes_in_the_visitors_language(app: Flask) -> None:
    a, b = make_partner(), make_partner()
    link(a, b, note_en="Met at Slush", note_zh="在Slush见面")
    assert link_notes([(b.id, a.id)], "zh") == {(a.id, b.id): ["在Slush见面"]}
    assert link_notes([(a.id, b.id)], "en") == {(a.id, b.id): ["Met at Slush"]}


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

    snap.in_background("answer", slow)
    snap.in_background("answer", slow)  # already under way: not started twice
    threads = [threading.Thread(target=lambda: snap.part("answer", slow)) for _ in range(4)]
    for thread in threads:
        thread.start()
    release.set()
    for thread in threads:
        thread.join()
    assert snap.part("answer", slow) == 42 and len(calls) == 1
