"""A real CalDAV server (Radicale) stores every exported UID, a series whole."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from core.db_types import utcnow
from core.extensions import db
from tests import clients
from tests.factories import make_event, make_feed


def test_radicale_accepts_every_exported_uid(client, tmp_path) -> None:
    feed = make_feed()
    make_event(
        feed,
        start=datetime(2030, 6, 10, 2, tzinfo=UTC),
        title_en="Slush Shanghai",
        title_zh="Slush 上海",
        description_en="Line one\nLine two; with, commas",
    )
    make_event(
        feed,
        start=datetime(2030, 6, 10, 2, tzinfo=UTC),
        tzid="America/Los_Angeles",
        title_en="Bay Area Council mixer",
        url="https://example.org/mixer",
    )
    make_event(feed, all_day_on=date(2030, 6, 12), days=3, title_zh="长三角双创周", title_en="")
    make_event(feed, start=datetime(2030, 6, 13, 2, tzinfo=UTC), hours=0, title_en="Deadline")
    series = [
        make_event(
            feed,
            uid="series@example.org",
            recurrence_id=f"203007{day:02d}T020000Z",
            start=datetime(2030, 7, day, 2, tzinfo=UTC),
            title_en="Office hours",
        )
        for day in (1, 8)
    ]
    make_event(feed, title_en="Gone", removed_at=utcnow() - timedelta(days=1), status="cancelled")
    db.session.commit()
    server = clients.radicale(tmp_path)
    for lang in ("en", "zh"):
        text = client.get(f"/feeds/all.ics?lang={lang}").get_data(as_text=True)
        assert "DTEND;TZID=Asia/Shanghai:20300613T100000" not in text  # zero length: no DTEND
        uids, refused = clients.radicale_refusals(server, lang, text)
        assert (uids, refused) == (6, {})
        assert clients.radicale_collection(server, f"{lang}-whole", text) == 201
    # "Add to calendar" on one occurrence gives the whole series, a valid resource.
    for n, member in enumerate(series):
        download = client.get(f"/en/events/{member.id}.ics").get_data(as_text=True)
        assert download.count("BEGIN:VEVENT") == 3 and "RDATE:" in download
        assert clients.radicale_refusals(server, f"download-{n}", download) == (1, {})
