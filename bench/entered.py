"""Entered-events benchmark: what a partner contact waits for after saving one event, and a
spreadsheet import, against bare icalendar doing the same parse in the same run.

    python bench/entered.py [--events 1000]

Prints, each measured in this run:
  * one event edited and its partner's calendar of N events published ÷
    ``icalendar.Calendar.from_ical`` of that calendar (goal < 0.5: only the edited event is
    re-read and every other block is stored text)
  * an N-row spreadsheet imported and published ÷ the same parse (goal ≤ 3: each row is
    rendered once with icalendar and read once by the sync)
  * the same spreadsheet imported again (nothing changes) ÷ the same parse (goal < 0.5)
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.ingest import app_for, best_of


def sheet(count: int) -> bytes:
    start = datetime.now(UTC).replace(hour=2, minute=0, second=0, microsecond=0)
    rows = ["编号,标题,开始时间,结束时间,地点,链接,主题"]
    for n in range(count):
        day = start + timedelta(days=1 + n % 300, hours=n % 5)
        end = day + timedelta(hours=2)
        rows.append(
            f"{n},创新创业沙龙 第{n}期,{day:%Y-%m-%d %H:%M},{end:%Y-%m-%d %H:%M},"
            f"杨浦区长阳路{n}号,https://example.org/{n},人工智能"
        )
    return ("\n".join(rows) + "\n").encode()


def run(events: int, workdir: Path) -> None:
    import icalendar

    from core.db_types import utcnow
    from core.extensions import db
    from federation import entered
    from federation.entry import Entry
    from federation.event_import import import_events
    from federation.models import EnteredEvent
    from partners.models import Partner

    app = app_for(workdir / "entered.sqlite3")
    with app.app_context():
        partner = Partner(slug="bench", name_en="Bench", name_zh="基准")
        db.session.add(partner)
        db.session.commit()
        data = sheet(events)

        def import_and_publish() -> None:
            report = import_events(partner, data, None, utcnow())
            db.session.commit()
            entered.publish(report.partners, utcnow())

        started = time.perf_counter()
        import_and_publish()
        first = time.perf_counter() - started
        body = entered.entry.calendar("Bench", entered._blocks(partner.id))
        bare = best_of(3, lambda: icalendar.Calendar.from_ical(body))
        print(
            f"calendar: {events} entered events, {len(body) / 1e6:.2f} MB; bare parse {bare:.3f} s"
        )
        print(f"spreadsheet import   {first:6.3f} s  ratio {first / bare:5.2f}  (goal ≤ 3)")
        again = best_of(2, import_and_publish)
        print(f"same sheet again     {again:6.3f} s  ratio {again / bare:5.2f}  (goal < 0.5)")
        items = iter(db.session.scalars(db.select(EnteredEvent).limit(5)).all())

        def edit_one() -> None:
            item = next(items)
            values = Entry.from_json({**item.fields, "title_en": f"Salon {item.id}"})
            changed = entered.update(item, values, None, utcnow())
            db.session.commit()
            entered.publish(changed, utcnow())

        edit = best_of(3, edit_one)
        print(f"one event edited     {edit:6.3f} s  ratio {edit / bare:5.2f}  (goal < 0.5)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=1000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as workdir:
        run(args.events, Path(workdir))


if __name__ == "__main__":
    main()
