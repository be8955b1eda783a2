"""Entered events: the list of a partner's own (all, for staff), the bilingual form to create
and edit one, cancel and delete, the spreadsheet import; and the staff review of the newest
events partner contacts entered (they appear at once; staff may hide them)."""

from __future__ import annotations

from typing import Any

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from wtforms.fields.choices import SelectChoice

from core.auth import can_manage_partner, staff_required
from core.db_types import utcnow
from core.extensions import db
from core.i18n import current_lang
from core.request_limits import accepts_upload, spreadsheet_limit
from core.templating import zone_label
from events import operations as event_operations
from events import queries as event_queries
from events import zones
from events.models import Event
from events.topics import topic_key, topic_label
from federation import entered, queries
from federation.access import chosen_partner, feed_user_required, offer_partners
from federation.entry import Entry, EntryError
from federation.entry_form import EntryForm, EventSheetForm
from federation.event_import import import_events
from federation.event_sheet import COLUMNS
from federation.forms import ActionForm
from federation.models import EnteredEvent
from partners.tables import TableError

# Offered even before any feed used them: the alliance's own fields of work.
BASE_TOPICS = (
    "人工智能",
    "集成电路",
    "生物医药",
    "金融科技",
    "数字文化",
    "创业投资",
    "AI",
    "Startups",
    "Investment",
)
REVIEW_SIZE = 50


def topic_choices(chosen: list[str], used: list[str]) -> list[str]:
    """The topics offered: what the entry has, then ours and those partners use, one spelling
    per known topic ("AI" and "人工智能" are one choice, shown in the reader's language)."""
    seen: set[str] = set()
    choices = []
    for category in dict.fromkeys([*chosen, *BASE_TOPICS, *used]):
        key = topic_key(category) or category.casefold()
        if category in chosen or key not in seen:
            choices.append(category)
        seen.add(key)
    return choices


@feed_user_required
def entries() -> Any:
    items = queries.entered_events(None if current_user.is_staff else current_user.partner_id)
    shown = queries.stored_events(items)
    return render_template("federation/entries.html", items=items, shown=shown, action=ActionForm())


@feed_user_required
def entry_new() -> Any:
    form = _form()
    if form.validate_on_submit():
        partner = chosen_partner(form)
        try:
            entered.create(partner, form.entry(), current_user, utcnow())
        except EntryError as error:
            form.start.errors = [str(error)]
        else:
            return _published({partner.id}, _("The event was added."))
    return render_template("federation/entry_form.html", form=form, item=None)


@feed_user_required
def entry_edit(entry_id: int) -> Any:
    item = _managed(entry_id)
    form = _form(item)
    del form.partner
    if request.method == "GET":
        form.fill(Entry.from_json(item.fields))
    if form.validate_on_submit():
        try:
            partners = entered.update(item, form.entry(), current_user, utcnow())
        except EntryError as error:
            form.start.errors = [str(error)]
        else:
            return _published(partners, _("The event was saved."))
    return render_template("federation/entry_form.html", form=form, item=item)


@feed_user_required
def entry_cancel(entry_id: int) -> Any:
    item = _managed(entry_id)
    if ActionForm().validate_on_submit():
        entered.set_cancelled(item, not item.cancelled, current_user, utcnow())
        message = _("The event is cancelled.") if item.cancelled else _("The event takes place.")
        return _published(entered.affected(item), message)
    abort(400)


@feed_user_required
def entry_delete(entry_id: int) -> Any:
    item = _managed(entry_id)
    if ActionForm().validate_on_submit():
        partners = entered.delete(item, current_user)
        return _published(partners, _("The event was deleted."))
    abort(400)


@accepts_upload(spreadsheet_limit)
@feed_user_required
def entry_import() -> Any:
    form, report = EventSheetForm(), None
    offer_partners(form)
    if form.validate_on_submit():
        partner = chosen_partner(form)
        try:
            result = import_events(partner, form.file.data.read(), current_user, utcnow())
        except TableError as error:
            db.session.rollback()
            form.file.errors = [str(error)]
        else:
            db.session.commit()
            entered.publish(result.partners, utcnow())
            report = result.as_json()
    return render_template(
        "federation/entry_import.html", form=form, report=report, columns=COLUMNS
    )


@staff_required
def entry_review() -> Any:
    """The newest events partner contacts entered, with a way to hide each."""
    rows = queries.newest_entered(REVIEW_SIZE)
    return render_template("federation/entry_review.html", rows=rows, action=ActionForm())


@staff_required
def entry_hide(event_id: int) -> Any:
    event = db.session.get(Event, event_id)
    if event is None:
        abort(404)
    reason = (request.form.get("reason") or "").strip()[:500]
    if ActionForm().validate_on_submit():
        if event.hidden_at is None:
            event_operations.hide(event, reason or _("Hidden after review"), utcnow())
        else:
            event_operations.unhide(event, utcnow())
        db.session.commit()
    return redirect(url_for("federation.entry_review"))


def _managed(entry_id: int) -> EnteredEvent:
    """The entry, if the signed-in user may change it; 404 both for an unknown entry and for
    another partner's, so that an outsider cannot tell which entries exist."""
    item = db.session.get(EnteredEvent, entry_id)
    if item is None or not can_manage_partner(item.partner_id):
        abort(404)
    return item


def _form(item: EnteredEvent | None = None) -> EntryForm:
    form = EntryForm()
    offer_partners(form)
    lang = current_lang()
    form.tzid.choices = [SelectChoice(z, zone_label(z)) for z in zones.zone_choices()]
    chosen = list(item.fields.get("categories", [])) if item else []
    form.categories.choices = [
        SelectChoice(t, topic_label(t)) for t in topic_choices(chosen, event_queries.categories())
    ]
    own = item.partner_id if item else (None if current_user.is_staff else current_user.partner_id)
    form.cohosts.choices = [
        SelectChoice(p.id, p.name(lang)) for p in queries.partners_by_name(lang) if p.id != own
    ]
    return form


def _published(partner_ids: set[int], message: str) -> Any:
    """Commit the change, apply the partners' entered calendars, and say how it went."""
    db.session.commit()
    failed = [r for r in entered.publish(partner_ids, utcnow()) if r.status == "error"]
    if failed:
        flash(
            _("The change is saved but could not be published: %(error)s", error=failed[0].error),
            "error",
        )
    else:
        flash(message, "success")
    return redirect(url_for("federation.entries"))
