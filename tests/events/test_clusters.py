"""Duplicates are shown once; staff decisions survive a re-sync that recreates the rows."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from core.extensions import db
from events import clusters
from events.models import EventCluster
from tests.events.factories import make_event, make_feed
from tests.factories import login, make_partner, make_user

START = datetime.now(UTC).replace(microsecond=0) + timedelta(days=10)


def test_list_shows_a_cluster_once_with_also_listed_by(client, app) -> None:  # noqa: ANN001
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


def test_split_decision_survives_recreated_rows(client, app) -> None:  # noqa: ANN001
    staff = make_user(role="staff")
    fa, fb = make_feed(), make_feed()
    a = make_event(fa, start=START, title_en="Demo day", uid="demo@a")
    b = make_event(fb, start=START, title_en="Demo day", uid="demo@b")
    clusters.recluster()
    assert a.cluster_id and a.cluster_id == b.cluster_id
    db.session.commit()
    login(client, staff)
    response = client.post("/en/staff/duplicates", data={"a": a.id, "b": b.id,
                                                         "decision": "split"})
    assert response.status_code in (302, 303)
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


def test_merge_decision_joins_an_uncertain_pair(client, app) -> None:  # noqa: ANN001
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


def test_review_page_is_for_staff_only(client, app) -> None:  # noqa: ANN001
    assert client.get("/en/staff/duplicates").status_code in (302, 401)
