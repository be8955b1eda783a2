"""Uploading a calendar file on the feed pages: a new uploaded calendar, a new version of one,
the size cap, the file's name (real database)."""

from __future__ import annotations

import io

import pytest
from flask.testing import FlaskClient
from sqlalchemy import func, select

from core.extensions import db
from events.models import Event
from federation.models import Feed
from federation.views import upload
from tests.calendars import calendar
from tests.factories import login, make_partner, make_user


def active_events(feed_id: int) -> int:
    return db.session.scalar(
        select(func.count())
        .select_from(Event)
        .where(Event.feed_id == feed_id, Event.removed_at.is_(None))
    )


def test_the_upload_form_imports_a_file_and_shows_counts(client: FlaskClient) -> None:
    partner = make_partner("ttc-east")
    staff = make_user(role="staff")
    db.session.commit()
    login(client, staff)
    page = client.post(
        "/en/feeds/upload",
        data={
            "partner": partner.id,
            "language": "auto",
            # a client that sends its folder too; browsers send the bare name (HTML spec)
            "calendar": (io.BytesIO(calendar(2)), "exports/tech-transfer.ics"),
        },
        content_type="multipart/form-data",
    ).get_data(as_text=True)
    assert "The file was imported." in page and "tech-transfer.ics" in page
    assert "<dt>Added</dt><dd>2</dd>" in page
    feed = db.session.scalar(select(Feed).where(Feed.name == "tech-transfer.ics"))
    assert active_events(feed.id) == 2
    again = client.post(
        f"/en/feeds/{feed.id}/upload",
        data={
            "calendar": (io.BytesIO(b"<html>not a calendar</html>"), "other.ics"),
        },
        content_type="multipart/form-data",
    ).get_data(as_text=True)
    assert "could not be imported" in again and "HTML" in again
    assert active_events(feed.id) == 2


def test_an_upload_larger_than_the_cap_is_refused(app, client: FlaskClient) -> None:
    app.config["HUIJU_FEED_MAX_BYTES"] = 200
    user = make_user(role="partner", partner=make_partner("kic"))
    db.session.commit()
    login(client, user)
    page = client.post(
        "/zh/feeds/upload",
        data={
            "language": "auto",
            "calendar": (io.BytesIO(calendar(3)), "big.ics"),
        },
        content_type="multipart/form-data",
    ).get_data(as_text=True)
    assert 'class="field-error"' in page
    assert db.session.scalar(select(Feed).where(Feed.name == "big.ics")) is None


@pytest.mark.parametrize(
    "sent",
    ["tech-transfer.ics", "exports/tech-transfer.ics", "C:\\exports\\tech-transfer.ics"],
)
def test_an_uploaded_file_is_named_without_its_folder(sent: str) -> None:
    """Old Windows browsers sent C:\\…\\name (Werkzeug ≥ 3.1.9 keeps the backslashes only
    when the header escapes them, as RFC 9110 quoted strings require)."""
    assert upload._file_name(sent) == "tech-transfer.ics"
