"""Lead operations on a real database: history, follow-ups, conversion into a partner."""

from datetime import date

import pytest
from sqlalchemy import select

from core.extensions import db
from core.models import AuditEntry
from partners.leads.models import Lead, StageChange
from partners.leads.operations import (
    FollowUpInput,
    LeadError,
    NewPartner,
    convert_to_partner,
    create_lead,
    edit_lead,
    log_follow_up,
    move_stage,
)
from partners.models import Link, Partner
from tests.factories import make_partner, make_user


def _lead(**fields: object) -> Lead:
    values = {"organization_en": "Siemens Healthineers", "email": "a@siemens.example", **fields}
    return create_lead(values)


def _walk_to_landed(lead: Lead, by: object = None) -> None:
    for stage in ("contacted", "meeting", "proposal", "signed", "landed"):
        move_stage(lead, stage, by=by)


def _actions() -> list[str]:
    return list(db.session.scalars(select(AuditEntry.action).order_by(AuditEntry.id)))


def test_a_new_lead_starts_its_history_and_is_audited(app: object) -> None:
    lead = _lead(source="CIIE 2026")
    db.session.commit()
    assert lead.stage == "new"
    assert [(c.from_stage, c.to_stage) for c in lead.stage_changes] == [("", "new")]
    assert _actions() == ["lead.create"]


def test_moving_records_who_and_when(app: object) -> None:
    staff = make_user(role="staff")
    lead = _lead()
    change = move_stage(lead, "contacted", by=staff)
    db.session.commit()
    assert lead.stage == "contacted"
    assert change.by_id == staff.id and change.at is not None and change.at.tzinfo is not None
    entry = db.session.scalars(select(AuditEntry).where(AuditEntry.action == "lead.stage")).one()
    assert entry.actor == staff.email and entry.summary == "new → contacted"


def test_refused_moves_change_nothing(app: object) -> None:
    lead = _lead()
    with pytest.raises(LeadError, match="cannot move from New to Signed"):
        move_stage(lead, "signed")
    with pytest.raises(LeadError, match="why the lead was lost"):
        move_stage(lead, "lost")
    assert lead.stage == "new" and len(lead.stage_changes) == 1


def test_lost_keeps_the_reason_and_can_be_reopened(app: object) -> None:
    lead = _lead()
    move_stage(lead, "lost", reason="Chose Singapore")
    assert lead.lost_reason == "Chose Singapore"
    move_stage(lead, "new")
    assert lead.stage == "new" and lead.lost_reason == ""


def test_follow_up_moves_the_stage_and_sets_the_next_date(app: object) -> None:
    staff = make_user()
    lead = _lead()
    entry = FollowUpInput(
        on=date(2026, 11, 12), kind="meeting", outcome="Met at booth 4.1B",
        next_step="Send the Yangpu incentives", next_follow_up_on=date(2026, 11, 20),
        to_stage="contacted",
    )  # fmt: skip
    follow_up = log_follow_up(lead, entry, by=staff)
    db.session.commit()
    assert follow_up.by_id == staff.id and follow_up.next_step == "Send the Yangpu incentives"
    assert lead.stage == "contacted" and lead.next_follow_up_on == date(2026, 11, 20)
    assert "lead.follow_up" in _actions()


def test_follow_up_of_an_unknown_kind_is_refused(app: object) -> None:
    with pytest.raises(LeadError, match="not a kind of follow-up"):
        log_follow_up(_lead(), FollowUpInput(on=date(2026, 11, 12), kind="fax"))


def test_edit_records_only_what_changed(app: object) -> None:
    lead = _lead(country="DE")
    changed = edit_lead(lead, {"country": "DE", "sector": "Medical devices", "stage": "landed"})
    assert changed == ["sector"] and lead.stage == "new"  # the stage only moves via move_stage


def test_conversion_creates_the_partner_and_the_lead_link(app: object) -> None:
    introducer = make_partner("nordic-innovation-center", kind="international", region="overseas")
    lead = _lead(country="FI", introduced_by_id=introducer.id)
    _walk_to_landed(lead)
    partner = convert_to_partner(
        lead, new=NewPartner("siemens-healthineers", "Siemens Healthineers", "西门子医疗")
    )
    db.session.commit()
    assert db.session.get(Partner, partner.id).name_zh == "西门子医疗"
    assert partner.country == "FI" and lead.partner_id == partner.id and lead.landed_at
    link = db.session.scalars(select(Link)).one()
    assert (link.source_id, link.target_id, link.kind) == (introducer.id, partner.id, "lead")
    assert {"lead.convert", "partner.create", "link.create"} <= set(_actions())


def test_conversion_into_an_existing_partner(app: object) -> None:
    introducer, existing = make_partner(), make_partner("kic")
    lead = _lead(introduced_by_id=introducer.id)
    _walk_to_landed(lead)
    assert convert_to_partner(lead, partner=existing) is existing
    assert db.session.scalars(select(Link.kind)).all() == ["lead"]


def test_only_landed_leads_convert_once(app: object) -> None:
    lead = _lead()
    new = NewPartner("acme", "Acme", "")
    with pytest.raises(LeadError, match="Only a landed lead"):
        convert_to_partner(lead, new=new)
    _walk_to_landed(lead)
    convert_to_partner(lead, new=new)
    with pytest.raises(LeadError, match="already a partner"):
        convert_to_partner(lead, new=new)


def test_conversion_refuses_a_taken_or_bad_short_name(app: object) -> None:
    make_partner("acme")
    lead = _lead()
    _walk_to_landed(lead)
    with pytest.raises(LeadError, match="exists already"):
        convert_to_partner(lead, new=NewPartner("acme", "Acme", ""))
    with pytest.raises(LeadError, match="lower-case"):
        convert_to_partner(lead, new=NewPartner("Acme Ltd", "Acme", ""))
    assert db.session.scalars(select(StageChange)).all()  # nothing else was undone
