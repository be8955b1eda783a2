"""One lead's staff pages: a new lead, the lead's page and its actions (edit, move along the
pipeline, lose with a reason, log a follow-up, convert into a partner).

Every view is staff-only; every change commits once, here.
"""

from __future__ import annotations

from typing import Any

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from core.auth import staff_required
from core.extensions import db
from core.i18n import current_lang
from core.models import AuditEntry, User
from core.office import office_today
from partners.leads import operations, queries
from partners.leads.forms import NONE, ConvertForm, FollowUpForm, LeadForm, MoveForm
from partners.leads.models import Lead, Stage
from partners.leads.operations import FollowUpInput, LeadError, NewPartner
from partners.leads.stages import allowed_next, stage_label
from partners.models import Partner


@staff_required
def new() -> Any:
    form = _lead_form(LeadForm(owner_id=current_user.id))
    if form.validate_on_submit():
        lead = operations.create_lead(form.lead_fields(), by=current_user)
        db.session.commit()
        flash(_("Lead created."), "success")
        return redirect(url_for(".detail", lead_id=lead.id))
    return render_template("leads/new.html", form=form), 400 if form.errors else 200


@staff_required
def detail(lead_id: int) -> Any:
    return _render_detail(_lead(lead_id))


@staff_required
def edit(lead_id: int) -> Any:
    lead = _lead(lead_id)
    form = _lead_form(LeadForm())
    if not form.validate_on_submit():
        return _render_detail(lead, edit_form=form), 400
    if operations.edit_lead(lead, form.lead_fields(), by=current_user):
        db.session.commit()
        flash(_("Lead saved."), "success")
    return redirect(url_for(".detail", lead_id=lead.id))


@staff_required
def move(lead_id: int) -> Any:
    lead = _lead(lead_id)
    form = MoveForm()
    to_stage = form.to_stage.data or ""
    if to_stage == Stage.LOST and not (form.reason.data or "").strip():
        return redirect(url_for(".lose", lead_id=lead.id))  # the no-JS way to ask why
    try:
        if not form.validate_on_submit():
            raise LeadError(_("The form has expired. Please try again."))
        operations.move_stage(lead, to_stage, by=current_user, reason=form.reason.data or "")
    except LeadError as exc:
        flash(str(exc), "error")
        return redirect(_back(lead))
    db.session.commit()
    message = _(
        "%(organization)s moved to %(stage)s.",
        organization=_name(lead),
        stage=stage_label(to_stage),
    )
    flash(message, "success")
    return redirect(_back(lead))


@staff_required
def lose(lead_id: int) -> Any:
    lead = _lead(lead_id)
    form = MoveForm(to_stage=Stage.LOST)
    if form.validate_on_submit():
        try:
            operations.move_stage(lead, Stage.LOST, by=current_user, reason=form.reason.data or "")
        except LeadError as exc:
            form.reason.errors = [str(exc)]
        else:
            db.session.commit()
            flash(_("%(organization)s marked as lost.", organization=_name(lead)), "success")
            return redirect(url_for(".detail", lead_id=lead.id))
    return render_template("leads/lose.html", lead=lead, form=form)


@staff_required
def follow_up(lead_id: int) -> Any:
    lead = _lead(lead_id)
    form = _follow_up_form(FollowUpForm(), lead)
    if not form.validate_on_submit():
        return _render_detail(lead, follow_up_form=form), 400
    entry = FollowUpInput(
        on=form.on.data, kind=form.kind.data, outcome=form.outcome.data or "",
        next_step=form.next_step.data or "", next_follow_up_on=form.next_follow_up_on.data,
        to_stage=form.to_stage.data or "", reason=form.reason.data or "",
    )  # fmt: skip
    try:
        operations.log_follow_up(lead, entry, by=current_user)
    except LeadError as exc:
        db.session.rollback()
        form.to_stage.errors = [str(exc)]
        return _render_detail(_lead(lead_id), follow_up_form=form), 400
    db.session.commit()
    flash(_("Follow-up logged."), "success")
    return redirect(url_for(".detail", lead_id=lead.id))


@staff_required
def convert(lead_id: int) -> Any:
    lead = _lead(lead_id)
    form = _convert_form(ConvertForm())
    if not form.validate_on_submit():
        return _render_detail(lead, convert_form=form), 400
    existing = db.session.get(Partner, form.partner_id.data) if form.partner_id.data else None
    new = NewPartner(
        (form.slug.data or "").strip(),
        form.name_en.data or "",
        form.name_zh.data or "",
        form.kind.data,
        form.region.data,
    )
    try:
        partner = operations.convert_to_partner(lead, partner=existing, new=new, by=current_user)
    except LeadError as exc:
        db.session.rollback()
        form.slug.errors = [str(exc)]
        return _render_detail(_lead(lead_id), convert_form=form), 400
    db.session.commit()
    flash(_("%(organization)s is now a partner.", organization=partner.name(_lang())), "success")
    return redirect(url_for(".detail", lead_id=lead.id))


def _render_detail(lead: Lead, **forms: Any) -> str:
    forms.setdefault("edit_form", _lead_form(LeadForm(obj=lead, formdata=None)))
    forms.setdefault(
        "follow_up_form",
        _follow_up_form(
            FollowUpForm(
                formdata=None, on=office_today(), next_follow_up_on=lead.next_follow_up_on
            ),
            lead,
        ),
    )
    forms.setdefault("convert_form", _convert_form(ConvertForm(formdata=None)))
    audit = db.session.scalars(
        select(AuditEntry)
        .where(AuditEntry.target_type == "lead", AuditEntry.target_id == str(lead.id))
        .order_by(AuditEntry.at.desc(), AuditEntry.id.desc())
    ).all()
    users = {u.id: u.email for u in db.session.scalars(select(User))}
    return render_template(
        "leads/detail.html",
        lead=lead,
        audit=audit,
        users=users,
        today=office_today(),
        **forms,
    )


def _lead_form(form: LeadForm) -> LeadForm:
    staff = queries.staff_users()
    form.owner_id.choices = [(NONE, _("Unassigned"))] + [(u.id, u.email) for u in staff]
    form.introduced_by_id.choices = [(NONE, _("Nobody"))] + [
        (p.id, p.name(_lang())) for p in queries.partners_by_name()
    ]
    return form


def _follow_up_form(form: FollowUpForm, lead: Lead) -> FollowUpForm:
    form.to_stage.choices = [("", _("Keep the stage"))] + [
        (s.value, stage_label(s)) for s in allowed_next(lead.stage)
    ]
    return form


def _convert_form(form: ConvertForm) -> ConvertForm:
    form.partner_id.choices = [(NONE, _("A new partner (below)"))] + [
        (p.id, p.name(_lang())) for p in queries.partners_by_name()
    ]
    return form


def _lead(lead_id: int) -> Lead:
    return db.session.get(Lead, lead_id) or abort(404)


def _back(lead: Lead) -> str:
    if request.form.get("next") == "board":
        return url_for(".board") + f"#lead-{lead.id}"
    return url_for(".detail", lead_id=lead.id)


def _name(lead: Lead) -> str:
    return lead.organization(_lang())


def _lang() -> str:
    return current_lang()
