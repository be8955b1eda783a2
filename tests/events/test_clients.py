"""The demo export read by calendar software we did not write (tests/clients.py): Radicale
stores every UID and the whole feed, vobject, icalendar and ``ical`` agree on every zoned
time, recurring-ical-events and khal find the occurrences the site lists."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from core.db_types import utcnow
from core.extensions import db
from events import export, ical
from events.criteria import EventFilter
from federation.prepare import window
from tests import clients
from tests.corpus import CORPUS
from tests.factories import make_partner

YEARS = (datetime(2025, 1, 1, tzinfo=UTC), datetime(2029, 1, 1, tzinfo=UTC))


def _inner(keys: set[tuple[str, object]], start: datetime, end: datetime) -> set:
    """The keys a day away from both ends: an all-day event on the window's first or last day
    is inside it for a reader comparing dates, outside for the site comparing instants."""
    low, high = start + timedelta(days=1), end - timedelta(days=1)
    return {
        (uid, when)
        for uid, when in keys
        if (low <= when < high if isinstance(when, datetime) else low.date() <= when < high.date())
    }


def _listed(start: datetime, end: datetime) -> list:
    """The occurrences the site lists in [start, end): shown, not cancelled."""
    query = export.feed_query(EventFilter(when="all"), utcnow())
    return [
        event
        for event in db.session.scalars(query)
        if not ical.is_cancelled(event) and start <= event.start_at < end
    ]


def _uid(block: str) -> str:
    return block.split("\r\nUID:", 1)[1].split("\r\n", 1)[0]


def _key(event) -> tuple[str, object]:
    if event.all_day and event.start_date:
        return ical.export_uid(event), event.start_date
    return ical.export_uid(event), event.start_at


def _day(event) -> date:
    return event.start_date if event.all_day and event.start_date else event.start_at.date()


def _khal_key(event) -> tuple[str, str]:
    if event.all_day and event.start_date:
        return ical.export_uid(event), event.start_date.isoformat()
    return ical.export_uid(event), f"{event.start_at.astimezone(UTC):%Y-%m-%dT%H:%M}"


def test_calendar_clients_read_the_demo_export_whole(
    app, runner, client, unused_origin, tmp_path
) -> None:
    if db.engine.dialect.name != "sqlite":
        pytest.skip("the export's text is the same on both databases (tests/events/test_export)")
    app.config["HUIJU_PUBLIC_URL"] = unused_origin
    assert runner.invoke(args=["demo"]).exit_code == 0
    text = client.get("/feeds/all.ics").get_data(as_text=True)

    server = clients.radicale(tmp_path / "radicale")
    uids, refused = clients.radicale_refusals(server, "demo", text)
    assert uids >= 100 and refused == {}
    assert clients.radicale_collection(server, "whole", text) == 201

    instants = clients.zoned_instants(text)
    assert len(instants["same"]) >= 150 and instants["different"] == []
    # Every recurring demo series travels as its partner's rule, not as a list of dates.
    blocks = text.split("BEGIN:VEVENT")[1:]
    series = {_uid(block) for block in blocks if "\r\nRECURRENCE-ID" in block}
    masters = [block for block in blocks if "\r\nRECURRENCE-ID" not in block]
    ruled = {_uid(block) for block in masters if "\r\nRRULE:" in block}
    assert len(ruled) >= 4 and series <= ruled

    # 2025–2028 as far as the site keeps occurrences (the sync window).
    start, end = max(window(utcnow())[0], YEARS[0]), min(window(utcnow())[1], YEARS[1])
    listed = _listed(start, end)
    found = _inner(clients.expanded(text, start, end), start, end)
    assert found == _inner({_key(e) for e in listed}, start, end)

    # khal re-reads the whole feed once per UID it imports and lists day by day: a sample of
    # resources (every series, every zone, all-day and zero-length events) over 10 weeks.
    first, last = utcnow().date() - timedelta(days=14), utcnow().date() + timedelta(days=56)
    sample = clients.sample(
        text, 30, {ical.export_uid(e) for e in listed if first <= _day(e) < last}
    )
    khal = clients.khal_listing(tmp_path / "khal", sample, first, last)
    in_range = {k for k in khal if first.isoformat() <= k[1][:10] < last.isoformat()}
    sampled = {k[0] for k in in_range}
    expected = {
        _khal_key(e)
        for e in listed
        if ical.export_uid(e) in clients.resources(sample) and first <= _day(e) < last
    }
    assert in_range == expected and len(sampled) >= 10
    print(
        f"demo export: Radicale accepted {uids} of {uids} UIDs and the whole feed; "
        f"{len(instants['same'])} zoned times read alike by icalendar, vobject and ical; "
        f"{len(found)} occurrences by recurring-ical-events, as listed; "
        f"{len(in_range)} occurrences of {len(sampled)} UIDs by khal, as listed"
    )


@pytest.mark.slow
@pytest.mark.corpus
def test_calendar_clients_read_the_corpus_re_export(app, runner, client) -> None:
    """The 60 real-world files imported and exported again: every UID passes Radicale's
    checks, every zoned time reads alike in three readers, and the partners' rules travel as
    rules (the series whose rule cannot, listed by their dates, expand alike too). (The demo
    test above PUTs for real.)"""
    if db.engine.dialect.name != "sqlite":
        pytest.skip("the export's text is the same on both databases (tests/events/test_export)")
    make_partner("corpus-partner")
    db.session.commit()
    files = sorted(CORPUS.glob("*.ics"))
    runner.invoke(args=["feeds", "import", "corpus-partner", *map(str, files)])
    text = client.get("/feeds/partners/corpus-partner.ics").get_data(as_text=True)
    uids, refused = clients.radicale_check_refusals(text)
    assert uids >= 500 and refused == {}
    instants = clients.zoned_instants(text)
    assert len(instants["same"]) >= 4_000 and instants["different"] == []
    rules = sum("\r\nRRULE:" in block for block in text.split("BEGIN:VEVENT")[1:])
    assert rules >= 85  # of the corpus's 97 recurring masters; the others list their dates
    start, end = max(window(utcnow())[0], YEARS[0]), min(window(utcnow())[1], YEARS[1])
    listed = _listed(start, end)
    found = _inner(clients.expanded(text, start, end), start, end)
    assert found == _inner({_key(e) for e in listed}, start, end)
    print(
        f"corpus re-export: Radicale's checks passed {uids} of {uids} UIDs; "
        f"{text.count('BEGIN:VEVENT')} VEVENTs, {rules} of them masters with the partner's "
        f"RRULE; {len(instants['same'])} zoned times read alike; "
        f"{len(found)} occurrences as listed"
    )
