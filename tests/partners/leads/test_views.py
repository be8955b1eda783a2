"""The staff pages for leads, through HTTP: who may see them, the no-JS board, forms, CSV."""

import io
from datetime import date

import pytest
from flask.testing import FlaskClient
from openpyxl import Workbook
from sqlalchemy import select

from core.extensions import db
from partners.leads.models import Lead
from partners.leads.operations import create_lead, move_stage
from partners.models import Link, Partner
from tests.factories import PASSWORD, login, make_partner, make_user

PAGES = ["/", "/list", "/mine", "/new", "/import", "/dashboard", "/export.csv", "/1", "/1/lose"]


def _staff(client: FlaskClient, lang: str = "en") -> object:
    user = make_user("staff@alliance.example")
    db.session.commit()
    login(client, user, lang)
    return user


def _lead(**fields: object) -> Lead:
    lead = create_lead({"organization_en": "Siemens Healthineers", "organization_zh": "西门子医疗",
                        "source": "CIIE 2026", **fields})  # fmt: skip
    db.session.commit()
    return lead


@pytest.mark.parametrize("page", PAGES)
def test_anonymous_visitors_are_sent_to_sign_in(client: FlaskClient, page: str) -> None:
    _lead()
    response = client.get("/en/staff/leads" + page)
    assert response.status_code == 302 and "/en/login" in response.headers["Location"]


@pytest.mark.parametrize("page", PAGES)
def test_partner_users_are_refused(client: FlaskClient, page: str) -> None:
    _lead()
    user = make_user(role="partner", partner=make_partner())
    db.session.commit()
    login(client, user)
    assert client.get("/en/staff/leads" + page).status_code == 403
    assert client.post("/en/staff/leads/1/move", data={"to_stage": "contacted"}).status_code == 403


def test_the_board_shows_columns_cards_and_overdue(client: FlaskClient) -> None:
    staff = _staff(client, "zh")
    _lead(owner_id=staff.id, next_follow_up_on=date(2020, 1, 2))
    page = client.get("/zh/staff/leads/").get_data(as_text=True)
    assert page.count('class="lead-column') == 7
    assert "西门子医疗" in page and "CIIE 2026" in page and "staff@alliance.example" in page
    assert "is-overdue" in page and "2020年1月2日" in page
    assert 'name="to_stage" value="contacted"' in page and "/1/lose" in page
    assert "<script src=" in page and "<script>" not in page


def test_moving_a_lead_without_javascript(client: FlaskClient) -> None:
    staff = _staff(client)
    lead = _lead()
    move = {"to_stage": "contacted", "next": "board"}
    response = client.post("/en/staff/leads/1/move", data=move)
    assert response.status_code == 302 and response.headers["Location"].endswith("/#lead-1")
    db.session.refresh(lead)
    assert lead.stage == "contacted" and lead.stage_changes[-1].by_id == staff.id
    refused = client.post(
        "/en/staff/leads/1/move", data={"to_stage": "landed"}, follow_redirects=True
    )
    assert "cannot move from Contacted to Landed" in refused.get_data(as_text=True)


def test_lost_asks_for_a_reason(client: FlaskClient) -> None:
    _staff(client)
    lead = _lead()
    response = client.post("/en/staff/leads/1/move", data={"to_stage": "lost"})
    assert response.headers["Location"].endswith("/en/staff/leads/1/lose")
    page = client.post("/en/staff/leads/1/lose", data={"to_stage": "lost", "reason": " "})
    assert "Please say why the lead was lost." in page.get_data(as_text=True)
    client.post("/en/staff/leads/1/lose", data={"to_stage": "lost", "reason": "Went to Suzhou"})
    db.session.refresh(lead)
    assert lead.stage == "lost" and lead.lost_reason == "Went to Suzhou"


def test_create_edit_and_follow_up(client: FlaskClient) -> None:
    staff = _staff(client)
    empty = client.post("/en/staff/leads/new", data={"organization_en": "", "email": "bad"})
    assert empty.status_code == 400
    assert "Give the organisation" in empty.get_data(as_text=True)
    created = client.post("/en/staff/leads/new", data={
        "organization_en": "Fonterra", "email": "nz@fonterra.example", "country": "nz",
        "source": "CIIE 2026", "owner_id": staff.id, "introduced_by_id": 0,
    })  # fmt: skip
    lead = db.session.scalars(select(Lead)).one()
    assert created.headers["Location"].endswith(f"/en/staff/leads/{lead.id}")
    assert lead.country == "NZ" and lead.owner_id == staff.id
    client.post(f"/en/staff/leads/{lead.id}/follow-up", data={
        "on": "2026-11-12", "kind": "call", "outcome": "Interested in Yangpu Riverside",
        "next_step": "Send the brochure", "next_follow_up_on": "2026-11-19",
        "to_stage": "contacted",
    })  # fmt: skip
    db.session.refresh(lead)
    assert lead.stage == "contacted" and lead.next_follow_up_on == date(2026, 11, 19)
    detail = client.get(f"/en/staff/leads/{lead.id}").get_data(as_text=True)
    assert "Interested in Yangpu Riverside" in detail and "lead.follow_up" in detail
    assert "Nov 19, 2026" in detail
    bad = client.post(f"/en/staff/leads/{lead.id}/follow-up", data={
        "on": "2026-11-13", "kind": "call", "to_stage": "lost", "reason": "",
    })  # fmt: skip
    assert bad.status_code == 400 and "why the lead was lost" in bad.get_data(as_text=True)


def test_converting_a_landed_lead(client: FlaskClient) -> None:
    _staff(client)
    introducer = make_partner("bay-area-council", name_en="Bay Area Council")
    lead = _lead(introduced_by_id=introducer.id, country="DE")
    for stage in ("contacted", "meeting", "proposal", "signed", "landed"):
        move_stage(lead, stage)
    db.session.commit()
    response = client.post(f"/en/staff/leads/{lead.id}/convert", data={
        "partner_id": 0, "slug": "siemens-healthineers", "name_en": "", "name_zh": "",
        "kind": "enterprise", "region": "overseas",
    })  # fmt: skip
    assert response.status_code == 302
    partner = db.session.scalars(select(Partner).where(Partner.slug == "siemens-healthineers"))
    partner = partner.one()
    assert partner.name_zh == "西门子医疗" and partner.country == "DE"
    link = db.session.scalars(select(Link)).one()
    assert (link.source_id, link.target_id, link.kind) == (introducer.id, partner.id, "lead")


def test_upload_shows_per_row_results(client: FlaskClient) -> None:
    _staff(client)
    book = Workbook()
    for row in (
        ["单位名称", "邮箱", "阶段"],
        ["西门子医疗", "w@siemens.example", "会谈"],
        ["Acme", "not-an-email", None],
    ):
        book.active.append(row)
    data = io.BytesIO()
    book.save(data)
    upload = {"file": (io.BytesIO(data.getvalue()), "ciie.xlsx")}
    page = client.post(
        "/en/staff/leads/import", data=upload, content_type="multipart/form-data"
    ).get_data(as_text=True)
    assert "1 lead imported." in page and "Invalid e-mail address" in page
    assert "<td>3</td>" in page
    upload = {"file": (io.BytesIO(b"\x00\x01"), "x.csv")}
    broken = client.post("/en/staff/leads/import", data=upload, content_type="multipart/form-data")
    assert broken.status_code == 400
    assert "neither a CSV nor an XLSX" in broken.get_data(as_text=True)


def test_list_filters_and_csv_export(client: FlaskClient) -> None:
    staff = _staff(client)
    _lead(owner_id=staff.id, next_follow_up_on=date(2020, 1, 1), country="DE")
    create_lead({"organization_en": '=HYPERLINK("http://x")', "source": "Slush 2026"})
    db.session.commit()
    overdue = client.get("/en/staff/leads/list?overdue=1").get_data(as_text=True)
    assert "Siemens Healthineers" in overdue and "HYPERLINK" not in overdue
    by_source = client.get("/en/staff/leads/list?source=Slush+2026").get_data(as_text=True)
    assert "HYPERLINK" in by_source and "Siemens" not in by_source
    csv = client.get("/en/staff/leads/export.csv")
    text = csv.get_data(as_text=True)
    assert csv.mimetype == "text/csv" and text.startswith("\ufeffid,organization_en")
    assert "西门子医疗" in text and "'=HYPERLINK" in text
    only_de = client.get("/en/staff/leads/export.csv?country=DE").get_data(as_text=True)
    assert "HYPERLINK" not in only_de


def test_my_follow_ups(client: FlaskClient) -> None:
    staff = _staff(client)
    _lead(owner_id=staff.id, next_follow_up_on=date(2020, 5, 1))
    create_lead(
        {
            "organization_en": "Future GmbH",
            "owner_id": staff.id,
            "next_follow_up_on": date(2099, 1, 1),
        }
    )
    db.session.commit()
    page = client.get("/en/staff/leads/mine").get_data(as_text=True)
    assert "Siemens Healthineers" in page and "Future GmbH" not in page


def test_staff_home_links_the_board(client: FlaskClient) -> None:
    _staff(client)
    assert "/en/staff/leads/" in client.get("/en/staff/").get_data(as_text=True)


@pytest.mark.browser
def test_moving_a_lead_on_the_board_in_a_browser(page: object, live_server: str) -> None:
    user = make_user("browser@alliance.example")
    create_lead({"organization_en": "Nordic Robotics Oy", "source": "CIIE 2026"})
    db.session.commit()
    page.goto(f"{live_server}/en/login")  # type: ignore[attr-defined]
    page.fill("#email", user.email)  # type: ignore[attr-defined]
    page.fill("#password", PASSWORD)  # type: ignore[attr-defined]
    page.click("form.form button[type=submit]")  # type: ignore[attr-defined]
    page.goto(f"{live_server}/en/staff/leads/")  # type: ignore[attr-defined]
    card = page.locator(".stage-new .lead-card", has_text="Nordic Robotics Oy")  # type: ignore[attr-defined]
    card.locator("button[data-stage=contacted]").click()
    page.wait_for_url("**/staff/leads/#lead-*")  # type: ignore[attr-defined]
    moved = page.locator(".stage-contacted .lead-card", has_text="Nordic Robotics Oy")  # type: ignore[attr-defined]
    assert moved.count() == 1
    assert page.locator(".stage-new .lead-card").count() == 0  # type: ignore[attr-defined]
