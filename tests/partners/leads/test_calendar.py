"""The private follow-up calendar: a secret URL, stored hashed, revocable."""

from datetime import date

from flask.testing import FlaskClient
from icalendar import Calendar
from sqlalchemy import select

from core.extensions import db
from core.models import AuditEntry
from partners.leads.calendar import issue_token, revoke_token, token_hash
from partners.leads.operations import FollowUpInput, create_lead, log_follow_up, move_stage
from tests.factories import login, make_user


def _leads(owner: object) -> None:
    siemens = create_lead(
        {
            "organization_en": "Siemens Healthineers",
            "organization_zh": "西门子医疗",
            "owner_id": owner.id,
        }
    )  # type: ignore[attr-defined]
    log_follow_up(
        siemens,
        FollowUpInput(
            on=date(2026, 11, 10),
            kind="visit",
            next_step="Tour of Changyang Campus",
            next_follow_up_on=date(2026, 11, 24),
        ),
    )
    create_lead(
        {
            "organization_en": "Fonterra",
            "owner_id": owner.id,  # type: ignore[attr-defined]
            "next_follow_up_on": date(2026, 12, 1),
        }
    )
    lost = create_lead(
        {
            "organization_en": "Gone Ltd",
            "owner_id": owner.id,  # type: ignore[attr-defined]
            "next_follow_up_on": date(2026, 12, 2),
        }
    )
    move_stage(lost, "lost", reason="No budget")
    other = make_user()
    create_lead(
        {
            "organization_en": "Not mine",
            "owner_id": other.id,
            "next_follow_up_on": date(2026, 12, 3),
        }
    )


def test_the_feed_lists_the_owners_open_follow_ups(client: FlaskClient) -> None:
    owner = make_user()
    _leads(owner)
    token = issue_token(owner)
    db.session.commit()
    assert owner.calendar_token_hash == token_hash(token) and token not in owner.calendar_token_hash
    response = client.get(f"/calendar/followups/{token}.ics")
    assert response.status_code == 200 and response.mimetype == "text/calendar"
    assert "no-store" in response.headers["Cache-Control"]
    events = Calendar.from_ical(response.data).walk("VEVENT")
    by_summary = {str(e["SUMMARY"]): e for e in events}
    assert set(by_summary) == {"Siemens Healthineers / 西门子医疗", "Fonterra"}
    siemens = by_summary["Siemens Healthineers / 西门子医疗"]
    assert siemens.decoded("DTSTART") == date(2026, 11, 24)  # all day
    assert siemens.decoded("DTEND") == date(2026, 11, 25)
    assert "Tour of Changyang Campus" in str(siemens["DESCRIPTION"])
    assert str(siemens["UID"]).startswith("lead-")


def test_uids_are_stable_when_the_date_moves(client: FlaskClient) -> None:
    owner = make_user()
    lead = create_lead(
        {
            "organization_en": "Fonterra",
            "owner_id": owner.id,
            "next_follow_up_on": date(2026, 12, 1),
        }
    )
    token = issue_token(owner)
    db.session.commit()
    first = Calendar.from_ical(client.get(f"/calendar/followups/{token}.ics").data)
    lead.next_follow_up_on = date(2026, 12, 8)
    db.session.commit()
    second = Calendar.from_ical(client.get(f"/calendar/followups/{token}.ics").data)
    assert [str(e["UID"]) for e in first.walk("VEVENT")] == [
        str(e["UID"]) for e in second.walk("VEVENT")
    ]
    assert second.walk("VEVENT")[0].decoded("DTSTART") == date(2026, 12, 8)


def test_revoked_and_replaced_tokens_give_404(client: FlaskClient) -> None:
    owner = make_user()
    old = issue_token(owner)
    new = issue_token(owner)
    db.session.commit()
    assert client.get(f"/calendar/followups/{old}.ics").status_code == 404
    assert client.get(f"/calendar/followups/{new}.ics").status_code == 200
    revoke_token(owner)
    db.session.commit()
    assert client.get(f"/calendar/followups/{new}.ics").status_code == 404
    assert client.get("/calendar/followups/guess.ics").status_code == 404
    actions = db.session.scalars(select(AuditEntry.action)).all()
    assert actions.count("calendar.token_issue") == 2 and "calendar.token_revoke" in actions


def test_the_page_shows_the_address_once_and_revokes_it(client: FlaskClient) -> None:
    owner = make_user()
    db.session.commit()
    login(client, owner)
    page = client.post("/en/staff/leads/mine/calendar", data={"action": "issue"})
    text = page.get_data(as_text=True)
    url = text.split('id="feed-url" type="text" readonly value="')[1].split('"')[0]
    path = url.split("://", 1)[1].split("/", 1)[1]
    assert path.startswith("calendar/followups/") and path.endswith(".ics")
    assert client.get("/" + path).status_code == 200
    assert url not in client.get("/en/staff/leads/mine").get_data(as_text=True)  # shown once
    client.post("/en/staff/leads/mine/calendar", data={"action": "revoke"})
    assert client.get("/" + path).status_code == 404


def test_a_deactivated_or_demoted_user_loses_the_feed(client: FlaskClient) -> None:
    owner = make_user()
    token = issue_token(owner)
    owner.role = "partner"
    db.session.commit()
    assert client.get(f"/calendar/followups/{token}.ics").status_code == 404
