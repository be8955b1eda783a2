"""Staff curation of any event: the other language's texts added or corrected (kept across
syncs, flagged when the partner's value changes), hiding with a reason, featuring on the home
page; and the list of what staff curated and what needs a second look."""

from __future__ import annotations

from typing import Any

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from core.auth import staff_required
from core.db_types import utcnow
from core.extensions import db
from events import curation, operations
from events.forms import CurationForm, HideForm
from events.models import Event, EventOverride


def _event(event_id: int) -> Event:
    event = db.session.get(Event, event_id, options=[joinedload(Event.partner)])
    if event is None:
        abort(404)
    return event


def _overrides(event: Event) -> dict[str, EventOverride]:
    rows = db.session.scalars(select(EventOverride).where(EventOverride.event_id == event.id))
    return {row.field: row for row in rows}


@staff_required
def curate(event_id: int) -> Any:
    event = _event(event_id)
    overrides = _overrides(event)
    form = CurationForm()
    if request.method == "GET":
        for name in curation.FIELDS:
            getattr(form, name).data = getattr(event, name)
    if form.validate_on_submit():
        now = utcnow()
        for name in curation.FIELDS:
            value = (getattr(form, name).data or "").strip()
            if value != (getattr(event, name) or ""):
                operations.set_override(event, name, value, current_user, now)
        db.session.commit()
        flash(_("The event's texts are saved."), "success")
        return redirect(url_for("events.curate", event_id=event.id))
    sources = {
        name: curation.source_value(event, overrides.get(name), name) for name in curation.FIELDS
    }
    return render_template(
        "events/curate.html",
        event=event,
        form=form,
        overrides=overrides,
        sources=sources,
        hide_form=HideForm(),
    )


@staff_required
def curate_action(event_id: int, action: str) -> Any:
    """Hide (with a reason) or show again, feature or not, and settle a flagged override."""
    event = _event(event_id)
    form = HideForm()
    if not form.validate_on_submit():
        abort(400)
    now = utcnow()
    if action == "hide":
        operations.hide(event, form.reason.data or "", now)
    elif action == "unhide":
        operations.unhide(event, now)
    elif action in ("feature", "unfeature"):
        operations.feature(event, action == "feature", now)
    elif action in ("keep", "take"):
        _settle(event, request.form.get("field", ""), keep=action == "keep", now=now)
    db.session.commit()
    return redirect(url_for("events.curate", event_id=event.id))


def _settle(event: Event, field: str, *, keep: bool, now: Any) -> None:
    try:
        if keep:
            operations.keep_override(event, field, current_user, now)
        else:
            operations.set_override(event, field, "", current_user, now)
    except ValueError as error:
        abort(400, str(error))


@staff_required
def curation_list() -> Any:
    """Flagged overrides first (the partner changed what staff corrected), then hidden and
    featured events."""
    flagged = db.session.scalars(
        select(EventOverride)
        .options(joinedload(EventOverride.event).joinedload(Event.partner))
        .where(EventOverride.conflict.is_(True))
        .order_by(EventOverride.updated_at.desc())
        .limit(200)
    ).all()
    hidden = _marked(Event.hidden_at)
    featured = _marked(Event.featured_at)
    return render_template(
        "events/curation.html", flagged=flagged, hidden=hidden, featured=featured
    )


def _marked(column: Any) -> list[Event]:
    return list(
        db.session.scalars(
            select(Event)
            .options(joinedload(Event.partner))
            .where(column.is_not(None))
            .order_by(column.desc())
            .limit(200)
        )
    )
