import io

import pytest
from flask.testing import FlaskClient
from openpyxl import Workbook
from sqlalchemy import select

from core.extensions import db
from core.models import AuditEntry
from partners.models import Link, Partner
from tests.factories import login, make_link, make_partner, make_user

STAFF_PAGES = [
    "/en/staff/partners",
    "/en/staff/partners/new",
    "/en/staff/partners/import",
    "/en/staff/links",
    "/en/staff/links/new",
    "/en/staff/links/import",
]

GOOD = {
    "slug": "hefei-base",
    "name_en": "Hefei Base",
    "name_zh": "合肥示范基地",
    "kind": "base",
    "region": "anhui",
    "country": "cn",
    "website": "https://hefei.example.org",
    "alliance_member": "y",
}


@pytest.fixture
def staff(client: FlaskClient) -> FlaskClient:
    login(client, make_user(role="staff"))
    db.session.commit()
    return client


@pytest.mark.parametrize("path", STAFF_PAGES)
def test_anonymous_visitors_are_sent_to_sign_in(client: FlaskClient, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 302 and "/en/login?next=" in response.headers["Location"]


@pytest.mark.parametrize("path", STAFF_PAGES)
def test_partner_users_may_not_use_staff_pages(client: FlaskClient, path: str) -> None:
    user = make_user(role="partner", partner=make_partner())
    db.session.commit()
    login(client, user)
    assert client.get(path).status_code == 403


def test_staff_creates_a_partner_and_it_is_audited(staff: FlaskClient) -> None:
    response = staff.post("/en/staff/partners/new", data=GOOD)
    assert response.status_code == 302
    partner = db.session.scalar(select(Partner).where(Partner.slug == "hefei-base"))
    assert partner.country == "CN" and partner.alliance_member and partner.region == "anhui"
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "partner.create"))
    assert entry.actor.startswith("user") and entry.target_id == str(partner.id)


def test_bad_partner_input_gets_clear_messages(staff: FlaskClient) -> None:
    make_partner("hefei-base")
    db.session.commit()
    bad = {**GOOD, "country": "XX", "website": "javascript:alert(1)"}
    html = staff.post("/en/staff/partners/new", data=bad).get_data(as_text=True)
    assert "Another partner uses this identifier already." in html
    assert "Enter a two-letter ISO country code" in html
    assert "Enter an address starting with http:// or https://." in html
    html = staff.post("/en/staff/partners/new", data={**GOOD, "slug": "Hefei Base"}).get_data(
        as_text=True
    )
    assert "Use lower-case letters, digits and single hyphens" in html
    assert db.session.query(Partner).count() == 1


def test_staff_edits_a_partner(staff: FlaskClient) -> None:
    partner = make_partner("hefei-base", name_en="Hefei")
    db.session.commit()
    form = staff.get(f"/en/staff/partners/{partner.id}/edit").get_data(as_text=True)
    assert 'value="hefei-base"' in form
    response = staff.post(f"/en/staff/partners/{partner.id}/edit", data=GOOD)
    assert response.status_code == 302
    db.session.refresh(partner)
    assert partner.name_en == "Hefei Base"
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "partner.update"))
    assert entry.details["name_en"] == ["Hefei", "Hefei Base"]


def test_staff_creates_edits_and_deletes_a_link(staff: FlaskClient) -> None:
    a, b = make_partner("tongji"), make_partner("kic")
    db.session.commit()
    data = {
        "source_id": a.id,
        "target_id": b.id,
        "kind": "incubation",
        "since": "2020-03-01",
        "weight": "2.5",
        "note_en": "Start-ups",
        "evidence_url": "https://ex.example.org/a",
    }
    assert staff.post("/en/staff/links/new", data=data).status_code == 302
    link = db.session.scalar(select(Link))
    assert link.weight == 2.5 and link.since.isoformat() == "2020-03-01"
    listing = staff.get("/en/staff/links").get_data(as_text=True)
    assert "Incubation" in listing and a.name_en in listing
    assert (
        staff.post(f"/en/staff/links/{link.id}/edit", data={**data, "weight": "3"}).status_code
        == 302
    )
    assert staff.post(f"/en/staff/links/{link.id}/delete").status_code == 302
    assert db.session.query(Link).count() == 0
    actions = db.session.scalars(select(AuditEntry.action).order_by(AuditEntry.id)).all()
    assert actions[-3:] == ["link.create", "link.update", "link.delete"]


def test_bad_link_input_gets_clear_messages(staff: FlaskClient) -> None:
    a = make_partner("tongji")
    db.session.commit()
    data = {
        "source_id": a.id,
        "target_id": a.id,
        "kind": "mou",
        "since": "2021-01-01",
        "until": "2020-01-01",
        "weight": "0",
        "evidence_url": "ftp://x.example.org",
    }
    html = staff.post("/en/staff/links/new", data=data).get_data(as_text=True)
    assert "A partner cannot cooperate with itself." in html
    assert "The end date is before the start date." in html
    assert "Enter a number greater than 0." in html
    assert "Enter an address starting with http:// or https://." in html
    assert db.session.query(Link).count() == 0


def test_staff_merges_duplicates_from_the_form(staff: FlaskClient) -> None:
    keep, dup, other = make_partner("kic"), make_partner("kic-2"), make_partner("fudan")
    make_link(dup, other)
    db.session.commit()
    response = staff.post(f"/en/staff/partners/{dup.id}/merge", data={"survivor_id": keep.id})
    assert response.status_code == 302
    assert db.session.get(Partner, dup.id) is None
    assert db.session.scalar(select(Link)).source_id == keep.id


def test_upload_shows_per_row_results(staff: FlaskClient) -> None:
    csv = "slug,name_en,name_zh,kind\nhefei-base,Hefei,合肥,base\nBAD SLUG,x,y,park\n"
    response = staff.post(
        "/zh/staff/partners/import",
        data={"file": (io.BytesIO(csv.encode()), "partners.csv")},
        content_type="multipart/form-data",
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "<td>3</td>" in html and "bad slug" in html
    assert db.session.scalar(select(Partner.name_zh)) == "合肥"


def test_upload_of_links_xlsx(staff: FlaskClient) -> None:
    make_partner("tongji"), make_partner("kic")
    db.session.commit()
    book = Workbook()
    book.active.append(["source", "target", "kind", "since"])
    book.active.append(["tongji", "kic", "mou", "2020-01-01"])
    buffer = io.BytesIO()
    book.save(buffer)
    buffer.seek(0)
    response = staff.post(
        "/en/staff/links/import",
        data={"file": (buffer, "links.xlsx")},
        content_type="multipart/form-data",
    )
    assert "1 new, 0 updated, 0 unchanged, 0 rejected." in response.get_data(as_text=True)


def test_upload_of_a_non_spreadsheet_is_a_form_error(staff: FlaskClient) -> None:
    response = staff.post(
        "/en/staff/partners/import",
        data={"file": (io.BytesIO(b"\x89PNG\r\n\x1a\n\x00\x00"), "x.csv")},
        content_type="multipart/form-data",
    )
    assert "neither a CSV nor an XLSX" in response.get_data(as_text=True)
