"""Staff pages for cooperation links: list, create, edit, delete, import a spreadsheet."""

from __future__ import annotations

from typing import Any

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from sqlalchemy import or_, select
from sqlalchemy.orm import aliased, joinedload

from core.auth import staff_required
from core.extensions import db
from core.i18n import current_lang
from partners import importing, operations
from partners.forms import LinkForm, partner_choices
from partners.models import Link, Partner
from partners.views.upload import upload_page


@staff_required
def staff_links() -> Any:
    """Every link, optionally only those of one partner (``?partner=slug``)."""
    source, target = aliased(Partner), aliased(Partner)
    query = (
        select(Link)
        .join(source, Link.source)
        .join(target, Link.target)
        .options(joinedload(Link.source), joinedload(Link.target))
        .order_by(source.slug, Link.kind, target.slug, Link.id)
    )
    slug = request.args.get("partner", "")
    if slug:
        query = query.where(or_(source.slug == slug, target.slug == slug))
    return render_template(
        "partners/staff_links.html", links=db.session.scalars(query).all(), slug=slug
    )


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


@staff_required
def links_import() -> Any:
    return upload_page(
        importing.import_links, "links", "source, target, kind, since, until, weight, note"
    )
