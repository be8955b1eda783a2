from flask import Flask
from flask.testing import FlaskClient

from core.app import create_app


def test_test_config_overrides_environment(app: Flask) -> None:
    assert app.config["TESTING"] is True
    assert app.config["SECRET_KEY"] == "test-secret"


def test_demo_feeds_are_not_served_unless_enabled(app: Flask, client: FlaskClient) -> None:
    assert client.get("/demo/feeds/slush-shanghai.ics").status_code == 404


def test_security_headers_on_every_page(client: FlaskClient) -> None:
    response = client.get("/en/")
    csp = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "object-src 'none'" in csp
    assert "base-uri 'none'" in csp and "frame-ancestors 'none'" in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert "Strict-Transport-Security" not in response.headers  # plain http in tests


def test_pages_load_nothing_from_outside(client: FlaskClient) -> None:
    html = client.get("/en/").get_data(as_text=True)
    assert "//cdn" not in html and "googleapis" not in html
    for attr in ('src="http', 'href="http'):
        assert attr not in html


def test_error_pages_in_both_languages(client: FlaskClient) -> None:
    en = client.get("/en/no-such-page")
    zh = client.get("/zh/no-such-page")
    assert en.status_code == zh.status_code == 404
    assert "This page does not exist." in en.get_data(as_text=True)
    assert "此页面不存在。" in zh.get_data(as_text=True)


def test_500_page_is_friendly_and_translated(migrated: str) -> None:
    app = create_app({"SQLALCHEMY_DATABASE_URI": migrated, "SECRET_KEY": "x"})

    @app.route("/<lang:lang>/boom")
    def boom() -> str:
        raise RuntimeError("kaboom")

    response = app.test_client().get("/zh/boom")
    body = response.get_data(as_text=True)
    assert response.status_code == 500
    assert "我们这边出了点问题" in body and "kaboom" not in body and "Traceback" not in body


def test_api_errors_are_json(client: FlaskClient) -> None:
    response = client.get("/api/v1/no-such-thing")
    assert response.status_code == 404
    assert response.is_json and response.get_json()["error"] == "Not Found"


def test_405_keeps_the_allow_header(client: FlaskClient) -> None:
    for path in ("/healthz", "/en/"):
        response = client.post(path)
        assert response.status_code == 405
        assert "GET" in response.headers["Allow"]
