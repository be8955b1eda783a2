"""CSRF is on for every form (the other tests switch it off for brevity)."""

import pytest
from flask import Flask
from flask.testing import FlaskClient

from core.extensions import db
from tests.factories import PASSWORD, make_user


@pytest.fixture
def app_config() -> dict:
    return {"WTF_CSRF_ENABLED": True}


def test_forms_require_a_csrf_token(app: Flask, client: FlaskClient) -> None:
    user = make_user(role="staff")
    db.session.commit()
    response = client.post("/en/login", data={"email": user.email, "password": PASSWORD})
    assert response.status_code == 400
    page = client.get("/en/login").get_data(as_text=True)
    token = page.split('name="csrf_token" type="hidden" value="')[1].split('"')[0]
    response = client.post(
        "/en/login", data={"email": user.email, "password": PASSWORD, "csrf_token": token}
    )
    assert response.status_code == 302


def test_sign_in_rotates_the_session(client: FlaskClient) -> None:
    user = make_user(role="staff")
    db.session.commit()
    page = client.get("/en/login").get_data(as_text=True)
    token = page.split('name="csrf_token" type="hidden" value="')[1].split('"')[0]
    with client.session_transaction() as session:
        session["planted"] = "by an attacker"
    client.post("/en/login", data={"email": user.email, "password": PASSWORD, "csrf_token": token})
    with client.session_transaction() as session:
        assert "planted" not in session
