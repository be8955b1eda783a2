"""Calendar software we did not write, reading our exports: Radicale (CalDAV, in-process WSGI),
icalendar, vobject, ``ical``, recurring-ical-events and khal (a subprocess).

Each helper takes an exported calendar's text and returns what the client made of it, so a
test compares it with what the site lists.
"""

from __future__ import annotations

import subprocess
import sys
from collections import defaultdict
from datetime import UTC, date, datetime
from pathlib import Path

import icalendar
import recurring_ical_events
import vobject
from ical.calendar_stream import IcsCalendarStream
from radicale import Application
from radicale import config as radicale_config
from radicale import item as radicale_item
from werkzeug.test import Client

AUTH = {"Authorization": "Basic aHVpanU6eA=="}  # huiju:x; Radicale's "none" auth takes any
ICS = {"Content-Type": "text/calendar; charset=utf-8"}
ZONED = ("DTSTART", "DTEND", "RECURRENCE-ID")


def radicale(folder: Path) -> Client:
    """A Radicale server in this process, storing under ``folder``."""
    configuration = radicale_config.load()
    configuration.update(
        {
            "auth": {"type": "none"},
            "rights": {"type": "authenticated"},
            "storage": {"filesystem_folder": str(folder), "_filesystem_fsync": "False"},
        },
        "test",
        privileged=True,
    )
    return Client(Application(configuration))


def resources(text: str) -> dict[str, str]:
    """One calendar per UID (its VEVENTs and the VTIMEZONEs of the whole feed), as a CalDAV
    client stores a subscribed feed: every UID a resource of its own."""
    head, _, rest = text.partition("BEGIN:VEVENT")
    zones = _zones(head)
    head = head[: head.find("BEGIN:VTIMEZONE")] if zones else head
    blocks: dict[str, list[str]] = defaultdict(list)
    for block in ("BEGIN:VEVENT" + rest).split("BEGIN:VEVENT")[1:]:
        block = "BEGIN:VEVENT" + block.split("END:VCALENDAR")[0]
        unfolded = block.replace("\r\n ", "").replace("\r\n\t", "")
        uid = next(line for line in unfolded.split("\r\n") if line.startswith("UID:"))[4:]
        blocks[uid].append(block)
    return {
        uid: head
        + "".join(z for tzid, z in zones.items() if _uses(b, tzid))
        + "".join(b)
        + "END:VCALENDAR\r\n"
        for uid, b in blocks.items()
    }


def sample(text: str, count: int, among: set[str]) -> str:
    """A calendar of ``count`` of ``text``'s UIDs ``among`` these: every series first (they
    carry RDATE), then one per zone, then the rest in order."""
    found = {uid: body for uid, body in resources(text).items() if uid in among}
    head, _, _ = text.partition("BEGIN:VEVENT")
    zones = _zones(head)
    head = head[: head.find("BEGIN:VTIMEZONE")] if zones else head
    series = [uid for uid, body in found.items() if "RDATE" in body]
    zoned = {tzid: uid for uid, body in found.items() for tzid in zones if _uses([body], tzid)}
    chosen = list(dict.fromkeys([*series, *zoned.values(), *found]))[:count]
    blocks = ["BEGIN:VEVENT" + b for uid in chosen for b in _blocks_of(found[uid])]
    used = "".join(z for tzid, z in zones.items() if _uses(blocks, tzid))
    return head + used + "".join(blocks) + "END:VCALENDAR\r\n"


def _blocks_of(resource: str) -> list[str]:
    body = resource.split("END:VCALENDAR")[0]
    return [block for block in body.split("BEGIN:VEVENT")[1:]]


def _zones(head: str) -> dict[str, str]:
    """The VTIMEZONE blocks of a feed's head, by TZID."""
    found = {}
    for block in head.split("BEGIN:VTIMEZONE")[1:]:
        block = "BEGIN:VTIMEZONE" + block
        tzid = block.split("TZID:", 1)[1].split("\r\n", 1)[0]
        found[tzid] = block
    return found


def _uses(blocks: list[str], tzid: str) -> bool:
    return any(f"TZID={tzid}:" in block or f'TZID="{tzid}":' in block for block in blocks)


def radicale_refusals(server: Client, name: str, text: str) -> tuple[int, dict[str, str]]:
    """PUT every UID of ``text`` as a resource of collections ``name-…``; the number of UIDs,
    and those refused with Radicale's answer. (Radicale compares each new resource's UID with
    every one in its collection: a collection per 40 keeps that from growing quadratically.)"""
    refused = {}
    found = resources(text)
    for n, (uid, body) in enumerate(found.items()):
        collection = f"/huiju/{name}-{n // 40}/"
        if n % 40 == 0:
            made = server.open(collection, method="MKCALENDAR", headers=AUTH)
            assert made.status_code == 201, made.get_data(as_text=True)
        answer = server.put(f"{collection}{n}.ics", data=body.encode(), headers={**AUTH, **ICS})
        if answer.status_code != 201:
            refused[uid] = f"{answer.status_code} {answer.get_data(as_text=True)[:200]}"
    return len(found), refused


def radicale_check_refusals(text: str) -> tuple[int, dict[str, str]]:
    """Every UID of ``text`` through the checks Radicale's PUT makes of a resource
    (``radicale.item.check_and_sanitize_items``), without its storage: for a feed too large to
    PUT resource by resource within a test's time. The number of UIDs, and those refused."""
    limit = radicale_config.load().get("server", "max_vevent_rrule_occurrence")
    refused = {}
    found = resources(text)
    for uid, body in found.items():
        try:
            radicale_item.check_and_sanitize_items(
                radicale_item.read_components(body),
                max_vevent_rrule_occurrence=limit,
                is_collection=False,
                tag="VCALENDAR",
            )
        except ValueError as error:
            refused[uid] = str(error)[:200]
    return len(found), refused


def radicale_collection(server: Client, name: str, text: str) -> int:
    """PUT the whole feed as one collection (Radicale splits it by UID); the HTTP status."""
    return server.put(f"/huiju/{name}/", data=text.encode(), headers={**AUTH, **ICS}).status_code


def _utc(value: date | datetime) -> date | datetime:
    return value.astimezone(UTC) if isinstance(value, datetime) else value


def zoned_instants(text: str) -> dict[str, list[tuple[str, str, object, list[object]]]]:
    """Every DTSTART/DTEND/RECURRENCE-ID written with a TZID, read as UTC by icalendar and by
    vobject and ``ical`` (VEVENT by VEVENT, in the order written): ``{"same": [...],
    "different": [...]}``."""
    ours = icalendar.Calendar.from_ical(text).walk("VEVENT")
    theirs = vobject.readOne(text).vevent_list
    strict = IcsCalendarStream.calendar_from_ics(text).events
    assert len(ours) == len(theirs) == len(strict)
    found: dict[str, list] = {"same": [], "different": []}
    for event, other, third in zip(ours, theirs, strict, strict=True):
        for name in ZONED:
            if name not in event or "TZID" not in event[name].params:
                continue
            value = _utc(event[name].dt)
            seen = [_utc(other.contents[name.lower()][0].value)]
            if name != "RECURRENCE-ID":
                seen.append(_utc(getattr(third, name.lower())))
            verdict = "same" if all(v == value for v in seen) else "different"
            found[verdict].append((str(event["UID"]), name, value, seen))
    return found


def expanded(text: str, start: datetime, end: datetime) -> set[tuple[str, date | datetime]]:
    """(UID, UTC start, or the date of an all-day one) of every occurrence
    recurring-ical-events finds in [start, end), cancelled ones left out."""
    calendar = icalendar.Calendar.from_ical(text)
    return {
        (str(e["UID"]), _utc(e["DTSTART"].dt))
        for e in recurring_ical_events.of(calendar).between(start, end)
        if str(e.get("STATUS", "")) != "CANCELLED"
    }


def khal_listing(folder: Path, text: str, start: date, end: date) -> set[tuple[str, str]]:
    """Import ``text`` with ``khal import --batch`` and list it back in UTC: (UID, start as
    ``YYYY-MM-DDTHH:MM``, or ``YYYY-MM-DD`` for all-day events), cancelled ones left out."""
    config = folder / "khal.conf"
    calendar = folder / "calendar"
    calendar.mkdir(parents=True, exist_ok=True)
    config.write_text(
        f"[calendars]\n[[huiju]]\npath = {calendar}\ntype = calendar\n"
        "[locale]\ntimeformat = %H:%M\ndateformat = %Y-%m-%d\nlongdateformat = %Y-%m-%d\n"
        "datetimeformat = %Y-%m-%dT%H:%M\nlongdatetimeformat = %Y-%m-%dT%H:%M\n"
        "local_timezone = UTC\ndefault_timezone = UTC\n"
        f"[sqlite]\npath = {folder / 'khal.db'}\n"
    )
    feed = folder / "feed.ics"
    feed.write_text(text, encoding="utf-8")
    khal = [sys.executable, "-m", "khal", "-c", str(config)]
    subprocess.run([*khal, "import", "--batch", str(feed)], check=True, capture_output=True)
    listed = subprocess.run(
        [
            *khal,
            "list",
            "--day-format",
            "",
            "--format",
            "{cancelled}|{uid}|{start-long}",
            str(start),
            str(end),
        ],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    rows = [line.split("|") for line in listed.splitlines() if line.count("|") == 2]
    return {(uid, start) for cancelled, uid, start in rows if not cancelled}
