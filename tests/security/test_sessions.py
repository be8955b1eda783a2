"""A session ends everywhere: a cookie copied before signing out, or before a password change,
opens nothing afterwards (``User.session_version`` in the session id). Over a real HTTP server,
so that every request loads its user afresh, as in production."""

from __future__ import annotations

import requests
from flask.testing import FlaskCliRunner

from core.extensions import db
from tests.factories import PASSWORD, make_user

NEW_PASSWORD = "a brand new passphrase"


def signed_in(base: str, password: str = PASSWORD) -> requests.Session:
    browser = requests.Session()
    form = {"email": "staff@example.org", "password": password}
    response = browser.post(f"{base}/en/login", data=form, allow_redirects=False, timeout=10)
    assert response.status_code == 302 and response.headers["Location"] == "/en/staff/"
    return browser


def staff_page(base: str, cookies: dict[str, str]) -> int:
    return requests.get(
        f"{base}/en/staff/", cookies=cookies, allow_redirects=False, timeout=10
    ).status_code


def test_a_session_copied_before_sign_out_opens_nothing_after_it(live_server: str) -> None:
    make_user("staff@example.org", role="staff")
    db.session.commit()
    browser = signed_in(live_server)
    stolen = browser.cookies.get_dict()
    assert staff_page(live_server, stolen) == 200
    browser.post(f"{live_server}/en/logout", timeout=10)
    assert staff_page(live_server, stolen) == 302
    again = signed_in(live_server)  # signing in again works, with a new session
    assert staff_page(live_server, again.cookies.get_dict()) == 200


def test_a_new_password_ends_every_session(live_server: str, runner: FlaskCliRunner) -> None:
    make_user("staff@example.org", role="staff")
    db.session.commit()
    stolen = signed_in(live_server).cookies.get_dict()
    assert staff_page(live_server, stolen) == 200
    result = runner.invoke(
        args=["users", "password", "staff@example.org", "--password-stdin"],
        input=NEW_PASSWORD + "\n",
    )
    assert result.exit_code == 0, result.output
    assert staff_page(live_server, stolen) == 302
    assert staff_page(live_server, signed_in(live_server, NEW_PASSWORD).cookies.get_dict()) == 200


def test_a_new_password_for_nobody_fails_in_one_line(runner: FlaskCliRunner) -> None:
    result = runner.invoke(args=["users", "password", "ghost@example.org", "--password-stdin"])
    assert result.exit_code == 1 and "there is no user ghost@example.org" in result.output
