"""Every word of a /zh page is Chinese: a walk of the demo world's public and staff pages in
Chinese that fails when a text node is an English UI label from the catalogs ("Nobody",
"Bootcamp", "command line"), a raw time zone (``Europe/Berlin``) or a bare country code (``NO``).

Partner data is data: text inside an element marked ``lang="en"`` (an English-only event's
title) and code-like elements (URLs, ``<code>``) are not judged. One demo load for the module.
"""

from __future__ import annotations

import re
import socket
from collections.abc import Iterator
from html.parser import HTMLParser

import pytest
from babel import Locale
from babel.messages.pofile import read_po
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from core.app import create_app
from core.cli.i18n import po_path
from core.extensions import db
from core.models import User
from federation.models import Feed, FeedSource
from federation.sync import sync_feed
from tests.conftest import _empty_tables
from tests.core.test_crawl import demo_values, get_rules, urls_for
from tests.factories import login, make_user

# Words Chinese text writes in Latin letters too (see test_catalogs.PRODUCT_NAMES).
LATIN_IN_CHINESE = {"API", "Outlook", "HTTP", "CSV", "XLSX", "PDF", "iCal", "ID", "URL"}
ZONE = re.compile(
    r"\b(?:Africa|America|Antarctica|Asia|Atlantic|Australia|Europe|Indian|Pacific)/[A-Z]\w+"
)
COUNTRY_CODES = frozenset(c for c in Locale("en").territories if len(c) == 2 and c.isalpha())
SKIPPED_TAGS = {"script", "style", "code", "pre", "textarea"}
SKIPPED_CLASSES = {"feed-url", "token-value", "push-example"}


class TextNodes(HTMLParser):
    """The page's text nodes that the page's own language governs."""

    VOID = frozenset(("area", "br", "col", "embed", "hr", "img", "input", "link", "meta",
                      "source", "track", "wbr"))  # fmt: skip

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[tuple[str, bool]] = []  # open elements: (tag, is its content data?)
        self.texts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.VOID:
            return
        values = dict(attrs)
        classes = set((values.get("class") or "").split())
        data = (
            tag in SKIPPED_TAGS
            or (values.get("lang") or "").startswith("en")
            or "hreflang" in values  # the language switch names its language in that language
            or bool(classes & SKIPPED_CLASSES)
        )
        self.stack.append((tag, data or (bool(self.stack) and self.stack[-1][1])))

    def handle_endtag(self, tag: str) -> None:
        # Pop to the matching element: an end tag the page left out closes with its parent.
        if any(open_tag == tag for open_tag, _ in self.stack):
            while self.stack and self.stack.pop()[0] != tag:
                pass

    def handle_data(self, data: str) -> None:
        text = " ".join(data.split())
        if text and not (self.stack and self.stack[-1][1]):
            self.texts.append(text)


def text_nodes(html: str) -> list[str]:
    parser = TextNodes()
    parser.feed(html)
    return parser.texts


def english_labels() -> set[str]:
    """Short UI labels (up to three words, no placeholder) whose Chinese is something else."""
    english = {m.id: m.string or m.id for m in read_po(po_path("en").open("rb")) if m.id}
    chinese = {m.id: m.string for m in read_po(po_path("zh_Hans_CN").open("rb")) if m.id}
    labels = set()
    for msgid, text in english.items():
        if isinstance(msgid, tuple) or "%(" in msgid or len(text.split()) > 3:
            continue
        if text in LATIN_IN_CHINESE or not any(c.isalpha() for c in text):
            continue
        if chinese.get(msgid) and text not in chinese[msgid]:
            labels.add(text)
    return labels


def offences(texts: list[str], labels: set[str]) -> list[str]:
    """What in ``texts`` is English UI, a raw zone or a bare country code."""
    found = []
    for text in texts:
        if text in labels or text.rstrip(":：") in labels:
            found.append(f"English label {text!r}")
        elif ZONE.search(text):
            found.append(f"raw zone in {text!r}")
        elif any(part.strip() in COUNTRY_CODES for part in text.split("·")):
            found.append(f"country code in {text!r}")
    return found


@pytest.fixture(scope="module")
def demo_app(migrated: str) -> Iterator[Flask]:
    """The demo world, loaded once; one feed then fails (its server is gone), so the feed
    pages show a sync error."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        origin = f"http://127.0.0.1:{sock.getsockname()[1]}"
    app = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": migrated,
            "SECRET_KEY": "test-secret",
            "WTF_CSRF_ENABLED": False,
            "TESTING": True,
            "HUIJU_FEED_ALLOW_HOSTS": frozenset({"127.0.0.1", "localhost"}),
            "HUIJU_PUBLIC_URL": origin,
        }
    )
    _empty_tables(app)
    with app.app_context():
        result = app.test_cli_runner().invoke(args=["demo"])
        assert result.exit_code == 0, result.output
        pulled = select(Feed.id).where(Feed.source == FeedSource.PULL).order_by(Feed.id)
        assert sync_feed(db.session.scalars(pulled).first(), trigger="manual").status == "error"
        yield app
        db.session.remove()
    _empty_tables(app)


@pytest.fixture(scope="module")
def staff_client(demo_app: Flask) -> FlaskClient:
    staff = make_user(role="admin")
    db.session.commit()
    client = demo_app.test_client()
    assert login(client, staff, "zh").status_code == 302
    return client


def chinese_pages(app: Flask, client: FlaskClient) -> dict[str, str]:
    """Every HTML page the URL map has in /zh, with values from the demo world."""
    staff = db.session.scalars(select(User).where(User.email.like("user%"))).first()
    values = {**demo_values(staff), "lang": ["zh"]}
    db.session.commit()
    adapter = app.url_map.bind("localhost")
    pages = {}
    for rule in get_rules(app):
        if "lang" not in rule.arguments or not rule.arguments <= values.keys():
            continue
        for url in urls_for(rule, values, adapter):
            response = client.get(url)
            if response.status_code == 200 and response.mimetype == "text/html":
                pages[url] = response.get_data(as_text=True)
    return pages


def test_the_text_nodes_of_a_page_leave_out_data_and_code() -> None:
    html = (
        '<p>活动 <span lang="en">Bootcamp</span></p><code>Europe/Berlin</code>'
        '<span class="feed-url">http://x/</span><p>Bootcamp</p><td>NO</td>'
    )
    assert text_nodes(html) == ["活动", "Bootcamp", "NO"]
    assert offences(["Bootcamp", "NO", "柏林时间", "Europe/Berlin"], {"Bootcamp"}) == [
        "English label 'Bootcamp'",
        "country code in 'NO'",
        "raw zone in 'Europe/Berlin'",
    ]


def test_no_chinese_page_shows_an_english_label_a_raw_zone_or_a_country_code(
    demo_app: Flask, staff_client: FlaskClient
) -> None:
    labels = english_labels()
    assert {"Unassigned", "Bootcamp", "Partner event", "command line"} <= labels
    pages = chinese_pages(demo_app, staff_client)
    assert len(pages) > 40, sorted(pages)
    found = {url: offences(text_nodes(html), labels) for url, html in pages.items()}
    found = {url: sorted(set(items)) for url, items in found.items() if items}
    assert found == {}, "\n".join(f"{url}: {items[:6]}" for url, items in found.items())


def test_sync_errors_triggers_and_audit_lines_are_in_chinese(
    demo_app: Flask, staff_client: FlaskClient
) -> None:
    feeds = staff_client.get("/zh/feeds").get_data(as_text=True)
    assert "拒绝连接" in feeds and "refused the connection" not in feeds
    failed = db.session.scalars(select(Feed).where(Feed.last_error != "")).one()
    detail = staff_client.get(f"/zh/feeds/{failed.id}").get_data(as_text=True)
    assert "加载演示数据" in detail and ">demo<" not in detail  # the demo's sync trigger
    assert '<td class="feed-error">' in detail and "拒绝连接" in detail
    audit = staff_client.get("/zh/staff/audit?action=lead.stage").get_data(as_text=True)
    assert "命令行：调整线索阶段（线索 #" in audit and "从“新建”调整为“已联系”" in audit
    assert "contacted" not in audit
