"""Importing an uploaded .ics file into a partner's calendar, and showing what it did."""

from __future__ import annotations

from typing import Any

from flask import current_app, redirect, render_template, url_for
from flask_babel import format_decimal
from flask_babel import gettext as _

from core import audit
from core.db_types import utcnow
from core.extensions import db
from core.request_limits import accepts_upload, feed_limit
from federation.access import chosen_partner, feed_user_required, managed_feed, offer_partners
from federation.forms import UploadForm
from federation.models import Feed, FeedSource
from federation.operations import upload_feed
from federation.sync import apply_body


@accepts_upload(feed_limit)
@feed_user_required
def upload() -> Any:
    form = UploadForm()
    offer_partners(form)
    if form.validate_on_submit():
        body = _read_capped(form)
        if body is not None:
            partner = chosen_partner(form)
            feed = upload_feed(
                partner, _file_name(form.calendar.data.filename), language=form.language.data
            )
            db.session.commit()  # the calendar exists even if this file turns out unusable
            return _import(feed, body)
    return render_template("federation/upload.html", form=form)


@accepts_upload(feed_limit)
@feed_user_required
def upload_into(feed_id: int) -> Any:
    """A new version of an uploaded calendar, from its detail page, whatever the file's name."""
    feed = managed_feed(feed_id)
    form = UploadForm()
    del form.partner
    if feed.source == FeedSource.PULL:
        form.calendar.errors = [
            _("This feed is fetched from its address; files cannot be uploaded into it.")
        ]
    elif feed.source == FeedSource.ENTERED:
        form.calendar.errors = [
            _("This calendar holds the events entered on this site; edit them there instead.")
        ]
    elif form.validate_on_submit():
        body = _read_capped(form)
        if body is not None:
            return _import(feed, body)
    if not form.errors:
        return redirect(url_for("federation.feed_detail", feed_id=feed.id))
    return render_template("federation/upload.html", form=form, feed=feed)


def _read_capped(form: UploadForm) -> bytes | None:
    """The file's bytes, or None with a form error when it is larger than feeds may be."""
    limit = current_app.config["HUIJU_FEED_MAX_BYTES"]
    body = form.calendar.data.stream.read(limit + 1)
    if len(body) > limit:
        form.calendar.errors = [
            _(
                "The file is larger than %(size)s MB, the most a calendar may be.",
                size=format_decimal(round(limit / 1_000_000, 1)),
            )
        ]
        return None
    return body


def _file_name(name: str | None) -> str:
    """The name without any client-side folder (some browsers send C:\\…\\file.ics)."""
    return (name or "").replace("\\", "/").rsplit("/", 1)[-1]


def _import(feed: Feed, body: bytes) -> Any:
    result = apply_body(feed, body, charset=None, trigger="upload", now=utcnow())
    audit.record(
        "feed.upload",
        feed,
        summary=f"{feed.partner.slug}: {feed.label}",
        details={"status": result.status, "bytes": len(body)},
    )
    db.session.commit()
    return render_template("federation/upload_result.html", feed=feed, result=result.as_json())
