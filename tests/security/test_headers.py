"""Every response carries the security headers; the session cookie is locked down."""

import pytest
from flask.testing import FlaskClient

from core.extensions import db
from tests.factories import PASSWORD, make_user


def _directives(csp: str) -> dict[str, list[str]]:
    parts = (d.split() for d in csp.split(";") if d.strip())
    return {name: values for name, *values in parts}


@pytest.mark.parametrize("path", ["/en/", "/zh/login", "/healthz", "/en/no-such-page"])
def test_csp_forbids_inline_scripts_plugins_base_and_framing(
    client: FlaskClient, path: str
) -> None:
    response = client.get(path)
    csp = _directives(response.headers["Content-Security-Policy"])
    scripts = csp.get("script-src", csp["default-src"])
    assert "'unsafe-inline'" not in scripts and "'unsafe-eval'" not in scripts
    assert csp["object-src"] == ["'none'"]
    assert csp["base-uri"] == ["'none'"]
    assert csp["frame-ancestors"] == ["'none'"]
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "strict-origin-when-cross-origin"


def test_hsts_only_over_https(client: FlaskClient) -> None:
    assert "Strict-Transport-Security" not in client.get("/en/login").headers
    secure = client.get("/en/login", base_url="https://localhost")
    assert secure.headers["Strict-Transport-Security"].startswith("max-age=")


def _session_cookie(client: FlaskClient, base_url: str) -> str:
    user = make_user(role="staff")
    db.session.commit()
    response = client.post(
        "/en/login", data={"email": user.email, "password": PASSWORD}, base_url=base_url
    )
    assert response.status_code == 302
    cookies = [c for c in response.headers.getlist("Set-Cookie") if c.startswith("session=")]
    assert cookies, "signing in sets the session cookie"
    return cookies[-1]


def test_session_cookie_is_httponly_and_lax_over_http(client: FlaskClient) -> None:
    cookie = _session_cookie(client, "http://localhost")
    attributes = {a.strip().lower() for a in cookie.split(";")}
    assert "httponly" in attributes and "samesite=lax" in attributes
    assert "secure" not in attributes  # over plain http a Secure cookie would be dropped


def test_session_cookie_is_secure_over_https(client: FlaskClient) -> None:
    cookie = _session_cookie(client, "https://localhost")
    attributes = {a.strip().lower() for a in cookie.split(";")}
    assert {"httponly", "samesite=lax", "secure"} <= attributes


class TestPublicHttpsUrl:
    @pytest.fixture
    def app_config(self) -> dict:
        return {"HUIJU_PUBLIC_URL": "https://huiju.example.org"}

    def test_an_https_public_url_makes_every_session_cookie_secure(
        self, client: FlaskClient
    ) -> None:
        # e.g. behind a TLS proxy that forwards plain http to the app
        cookie = _session_cookie(client, "http://localhost")
        assert "secure" in {a.strip().lower() for a in cookie.split(";")}


def test_nul_bytes_in_queries_and_forms_are_refused(client) -> None:
    assert client.get("/en/partners?kind=park%00").status_code == 400
    assert client.get("/en/events?city=a%00b").status_code == 400
    response = client.post("/en/login", data={"email": "a\x00@example.org", "password": "x" * 12})
    assert response.status_code == 400
    assert client.get("/en/partners?kind=park").status_code == 200
