"""Clusters of different partners' listings become automatic co-host links."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from core.extensions import db
from events import clusters
from events.models import Event, EventCluster
from partners.models import Link
from tests.factories import make_event, make_feed, make_partner

START = datetime.now(UTC).replace(microsecond=0) + timedelta(days=10)


def _slush_in_two_feeds():
    slush, gew = make_partner("slush"), make_partner("gew-china")
    a = make_event(
        make_feed(slush),
        start=START,
        title_en="Slush Shanghai 2026",
        url="https://slush.org/shanghai",
    )
    b = make_event(
        make_feed(gew),
        start=START + timedelta(hours=1),
        title_en="Slush Shanghai",
        title_zh="Slush 上海国际创投大会",
        description_zh="两天的创投大会",
    )
    return slush, gew, a, b


def test_cluster_and_cohost_link(app) -> None:
    slush, gew, a, b = _slush_in_two_feeds()
    clusters.recluster()
    cluster = db.session.get(EventCluster, a.cluster_id)
    assert cluster is not None and b.cluster_id == cluster.id
    assert cluster.canonical_id == b.id  # the fuller, bilingual listing
    link = db.session.scalar(select(Link).where(Link.kind == "cohost"))
    assert {link.source_id, link.target_id} == {slush.id, gew.id}
    assert link.automatic and link.weight == 1 and link.evidence_event_id == b.id
    assert link.since == (START + timedelta(hours=8)).date()


def test_manual_links_are_never_touched(app) -> None:
    slush, gew, a, b = _slush_in_two_feeds()
    manual = Link(source_id=slush.id, target_id=gew.id, kind="cohost", weight=5, note_en="MoU")
    db.session.add(manual)
    db.session.flush()
    clusters.recluster()
    db.session.refresh(manual)
    assert manual.weight == 5 and not manual.automatic and manual.evidence_event_id is None
    assert len(db.session.scalars(select(Link).where(Link.automatic.is_(True))).all()) == 1


def test_link_removed_when_cluster_goes(app) -> None:
    _slush, _gew, a, b = _slush_in_two_feeds()
    clusters.recluster()
    b.title_en, b.title_zh = "Hardware bootcamp", "硬件训练营"
    db.session.flush()
    clusters.recluster()
    assert db.session.get(Event, a.id).cluster_id is None
    assert db.session.scalars(select(Link)).all() == []
