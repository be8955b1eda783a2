"""The staff audit log: filtered, paginated, times formatted for the reader, read only."""

from __future__ import annotations

from datetime import UTC, datetime

from flask import Flask
from flask.testing import FlaskClient

from core import audit
from core.extensions import db
from core.views.audit import PAGE_SIZE
from tests.factories import login, make_user


def _entries(count: int, action: str, actor: str) -> None:
    for n in range(count):
        entry = audit.record(action, None, summary=f"{action} #{n}", actor=actor)
        entry.at = datetime(2026, 11, 11, 2, n % 60, tzinfo=UTC)
    db.session.commit()


def test_filters_by_action_and_actor(client: FlaskClient) -> None:
    login(client, make_user("admin@example.org", role="admin"))
    _entries(3, "feed.add", "alice@example.org")
    _entries(2, "link.delete", "token:hj_abcd")
    page = client.get("/en/staff/audit?action=link.delete").get_data(as_text=True)
    assert "link.delete #1" in page and "feed.add #0" not in page
    page = client.get("/en/staff/audit?actor=ALICE").get_data(as_text=True)
    assert "feed.add #2" in page and "link.delete" not in page.split("<tbody>")[1]
    page = client.get("/en/staff/audit?actor=%25").get_data(as_text=True)  # a literal %, no LIKE
    assert "No entries match these filters." in page


def test_pages_through_many_entries_newest_first(client: FlaskClient) -> None:
    login(client, make_user(role="admin"))
    _entries(PAGE_SIZE + 5, "partner.edit", "cli")
    first = client.get("/en/staff/audit?action=partner.edit").get_data(as_text=True)
    assert "Page 1 of 2" in first and 'rel="next"' in first
    second = client.get("/en/staff/audit?action=partner.edit&page=2").get_data(as_text=True)
    assert second.count("partner.edit #") == 5
    assert client.get("/en/staff/audit?page=abc").status_code == 200
    assert client.get("/en/staff/audit?page=99999999999").status_code == 200


def test_times_are_formatted_for_the_reader_in_shanghai_time(client: FlaskClient) -> None:
    login(client, make_user(role="admin"), lang="zh")
    _entries(1, "feed.add", "cli")
    page = client.get("/zh/staff/audit").get_data(as_text=True)
    assert "2026年11月11日" in page and "10:00" in page  # 02:00 UTC is 10:00 in Shanghai
    assert "Nov 11, 2026" in client.get("/en/staff/audit").get_data(as_text=True)


def test_the_log_cannot_be_changed_through_the_web(app: Flask) -> None:
    audit_rules = [r for r in app.url_map.iter_rules() if "/audit" in r.rule]
    assert audit_rules
    assert all(r.methods <= {"GET", "HEAD", "OPTIONS"} for r in audit_rules)
