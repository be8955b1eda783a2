import pytest
from flask.testing import FlaskClient

from core.i18n import negotiate


@pytest.mark.parametrize(
    ("header", "lang"),
    [
        ("zh", "zh"),
        ("zh-CN", "zh"),
        ("zh-Hans-CN", "zh"),
        ("zh-TW,en;q=0.5", "zh"),
        ("en-US,en;q=0.9", "en"),
        ("de-DE", "en"),
        ("", "en"),
        (None, "en"),
        ("fr;q=1,zh-CN;q=0.8", "zh"),
        ("en;q=0.2,zh;q=0.9", "zh"),
        ("zh;q=0", "en"),
    ],
)
def test_accept_language_negotiation(header: str | None, lang: str) -> None:
    assert negotiate(header) == lang


@pytest.mark.parametrize(("header", "target"), [("zh-CN,zh;q=0.9", "/zh/"), ("en-GB", "/en/")])
def test_root_redirects_by_accept_language(client: FlaskClient, header: str, target: str) -> None:
    response = client.get("/", headers={"Accept-Language": header})
    assert response.status_code == 302
    assert response.headers["Location"].endswith(target)
    assert "Accept-Language" in response.headers["Vary"]


def test_html_lang_attribute(client: FlaskClient) -> None:
    assert '<html lang="en">' in client.get("/en/").get_data(as_text=True)
    assert '<html lang="zh-Hans">' in client.get("/zh/").get_data(as_text=True)


def test_ui_strings_follow_the_url_not_the_header(client: FlaskClient) -> None:
    zh = client.get("/zh/events", headers={"Accept-Language": "en"}).get_data(as_text=True)
    en = client.get("/en/events", headers={"Accept-Language": "zh"}).get_data(as_text=True)
    assert "浏览" in client.get("/zh/").get_data(as_text=True)
    assert ">活动<" in zh and ">Events<" not in zh
    assert ">Events<" in en and ">活动<" not in en


def test_switch_keeps_the_page_and_query(client: FlaskClient) -> None:
    html = client.get("/en/events?page=2&q=AI").get_data(as_text=True)
    assert 'href="/zh/events?page=2&amp;q=AI"' in html
    html = client.get("/zh/login").get_data(as_text=True)
    assert 'href="/en/login"' in html


def test_unknown_language_prefix_is_not_found(client: FlaskClient) -> None:
    assert client.get("/fr/events").status_code == 404
