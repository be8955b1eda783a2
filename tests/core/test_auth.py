import pytest
from flask.testing import FlaskClient

from core.extensions import db
from core.models import AuditEntry
from tests.factories import PASSWORD, login, make_partner, make_user


def test_staff_pages_need_sign_in(client: FlaskClient) -> None:
    response = client.get("/en/staff/")
    assert response.status_code == 302
    assert "/en/login?next=" in response.headers["Location"]


def test_staff_signs_in_and_out(client: FlaskClient) -> None:
    user = make_user("Staff@Example.org", role="staff")
    db.session.commit()
    response = login(client, user)
    assert response.status_code == 302 and response.headers["Location"].endswith("/en/staff/")
    assert "Staff@Example.org" in client.get("/en/staff/").get_data(as_text=True)
    client.post("/en/logout")
    assert client.get("/en/staff/").status_code == 302


def test_wrong_password_is_refused_and_audited(client: FlaskClient) -> None:
    user = make_user(role="staff")
    db.session.commit()
    response = client.post("/zh/login", data={"email": user.email, "password": "wrong password!"})
    assert response.status_code == 200
    assert "邮箱或密码不正确" in response.get_data(as_text=True)
    assert db.session.query(AuditEntry).filter_by(action="login.failed").count() == 1


def test_unknown_user_gets_the_same_message(client: FlaskClient) -> None:
    response = client.post("/en/login", data={"email": "nobody@example.org", "password": "x" * 12})
    assert "The e-mail or password is not right." in response.get_data(as_text=True)


def test_partner_user_may_not_see_staff_pages(client: FlaskClient) -> None:
    user = make_user(role="partner", partner=make_partner())
    db.session.commit()
    login(client, user)
    assert client.get("/en/staff/").status_code == 403


def test_deactivated_user_cannot_sign_in(client: FlaskClient) -> None:
    user = make_user(role="admin")
    user.active = False
    db.session.commit()
    login(client, user)
    assert client.get("/en/staff/").status_code == 302


@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example/x", "javascript:x"])
def test_next_parameter_cannot_redirect_off_site(client: FlaskClient, target: str) -> None:
    user = make_user(role="staff")
    db.session.commit()
    response = client.post(
        f"/en/login?next={target}", data={"email": user.email, "password": PASSWORD}
    )
    assert response.headers["Location"].endswith("/en/staff/")


def test_next_parameter_returns_to_the_page(client: FlaskClient) -> None:
    user = make_user(role="staff")
    db.session.commit()
    response = client.post(
        "/en/login?next=/en/events%3Fpage%3D2", data={"email": user.email, "password": PASSWORD}
    )
    assert response.headers["Location"] == "/en/events?page=2"


def test_partner_user_finds_its_feeds_in_the_header(client: FlaskClient) -> None:
    user = make_user(role="partner", partner=make_partner())
    db.session.commit()
    login(client, user, lang="zh")
    html = client.get("/zh/").get_data(as_text=True)
    assert 'href="/zh/feeds">我的日历源</a>' in html and "工作台" not in html
