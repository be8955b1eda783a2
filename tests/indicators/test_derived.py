"""Derived indicators measured from known events, links, leads and sync runs in the database."""

from __future__ import annotations

from datetime import UTC, date, datetime

from core.extensions import db
from events.models import EventCluster
from federation.models import SyncRun
from indicators import queries
from indicators.defaults import DEFAULT
from partners.leads.models import Lead
from tests.factories import make_event, make_feed, make_link, make_partner


def _at(day: str) -> datetime:
    return datetime.fromisoformat(day).replace(hour=4, tzinfo=UTC)  # noon in Shanghai


def test_derived_figures_from_events_links_leads_and_syncs(bases) -> None:
    changyang, suzhou = bases["changyang"], bases["suzhou"]
    slush = make_partner("slush", name_en="Slush", name_zh="Slush", region="overseas", country="FI")
    own, theirs, finnish = make_feed(changyang), make_feed(suzhou), make_feed(slush)
    cohosted, international = EventCluster(), EventCluster()
    db.session.add_all([cohosted, international])
    db.session.flush()
    make_event(own, start=_at("2025-03-01"), language="zh")  # held, nothing more
    make_event(own, start=_at("2025-05-01"), language="zh", cluster_id=cohosted.id)
    make_event(theirs, start=_at("2025-05-01"), language="zh", cluster_id=cohosted.id)  # Jiangsu
    make_event(own, start=_at("2025-09-01"), language="zh", cluster_id=international.id)
    make_event(finnish, start=_at("2025-09-01"), language="en", cluster_id=international.id)
    make_event(own, start=_at("2025-10-01"), language="en")  # held in English
    make_event(own, start=_at("2025-11-01"), removed_at=_at("2025-10-20"))  # a tombstone
    make_event(own, start=_at("2024-12-31"))  # another period
    make_event(own, start=datetime(2025, 12, 31, 17, tzinfo=UTC))  # 1 January 2026 in Shanghai

    make_link(changyang, suzhou, since=date(2025, 2, 1))
    make_link(slush, changyang, kind="cohost", since=date(2019, 6, 1))  # international, in force
    make_link(changyang, bases["hefei"], since=date(2024, 6, 1))
    db.session.add_all(
        [
            Lead(
                organization_en="Landed",
                introduced_by_id=changyang.id,
                stage="landed",
                landed_at=_at("2025-06-01"),
            ),
            Lead(organization_en="Signed", introduced_by_id=changyang.id, stage="signed"),
            Lead(
                organization_en="Earlier",
                introduced_by_id=changyang.id,
                stage="landed",
                landed_at=_at("2024-06-01"),
            ),
        ]
    )
    for day, outcome in [
        ("2025-01-02", "ok"),
        ("2025-02-02", "error"),
        ("2025-03-02", "not_modified"),
        ("2025-04-02", "unchanged"),
    ]:
        db.session.add(SyncRun(feed_id=own.id, started_at=_at(day), outcome=outcome))
    db.session.flush()

    values = queries.derived_values(DEFAULT, ["changyang", "suzhou", "hefei"], ["2025", "2025-Q2"])
    mine = {
        code: v
        for (slug, period, code), v in values.items()
        if slug == "changyang" and period == "2025"
    }
    assert mine == {
        "events_held": 4,
        "cross_region_events": 2,  # with Suzhou (Jiangsu) and with Slush (overseas)
        "international_events": 2,  # co-hosted with Slush; held in English
        "new_links": 1,
        "international_links": 1,
        "leads_landed": 1,
        "feed_health": 75.0,
    }
    assert values[("changyang", "2025-Q2", "events_held")] == 1
    assert values[("changyang", "2025-Q2", "feed_health")] == 100.0
    assert values[("suzhou", "2025", "cross_region_events")] == 1
    assert ("suzhou", "2025", "feed_health") not in values  # no sync run: unknown, not 0
    assert values[("hefei", "2025", "new_links")] == 0
