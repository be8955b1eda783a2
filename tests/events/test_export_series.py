"""A partner's series travels as the partner wrote it: one master with its RRULE, EXDATE and
RDATE (normalised), and only the instances that differ from it; what the site does not show
is excluded, and a calendar client expands exactly the occurrences the site lists."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import icalendar
from sqlalchemy import select

from core.db_types import utcnow
from core.extensions import db
from events import export, ical, operations
from events.criteria import EventFilter
from events.models import Event
from federation.operations import upload_feed
from federation.prepare import window
from federation.sync import apply_body
from tests import clients
from tests.calendars import calendar_text, vevent
from tests.factories import make_partner, make_user

# A Friday in Helsinki two weeks from today, 18:00 local (summer or winter time alike).
FIRST = (utcnow() + timedelta(days=14)).date()
START = f"{FIRST:%Y%m%d}T180000"


def _series(*, until: str = "", exdate: bool = True) -> bytes:
    rule = f"FREQ=WEEKLY;UNTIL={until}" if until else "FREQ=WEEKLY;COUNT=8"
    second = f"{FIRST + timedelta(days=7):%Y%m%d}T180000"
    third = f"{FIRST + timedelta(days=14):%Y%m%d}T180000"
    master = vevent(
        "salon@nordic",
        None,
        f"DTSTART;TZID=Europe/Helsinki:{START}",
        f"DTEND;TZID=Europe/Helsinki:{FIRST:%Y%m%d}T200000",
        f"RRULE:{rule}",
        *([f"EXDATE;TZID=Europe/Helsinki:{third}"] if exdate else []),
        summary="Founders salon",
        dtstamp="20260101T000000Z",
    )
    moved = vevent(
        "salon@nordic",
        None,
        f"RECURRENCE-ID;TZID=Europe/Helsinki:{second}",
        f"DTSTART;TZID=Europe/Helsinki:{FIRST + timedelta(days=8):%Y%m%d}T190000",
        f"DTEND;TZID=Europe/Helsinki:{FIRST + timedelta(days=8):%Y%m%d}T210000",
        summary="Founders salon (moved to Saturday)",
        dtstamp="20260101T000000Z",
    )
    return calendar_text(master, moved).encode()


def _synced(body: bytes):
    feed = upload_feed(make_partner("nordic"), "salon.ics")
    db.session.commit()
    result = apply_body(feed, body, charset=None, trigger="upload", now=utcnow())
    assert result.status == "ok", result
    db.session.commit()
    return feed


def _vevents(text: str) -> list[icalendar.Event]:
    return icalendar.Calendar.from_ical(text).walk("VEVENT")


def _listed() -> set:
    query = export.feed_query(EventFilter(when="all"), utcnow())
    return {
        (ical.export_uid(e), e.start_at)
        for e in db.session.scalars(query)
        if not ical.is_cancelled(e)
    }


def _expanded(text: str) -> set:
    start, end = window(utcnow())
    return clients.expanded(text, start, end)


def test_a_synced_series_travels_as_its_partners_rule(client) -> None:
    _synced(_series())
    text = client.get("/feeds/all.ics").get_data(as_text=True)
    events = _vevents(text)
    master = next(e for e in events if "RECURRENCE-ID" not in e)
    assert master["RRULE"].to_ical() == b"FREQ=WEEKLY;COUNT=8"
    assert master["DTSTART"].params["TZID"] == "Europe/Helsinki"
    assert master["DTSTART"].dt.replace(tzinfo=None) == datetime.fromisoformat(START)
    assert master["DURATION"].dt == timedelta(hours=2) and "DTEND" not in master
    assert [e["SUMMARY"] for e in events if "RECURRENCE-ID" in e] == [
        "Founders salon (moved to Saturday)"
    ]  # the other six instances come from the rule, not as copies
    assert len(events) == 2 and "RDATE" not in master
    assert _expanded(text) == _listed() and len(_listed()) == 7
    # The whole series is one resource a CalDAV server accepts.
    assert clients.radicale_check_refusals(text) == (1, {})


def test_instances_the_site_does_not_show_are_excluded_and_corrected_ones_travel(client) -> None:
    _synced(_series())
    staff = make_user(role="staff")
    rows = db.session.scalars(
        select(Event).where(Event.series_rule != "").order_by(Event.start_at)
    ).all()
    hidden, corrected = rows[1], rows[3]
    operations.hide(hidden, "double-booked room", utcnow())
    operations.set_override(corrected, "title_en", "Founders salon: Slush special", staff, utcnow())
    db.session.commit()
    text = client.get("/feeds/all.ics").get_data(as_text=True)
    events = _vevents(text)
    master = next(e for e in events if "RECURRENCE-ID" not in e)
    excluded = {d.dt for line in master.get("EXDATE", []) for d in line.dts}
    assert hidden.start_at in {d.astimezone(UTC) for d in excluded}
    overrides = {str(e["SUMMARY"]) for e in events if "RECURRENCE-ID" in e}
    assert overrides == {"Founders salon (moved to Saturday)", "Founders salon: Slush special"}
    assert _expanded(text) == _listed() and len(_listed()) == 6


def test_add_to_calendar_gives_the_whole_series_with_its_rule(client) -> None:
    _synced(_series())
    member = db.session.scalars(
        select(Event).where(Event.series_rule != "").order_by(Event.start_at.desc())
    ).first()
    text = client.get(f"/en/events/{member.id}.ics").get_data(as_text=True)
    events = _vevents(text)
    assert {e["UID"] for e in events} == {ical.export_uid(member)}
    assert [e["RRULE"].to_ical() for e in events if "RRULE" in e] == [b"FREQ=WEEKLY;COUNT=8"]
    assert len(events) == 2  # the master and the moved instance


def test_a_rule_changed_beyond_the_window_is_exported_changed(client) -> None:
    """The partner moves the end of a weekly series from 2040 to 2045: no listed date changes,
    the rule subscribers receive does."""
    feed = _synced(_series(until="20400101T000000Z", exdate=False))
    before = client.get("/feeds/all.ics").get_data(as_text=True)
    assert "RRULE:FREQ=WEEKLY;UNTIL=20400101T000000Z" in before
    listed = _listed()
    result = apply_body(
        feed,
        _series(until="20450101T000000Z", exdate=False),
        charset=None,
        trigger="upload",
        now=utcnow(),
    )
    db.session.commit()
    assert result.status == "ok"
    after = client.get("/feeds/all.ics").get_data(as_text=True)
    assert "RRULE:FREQ=WEEKLY;UNTIL=20450101T000000Z" in after
    assert _listed() == listed


def test_a_series_the_partner_removed_is_exported_cancelled_with_its_rule(client) -> None:
    feed = _synced(_series())
    other = vevent("other@nordic", utcnow() + timedelta(days=3), summary="Demo day")
    apply_body(feed, calendar_text(other).encode(), charset=None, trigger="upload", now=utcnow())
    db.session.commit()
    events = _vevents(client.get("/feeds/all.ics").get_data(as_text=True))
    salon = [e for e in events if str(e["UID"]).startswith("salon@nordic")]
    assert len(salon) == 1 and salon[0]["STATUS"] == "CANCELLED" and "RRULE" in salon[0]
