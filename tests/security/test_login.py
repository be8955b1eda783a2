"""Sign-in under attack: throttling per e-mail and per address, password rules, CSRF on every
form (routes discovered from the URL map, so forms added later are covered too)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from flask import Flask
from flask.testing import FlaskClient, FlaskCliRunner

from core.db_types import utcnow
from core.extensions import db
from core.models import LoginAttempt
from core.throttle import MAX_PER_EMAIL, MAX_PER_IP, WINDOW
from tests.factories import PASSWORD, make_user
from tests.routes import sample_url

THROTTLED = "Too many failed sign-in attempts. Please wait 15 minutes and try again."
WRONG = "The e-mail or password is not right."


def attempt(client: FlaskClient, email: str, password: str, ip: str = "203.0.113.7"):
    return client.post(
        "/en/login",
        data={"email": email, "password": password},
        environ_base={"REMOTE_ADDR": ip},
    )


def fail_times(client: FlaskClient, email: str, times: int, ip: str = "203.0.113.7") -> None:
    for _ in range(times):
        response = attempt(client, email, "wrong password!", ip)
        assert response.status_code == 200 and WRONG in response.get_data(as_text=True)


@pytest.mark.parametrize("exists", [True, False], ids=["existing", "unknown"])
def test_an_email_is_locked_after_five_failures_with_words_that_reveal_nothing(
    client: FlaskClient, exists: bool
) -> None:
    email = "ann@example.org"
    if exists:
        make_user(email, role="staff")
        db.session.commit()
    fail_times(client, email, MAX_PER_EMAIL)
    response = attempt(client, email, PASSWORD)  # even the right password
    assert response.status_code == 429
    assert THROTTLED in response.get_data(as_text=True)
    assert client.get("/en/staff/").status_code == 302  # not signed in


def test_the_same_email_written_differently_counts_once(client: FlaskClient) -> None:
    fail_times(client, "Ann@Example.org", MAX_PER_EMAIL - 1)
    fail_times(client, "ANN@EXAMPLE.ORG", 1)
    assert attempt(client, "ann@example.org", "whatever!!").status_code == 429


def test_other_accounts_and_addresses_are_not_affected(client: FlaskClient) -> None:
    user = make_user("bob@example.org", role="staff")
    db.session.commit()
    fail_times(client, "ann@example.org", MAX_PER_EMAIL)
    assert attempt(client, user.email, PASSWORD).status_code == 302


def test_an_address_is_locked_after_twenty_failures_across_emails(client: FlaskClient) -> None:
    user = make_user(role="staff")
    db.session.commit()
    for n in range(MAX_PER_IP):
        fail_times(client, f"guess{n}@example.org", 1, ip="198.51.100.9")
    blocked = attempt(client, user.email, PASSWORD, ip="198.51.100.9")
    assert blocked.status_code == 429 and THROTTLED in blocked.get_data(as_text=True)
    assert attempt(client, user.email, PASSWORD, ip="198.51.100.10").status_code == 302


def test_success_clears_the_email_count(client: FlaskClient) -> None:
    user = make_user(role="staff")
    db.session.commit()
    fail_times(client, user.email, MAX_PER_EMAIL - 1)
    assert attempt(client, user.email, PASSWORD).status_code == 302
    client.post("/en/logout")
    fail_times(client, user.email, MAX_PER_EMAIL - 1)  # four more would be nine without reset
    assert attempt(client, user.email, PASSWORD).status_code == 302


def test_failures_older_than_the_window_no_longer_count(client: FlaskClient) -> None:
    user = make_user(role="staff")
    old = utcnow() - WINDOW - timedelta(minutes=1)
    db.session.add_all(
        LoginAttempt(scope="email", key=user.email, at=old) for _ in range(MAX_PER_EMAIL)
    )
    db.session.commit()
    assert attempt(client, user.email, PASSWORD).status_code == 302


def test_throttled_attempts_are_audited(client: FlaskClient) -> None:
    from core.models import AuditEntry

    fail_times(client, "ann@example.org", MAX_PER_EMAIL)
    attempt(client, "ann@example.org", "again and again")
    actions = [e.action for e in db.session.query(AuditEntry).order_by(AuditEntry.id)]
    assert actions.count("login.failed") == MAX_PER_EMAIL and actions[-1] == "login.throttled"


@pytest.mark.parametrize(
    ("password", "message"),
    [("short1!", "at least 10 characters"), ("password123", "too common")],
)
def test_weak_passwords_are_refused_by_users_create(
    runner: FlaskCliRunner, password: str, message: str
) -> None:
    result = runner.invoke(
        args=["users", "create", "weak@example.org", "--password-stdin"], input=f"{password}\n"
    )
    assert result.exit_code == 1
    assert message in result.output and "Traceback" not in result.output


# --- CSRF on every state-changing route --------------------------------------------------------

UNSAFE = {"POST", "PUT", "PATCH", "DELETE"}
TOKEN_AUTHENTICATED = {"/api/v1/feeds/<int:feed_id>/ics"}  # bearer tokens, no cookie to ride


def unsafe_rules(app: Flask) -> list[tuple[str, str]]:
    return sorted(
        (sample_url(rule), method)
        for rule in app.url_map.iter_rules()
        for method in (rule.methods or set()) & UNSAFE
        if rule.rule not in TOKEN_AUTHENTICATED
    )


class TestCsrfEverywhere:
    @pytest.fixture
    def app_config(self) -> dict:
        return {"WTF_CSRF_ENABLED": True}

    def test_every_form_route_refuses_a_request_without_a_token(
        self, app: Flask, client: FlaskClient
    ) -> None:
        user = make_user(role="admin")
        db.session.commit()
        with client.session_transaction() as session:  # signed in, as a forged request would be
            session["_user_id"] = str(user.id)
            session["_fresh"] = True
        routes = unsafe_rules(app)
        assert len(routes) >= 10, "the URL map should list the site's forms"
        accepted = [
            (url, method, status)
            for url, method in routes
            if (status := client.open(url, method=method, data={"x": "1"}).status_code) != 400
        ]
        assert accepted == [], f"state-changing routes without CSRF protection: {accepted}"

    def test_the_push_api_is_the_one_exemption_and_needs_its_token(
        self, client: FlaskClient
    ) -> None:
        response = client.put(
            "/api/v1/feeds/1/ics", data=b"BEGIN:VCALENDAR", content_type="text/calendar"
        )
        assert response.status_code == 401
