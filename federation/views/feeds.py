"""Feed health for staff and partner users: the list, a feed's history, and what they can do
(sync, confirm, enable or disable, remove); and the feeds section of a partner's page."""

from __future__ import annotations

from typing import Any

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from core import audit
from core.extensions import db
from federation import queries, sync_errors
from federation.access import (
    chosen_partner,
    feed_user_required,
    managed_feed,
    offer_partners,
    viewer_partner_id,
)
from federation.errors import FederationError
from federation.forms import ActionForm, AddFeedForm, UploadForm
from federation.history_chart import history_chart
from federation.models import Feed, FeedSource
from federation.operations import add_pull_feed, remove_feed, set_feed_enabled
from federation.sync import SyncResult, sync_feed
from partners.models import Partner
from partners.sections import partner_section


def own_partner() -> dict[str, Any]:
    """A partner user's own organisation, named on forms where staff would choose one."""
    if not current_user.is_authenticated or current_user.is_staff:
        return {"own_partner": None}
    return {"own_partner": db.session.get(Partner, current_user.partner_id)}


@feed_user_required
def feed_health() -> Any:
    form = AddFeedForm()
    offer_partners(form)
    if form.validate_on_submit() and _add_feed(form):
        return redirect(url_for("federation.feed_health"))
    feeds = queries.visible_feeds(viewer_partner_id())
    counts = queries.active_event_counts([f.id for f in feeds])
    return render_template(
        "federation/health.html", feeds=feeds, counts=counts, form=form, action=ActionForm()
    )


def _add_feed(form: AddFeedForm) -> bool:
    """Register the feed, or put the reason it was refused on the URL field."""
    partner = chosen_partner(form)
    try:
        feed = add_pull_feed(
            partner,
            form.url.data,
            language=form.language.data,
            interval_minutes=form.interval_minutes.data,
        )
    except FederationError as error:
        db.session.rollback()
        reason = sync_errors.in_words(error)
        form.url.errors.append(_("This feed could not be added: %(reason)s", reason=reason))
        return False
    db.session.commit()
    flash(
        _("Feed added: %(label)s. It will be synced within a few minutes.", label=feed.label),
        "success",
    )
    return True


@feed_user_required
def feed_detail(feed_id: int) -> Any:
    feed = managed_feed(feed_id)
    runs = queries.recent_runs(feed.id)
    upload = UploadForm() if feed.source not in (FeedSource.PULL, FeedSource.ENTERED) else None
    if upload is not None:
        del upload.partner
    return render_template(
        "federation/detail.html",
        feed=feed,
        runs=runs,
        action=ActionForm(),
        upload=upload,
        chart=history_chart(queries.duration_points(runs)),
        events=queries.active_event_counts([feed.id]).get(feed.id, 0),
    )


@feed_user_required
def feed_sync(feed_id: int) -> Any:
    feed = managed_feed(feed_id)
    if ActionForm().validate_on_submit():
        _run_sync(feed, force=False, trigger="manual", action="feed.sync")
    return redirect(url_for("federation.feed_health"))


@feed_user_required
def feed_confirm(feed_id: int) -> Any:
    """Apply a held body that lost many events: the partner really emptied its calendar."""
    feed = managed_feed(feed_id)
    if ActionForm().validate_on_submit():
        _run_sync(feed, force=True, trigger="confirm", action="feed.confirm")
    return redirect(url_for("federation.feed_detail", feed_id=feed.id))


def _run_sync(feed: Feed, *, force: bool, trigger: str, action: str) -> None:
    try:
        result = sync_feed(feed.id, trigger=trigger, force=force)
    except FederationError as error:
        db.session.rollback()
        reason = sync_errors.in_words(error)
        flash(_("The feed was not synced: %(reason)s", reason=reason), "error")
        return
    audit.record(
        action, feed, summary=f"{feed.partner.slug}: {feed.label}", details=result.as_json()
    )
    db.session.commit()
    flash(outcome_message(result), "error" if result.status == "error" else "success")


def outcome_message(result: SyncResult) -> str:
    """What a sync did, in the visitor's language (the error too, when it has a code)."""
    reason = sync_errors.translated(result.stored_error or result.error)
    if result.status == "error":
        return _("The sync failed: %(reason)s", reason=reason)
    if result.status == "held":
        return _("The new version was held for confirmation: %(reason)s", reason=reason)
    if result.status in ("not_modified", "unchanged"):
        return _("The calendar has not changed since the last sync.")
    message = _(
        "Synced: %(added)s added, %(updated)s updated, %(removed)s removed, "
        "%(unchanged)s unchanged.",
        added=result.added,
        updated=result.updated,
        removed=result.removed,
        unchanged=result.unchanged,
    )
    if result.outside_window and result.window:
        message += " " + _(
            "%(count)s events have no date between %(start)s and %(end)s, the window this "
            "site keeps, and were not stored.",
            count=result.outside_window,
            start=result.window["start"][:10],
            end=result.window["end"][:10],
        )
    return message


@feed_user_required
def feed_enabled(feed_id: int, change: str) -> Any:
    feed = managed_feed(feed_id)
    if ActionForm().validate_on_submit():
        set_feed_enabled(feed, change == "enable")
        db.session.commit()
        flash(
            _("Feed enabled: it will be synced shortly.")
            if feed.enabled
            else _("Feed disabled: it will not be synced until it is enabled again."),
            "success",
        )
    return redirect(url_for("federation.feed_health"))


@feed_user_required
def feed_remove(feed_id: int) -> Any:
    """A confirmation page first: removing a feed removes its events from the site."""
    feed = managed_feed(feed_id)
    form = ActionForm()
    if form.validate_on_submit():
        label = feed.label
        remove_feed(feed)
        db.session.commit()
        flash(_("Feed removed: %(label)s.", label=label), "success")
        return redirect(url_for("federation.feed_health"))
    events = queries.active_event_counts([feed.id]).get(feed.id, 0)
    return render_template("federation/remove.html", feed=feed, form=form, events=events)


@partner_section(order=20)
def partner_feeds_section(partner: Partner) -> str:
    """The partner page's calendar feeds and how they are doing."""
    feeds = queries.partner_feeds(partner.id)
    return render_template("federation/_partner_feeds.html", feeds=feeds)
