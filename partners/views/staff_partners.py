"""Staff pages for partners: list, create, edit, merge duplicates, import a spreadsheet."""

from __future__ import annotations

from typing import Any

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _

from core.auth import staff_required
from core.extensions import db
from core.i18n import current_lang
from core.request_limits import accepts_upload, spreadsheet_limit
from partners import importing, operations, queries
from partners.forms import MergeForm, PartnerForm, partner_choices
from partners.models import Partner
from partners.views.upload import upload_page


def _partner_or_404(partner_id: int) -> Partner:
    return db.session.get(Partner, partner_id) or abort(404)


@staff_required
def staff_partners() -> Any:
    partners = queries.all_partners()
    return render_template("partners/staff_partners.html", partners=partners)


@staff_required
def partner_new() -> Any:
    form = PartnerForm(country="CN", alliance_member=True)
    if form.validate_on_submit():
        partner = operations.create_partner(form.values())
        db.session.commit()
        flash(_("Partner %(name)s created.", name=partner.name(current_lang())), "success")
        return redirect(url_for("partners.staff_partners"))
    return render_template("partners/partner_form.html", form=form, partner=None)


@staff_required
def partner_edit(partner_id: int) -> Any:
    partner = _partner_or_404(partner_id)
    form = PartnerForm(obj=partner, partner_id=partner.id)
    if form.validate_on_submit():
        changed = operations.update_partner(partner, form.values())
        db.session.commit()
        message = _("Partner %(name)s saved.", name=partner.name(current_lang()))
        flash(message if changed else _("Nothing changed."), "success")
        return redirect(url_for("partners.staff_partners"))
    return render_template("partners/partner_form.html", form=form, partner=partner)


@staff_required
def partner_merge(partner_id: int) -> Any:
    duplicate = _partner_or_404(partner_id)
    form = MergeForm(duplicate_id=duplicate.id)
    form.survivor_id.choices = partner_choices(current_lang(), leave_out=duplicate.id)
    if form.validate_on_submit():
        survivor = _partner_or_404(form.survivor_id.data)
        name = duplicate.name(current_lang())
        operations.merge_partners(survivor, duplicate)
        db.session.commit()
        flash(
            _(
                "%(duplicate)s was merged into %(survivor)s.",
                duplicate=name,
                survivor=survivor.name(current_lang()),
            ),
            "success",
        )
        return redirect(url_for("partners.partner_edit", partner_id=survivor.id))
    return render_template("partners/merge.html", form=form, duplicate=duplicate)


@accepts_upload(spreadsheet_limit)
@staff_required
def partners_import() -> Any:
    return upload_page(
        importing.import_partners,
        "partners",
        "slug, name_en, name_zh, kind, region, country, city, website",
    )
