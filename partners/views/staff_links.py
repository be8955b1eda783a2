"""Staff pages for cooperation links: list, create, edit, delete, import a spreadsheet."""

from __future__ import annotations

from typing import Any

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from core.auth import staff_required
from core.extensions import db
from core.i18n import current_lang
from core.request_limits import accepts_upload, spreadsheet_limit
from partners import importing, operations, queries
from partners.forms import LinkForm, partner_choices
from partners.models import Link
from partners.views.upload import upload_page


@staff_required
def staff_links() -> Any:
    """Every link, optionally only those of one partner (``?partner=slug``)."""
    slug = request.args.get("partner", "")
    return render_template("partners/staff_links.html", links=queries.all_links(slug), slug=slug)


def _link_form(**kwargs: Any) -> LinkForm:
    form = LinkForm(**kwargs)
    form.source_id.choices = form.target_id.choices = partner_choices(current_lang())
    return form


@staff_required
def link_new() -> Any:
    form = _link_form()
    if form.validate_on_submit():
        operations.create_link(form.values())
        db.session.commit()
        flash(_("Link saved."), "success")
        return redirect(url_for("partners.staff_links"))
    return render_template("partners/link_form.html", form=form, link=None)


@staff_required
def link_edit(link_id: int) -> Any:
    link = db.session.get(Link, link_id) or abort(404)
    form = _link_form(obj=link)
    if form.validate_on_submit():
        changed = operations.update_link(link, form.values())
        db.session.commit()
        flash(_("Link saved.") if changed else _("Nothing changed."), "success")
        return redirect(url_for("partners.staff_links"))
    return render_template("partners/link_form.html", form=form, link=link)


@staff_required
def link_delete(link_id: int) -> Any:
    link = db.session.get(Link, link_id) or abort(404)
    operations.delete_link(link)
    db.session.commit()
    flash(_("Link deleted."), "success")
    return redirect(url_for("partners.staff_links"))


@accepts_upload(spreadsheet_limit)
@staff_required
def links_import() -> Any:
    return upload_page(
        importing.import_links, "links", "source, target, kind, since, until, weight, note"
    )
