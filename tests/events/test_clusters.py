"""Duplicates are shown once; staff decisions survive a re-sync that recreates the rows."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from core.extensions import db
from events import clusters
from events.models import EventCluster
from tests.factories import login, make_event, make_feed, make_partner, make_user

START = datetime.now(UTC).replace(microsecond=0) + timedelta(days=10)


def test_list_shows_a_cluster_once_with_also_listed_by(client, app) -> None:
    slush_feed = make_feed(make_partner("slush", name_en="Slush"))
    gew_feed = make_feed(make_partner("gew", name_en="GEW China"))
    a = make_event(slush_feed, start=START, title_en="Slush Shanghai 2026")
    b = make_event(gew_feed, start=START, title_en="Slush Shanghai", description_en="Longer")
    clusters.recluster({slush_feed.partner_id})
    db.session.commit()
    html = client.get("/en/events").get_data(as_text=True)
    assert html.count("Slush Shanghai") == 1
    detail = client.get(f"/en/events/{b.id}").get_data(as_text=True)
    assert "Also listed by" in detail and "Slush" in detail
    assert a.cluster_id == b.cluster_id


def test_split_decision_survives_recreated_rows(client, app) -> None:
    staff = make_user(role="staff")
    fa, fb = make_feed(), make_feed()
    a = make_event(fa, start=START, title_en="Demo day", uid="demo@a")
    b = make_event(fb, start=START, title_en="Demo day", uid="demo@b")
    clusters.recluster()
    assert a.cluster_id and a.cluster_id == b.cluster_id
    db.session.commit()
    login(client, staff)
    response = client.post("/en/staff/duplicates", data={"a": a.id, "b": b.id, "decision": "split"})
    assert response.status_code == 303  # see other: back to the review page
    db.session.expire_all()
    assert a.cluster_id is None and b.cluster_id is None
    # A re-sync deletes and recreates the rows: the decision is keyed by (feed, uid).
    db.session.delete(a)
    db.session.delete(b)
    db.session.flush()
    a2 = make_event(fa, start=START, title_en="Demo day", uid="demo@a")
    b2 = make_event(fb, start=START, title_en="Demo day", uid="demo@b")
    clusters.recluster({fa.partner_id})
    assert a2.cluster_id is None and b2.cluster_id is None


def test_merge_decision_joins_an_uncertain_pair(client, app) -> None:
    staff = make_user(role="staff")
    a = make_event(make_feed(), start=START, title_en="Smart hardware demo day Yangpu")
    b = make_event(make_feed(), start=START, title_en="Smart hardware demo")
    clusters.recluster()
    assert a.cluster_id is None
    db.session.commit()
    login(client, staff)
    page = client.get("/en/staff/duplicates").get_data(as_text=True)
    assert "Smart hardware demo day Yangpu" in page
    client.post("/en/staff/duplicates", data={"a": a.id, "b": b.id, "decision": "merged"})
    db.session.expire_all()
    assert a.cluster_id and a.cluster_id == b.cluster_id
    assert db.session.get(EventCluster, a.cluster_id).decision == "merged"


def test_review_page_is_for_staff_only(client, app) -> None:
    response = client.get("/en/staff/duplicates")
    assert response.status_code == 302 and "/en/login?next=" in response.headers["Location"]


def _cohost_links():
    from sqlalchemy import select

    from partners.models import Link

    return db.session.scalars(select(Link).where(Link.kind == "cohost")).all()


def test_sync_hook_clusters_only_around_changed_events(app) -> None:
    fa, fb = make_feed(make_partner("kic")), make_feed(make_partner("innospace"))
    a = make_event(fa, start=START, title_en="Fintech salon")
    b = make_event(fb, start=START + timedelta(hours=1), title_en="Fintech salon")
    clusters.recluster_events([b.id])
    assert a.cluster_id and a.cluster_id == b.cluster_id
    assert [{link.source_id, link.target_id} for link in _cohost_links()] == [
        {fa.partner_id, fb.partner_id}
    ]
    b.start_at, b.end_at = START + timedelta(days=3), START + timedelta(days=3, hours=2)
    db.session.flush()
    clusters.recluster_events([b.id])  # moved to another day: the old cluster goes
    assert a.cluster_id is None and b.cluster_id is None
    assert db.session.scalars(select(EventCluster)).all() == [] and _cohost_links() == []


def test_tombstoned_listing_leaves_its_cluster(app) -> None:
    a = make_event(make_feed(), start=START, title_en="Biomedicine forum")
    b = make_event(make_feed(), start=START, title_en="Biomedicine forum")
    clusters.recluster_events([a.id])
    assert a.cluster_id and a.cluster_id == b.cluster_id
    b.removed_at, b.status = START, "cancelled"
    db.session.flush()
    clusters.recluster_events([b.id])
    assert a.cluster_id is None and b.cluster_id is None and _cohost_links() == []


def test_links_of_partners_not_involved_are_left_alone(app) -> None:
    c = make_event(make_feed(), start=START + timedelta(days=20), title_en="IC design meetup")
    d = make_event(make_feed(), start=START + timedelta(days=20), title_en="IC design meetup")
    clusters.recluster()
    (link,) = _cohost_links()
    a = make_event(make_feed(), start=START, title_en="Demo day")
    b = make_event(make_feed(), start=START, title_en="Demo day")
    clusters.recluster_events([a.id, b.id])
    assert len(_cohost_links()) == 2 and link in _cohost_links()
    assert c.cluster_id == d.cluster_id and c.cluster_id != a.cluster_id


def test_first_import_over_many_scattered_days(app) -> None:
    other, imported = make_feed(), make_feed()
    days = [START + timedelta(days=5 * n) for n in range(40)]  # 40 runs of days: 3 queries
    listed = [
        make_event(other, start=day, title_en=f"Roadshow stop {n}")
        for n, day in enumerate(days)
        if n % 3 == 0
    ]
    new = [
        make_event(imported, start=day + timedelta(hours=1), title_en=f"Roadshow stop {n}")
        for n, day in enumerate(days)
    ]
    clusters.recluster_events([e.id for e in new])
    paired = [e for n, e in enumerate(new) if n % 3 == 0]
    assert all(e.cluster_id for e in paired) and all(e.cluster_id for e in listed)
    assert {e.cluster_id for e in paired} == {e.cluster_id for e in listed}
    assert len({e.cluster_id for e in paired}) == len(paired)
    assert not any(e.cluster_id for n, e in enumerate(new) if n % 3)
