"""Every ``next`` the site follows stays on the site (``core.auth.safe_next``): the time-zone
picker and the sign-in page answer hostile targets with their own landing page, never a 500."""

from __future__ import annotations

from urllib.parse import quote

from flask.testing import FlaskClient

from core.extensions import db
from tests.factories import PASSWORD, make_user

HOSTILE = [
    "https://evil.example/",
    "//evil.example/x",
    "/\t/evil.example",
    "/\n/evil.example",
    "/\r\nSet-Cookie: x=1",
    "/\\evil.example",
    "/\\/evil.example",
    "\\\\evil.example",
    "javascript:alert(1)",
    " //evil.example",
]


def assert_stays(location: str, landing: str) -> None:
    assert location == landing
    assert "evil" not in location


def test_the_time_zone_picker_stays_on_the_site(client: FlaskClient) -> None:
    for target in HOSTILE:
        response = client.post("/en/timezone", data={"tz": "Europe/Berlin", "next": target})
        assert response.status_code == 303, target
        assert_stays(response.headers["Location"], "/en/events")


def test_sign_in_stays_on_the_site(client: FlaskClient) -> None:
    user = make_user(role="staff")
    db.session.commit()
    for target in HOSTILE:
        response = client.post(
            f"/en/login?next={quote(target)}", data={"email": user.email, "password": PASSWORD}
        )
        assert response.status_code == 302, target
        assert_stays(response.headers["Location"], "/en/staff/")
        client.post("/en/logout")


def test_a_path_on_the_site_is_followed(client: FlaskClient) -> None:
    response = client.post("/en/timezone", data={"tz": "UTC", "next": "/en/events?page=2"})
    assert response.headers["Location"] == "/en/events?page=2"
