"""Hostile calendars of issue 12 against harmless ones of the same size, same run.

    python bench/hostile.py [--quick]

For each hostile file: the CPU seconds of ``federation.prepare.prepare`` (the sync's pure
middle, where the bombs went off), the same for a harmless calendar of about the same size
(see :func:`harmless`), and ``icalendar.Calendar.from_ical`` of the
hostile bytes (the raw library reading them). Goal: hostile ÷ harmless about 1 or below, and
every hostile series refused or capped with a reason (printed). ``--quick`` leaves the
multi-megabyte floods at a tenth of their size.
"""

from __future__ import annotations

import argparse
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from icalendar import Calendar

from federation.prepare import prepare

NOW = datetime(2026, 11, 28, 9, tzinfo=UTC)
HEAD = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Huiju//bench//EN\r\n"
TAIL = "END:VCALENDAR\r\n"


def numbers(values: range) -> str:
    return ",".join(map(str, values))


def event(uid: str, start: str, *lines: str) -> str:
    body = [f"UID:{uid}", "DTSTAMP:20260101T000000Z", f"DTSTART:{start}", "SUMMARY:x", *lines]
    return "BEGIN:VEVENT\r\n" + "".join(f"{line}\r\n" for line in body) + "END:VEVENT\r\n"


def one(uid: str, start: str, *lines: str) -> bytes:
    return (HEAD + event(uid, start, *lines) + TAIL).encode()


SECONDS = f"BYHOUR={numbers(range(24))};BYMINUTE={numbers(range(60))};BYSECOND={numbers(range(60))}"
EVERY_DAY = f"BYMONTH={numbers(range(1, 13))};BYMONTHDAY={numbers(range(1, 32))}"
FIVE = f"BYHOUR={numbers(range(24))};BYMINUTE={numbers(range(0, 60, 5))}"


def flood(kind: str, count: int, rule: str | None) -> bytes:
    first = datetime(2026, 1, 1, tzinfo=UTC)
    lines = [f"{kind}:{first + timedelta(minutes=i):%Y%m%dT%H%M%SZ}" for i in range(count)]
    return one("flood", "20260101T000000Z", *([rule] if rule else []), *lines)


def hostile(scale: int) -> dict[str, bytes]:
    yearly = "RRULE:FREQ=YEARLY;"
    return {
        "each second of Jan 1, from 2026": one(
            "b", "20260101T000000Z", yearly + f"BYMONTH=1;BYMONTHDAY=1;{SECONDS}"
        ),
        "each second of Jan 1, from 1900": one(
            "b", "19000101T000000Z", yearly + f"BYMONTH=1;BYMONTHDAY=1;{SECONDS}"
        ),
        "each second of every day": one("b", "20260101T000000Z", yearly + f"{EVERY_DAY};{SECONDS}"),
        "every 5 min of every day, 2026": one(
            "b", "20261201T000000Z", yearly + f"{EVERY_DAY};{FIVE}"
        ),
        "every 5 min of every day, 1900": one(
            "b", "19000101T000000Z", yearly + f"{EVERY_DAY};{FIVE}"
        ),
        f"{100_000 // scale:,} RDATE lines": flood("RDATE", 100_000 // scale, None),
        f"{200_000 // scale:,} EXDATE lines": flood("EXDATE", 200_000 // scale, "RRULE:FREQ=DAILY"),
    }


def harmless(size: int) -> bytes:
    """A calendar of the same kind and about ``size`` bytes: under 10 kB one daily series
    (cut at the cap of 500 like the rule bombs, its text padded); else plain events, one in
    ten a weekly series, like the floods' megabytes."""
    if size < 10_000:
        daily = one("d", "20260101T090000Z", "RRULE:FREQ=DAILY;BYHOUR=9", "DESCRIPTION:")
        return daily.replace(b"DESCRIPTION:", b"DESCRIPTION:" + b"x" * max(0, size - len(daily)))
    events, total, n = [], len(HEAD) + len(TAIL), 0
    while not events or total < size:
        start = datetime(2027, 1, 1, 9, tzinfo=UTC) + timedelta(hours=n)
        rule = ["RRULE:FREQ=WEEKLY;COUNT=8"] if n % 10 == 0 else []
        text = event(f"h{n}", f"{start:%Y%m%dT%H%M%SZ}", *rule, "LOCATION:KIC Plaza, Yangpu")
        events.append(text)
        total, n = total + len(text), n + 1
    return (HEAD + "".join(events) + TAIL).encode()


def cpu(work, runs: int) -> float:
    best = float("inf")
    for _ in range(runs):
        started = time.process_time()
        work()
        best = min(best, time.process_time() - started)
    return best


def prepared(body: bytes):
    return prepare(
        body,
        charset=None,
        stored={},
        stored_context=None,
        language="en",
        default_tz="Asia/Shanghai",
        now=NOW,
    )


def answer(body: bytes) -> str:
    """What the sync makes of the hostile series: its skip reason, or count and notes."""
    outcome = prepared(body).outcomes[0]
    if outcome.skip is not None:
        return f"refused: {outcome.skip.reason[:110]}"
    notes = outcome.occurrences[0].notes if outcome.occurrences else ()
    return f"{len(outcome.occurrences)} kept; " + "; ".join(notes)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="floods at a tenth of their size")
    scale = 10 if parser.parse_args().quick else 1
    print(
        f"{'hostile file':34} {'bytes':>10} {'hostile s':>10} {'harmless s':>11} "
        f"{'ratio':>6} {'icalendar s':>12}"
    )
    for name, body in hostile(scale).items():
        runs = 3 if len(body) < 100_000 else 1
        mine = cpu(lambda body=body: prepared(body), runs)
        same = harmless(len(body))
        theirs = cpu(lambda same=same: prepared(same), runs)
        raw = cpu(lambda body=body: Calendar.from_ical(body), runs)
        print(
            f"{name:34} {len(body):>10,} {mine:>10.3f} {theirs:>11.3f} "
            f"{mine / theirs:>6.2f} {raw:>12.3f}"
        )
        print(f"    {answer(body)}")


if __name__ == "__main__":
    main()
