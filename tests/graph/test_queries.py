"""The database edge of the graph: rows -> graph values, the data version, link notes."""

from __future__ import annotations

from datetime import date

from flask import Flask

from core.extensions import db
from graph.cache import current_snapshot
from graph.queries import data_version, link_notes, load_rows
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


def test_editing_a_partner_changes_the_version(app: Flask) -> None:
    a = make_partner()
    db.session.commit()
    version = data_version()
    assert data_version() == version
    a.name_en = "Renamed"
    db.session.commit()
    assert data_version() != version


def test_link_notes_in_the_visitors_language(app: Flask) -> None:
    a, b = make_partner(), make_partner()
    link(a, b, note_en="Met at Slush", note_zh="在Slush见面")
    assert link_notes([(b.id, a.id)], "zh") == {(a.id, b.id): ["在Slush见面"]}
    assert link_notes([(a.id, b.id)], "en") == {(a.id, b.id): ["Met at Slush"]}
