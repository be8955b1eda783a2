"""Who may open what: a matrix over every protected route in the URL map (so that pages other
engineers add are checked too) for anonymous visitors, partner users, token holders, staff and
administrators.

Only an administrator reads the audit log and manages every partner's push tokens (user
accounts and backups are commands, run by whoever runs the server); a partner user manages its
own tokens. What a principal may not see answers 404, exactly as what does not exist."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from flask import Flask
from flask.testing import FlaskClient
from werkzeug.routing import Rule

from core.db_types import utcnow
from core.extensions import db
from federation import entered
from federation.entry import Entry
from federation.operations import create_token, upload_feed
from partners.models import Partner
from tests.factories import login, make_partner, make_user
from tests.routes import sample_url

STAFF_PREFIX = "/<lang:lang>/staff/"
FEED_PREFIX = "/<lang:lang>/feeds"
METHODS = ("GET", "POST")
ADMIN_ONLY = ("/<lang:lang>/staff/audit", "/<lang:lang>/feeds/tokens")
MISSING_ID = 987654


def rules(app: Flask, *prefixes: str) -> Iterator[tuple[Rule, str]]:
    for rule in sorted(app.url_map.iter_rules(), key=lambda r: r.rule):
        if rule.rule.startswith(prefixes):
            for method in METHODS:
                if method in (rule.methods or ()):
                    yield rule, method


@pytest.fixture
def world(app: Flask) -> dict:
    """Partner A with its user; partner B with a feed, a push token and an entered event A
    must not reach."""
    own, other = make_partner("own-park"), make_partner("other-park")
    feed = upload_feed(other, "other.ics")
    entry = entered.create(
        other, Entry(title_zh="开放日", start="2030-01-02 10:00"), None, utcnow()
    )
    token = create_token(other, name="CMS")
    staff = make_user("staff@example.org", role="staff")
    admin = make_user("admin@example.org", role="admin")
    partner_user = make_user("contact@example.org", role="partner", partner=own)
    db.session.commit()
    return {
        "feed_id": feed.id,
        "token_id": token.token.id,
        "entry_id": entry.id,
        "raw_token": token.raw,
        "staff": staff,
        "admin": admin,
        "partner_user": partner_user,
    }


def url_for_rule(rule: Rule, world: dict) -> str:
    """Ids point at partner B's objects, so a partner A user must be refused, not 404'd."""
    ids = {
        "feed_id": world["feed_id"],
        "token_id": world["token_id"],
        "entry_id": world["entry_id"],
    }
    return sample_url(rule, ids)


def request(client: FlaskClient, method: str, url: str, **kwargs: object) -> int:
    return client.open(url, method=method, data={}, **kwargs).status_code


def test_anonymous_visitors_are_sent_to_sign_in(
    app: Flask, client: FlaskClient, world: dict
) -> None:
    wrong = []
    for rule, method in rules(app, STAFF_PREFIX, FEED_PREFIX):
        response = client.open(url_for_rule(rule, world), method=method, data={})
        location = response.headers.get("Location", "")
        if response.status_code != 302 or "/en/login?next=" not in location:
            wrong.append((method, rule.rule, response.status_code))
    assert wrong == []


def test_partner_users_are_refused_every_staff_page(
    app: Flask, client: FlaskClient, world: dict
) -> None:
    login(client, world["partner_user"])
    staff_rules = list(rules(app, STAFF_PREFIX))
    assert staff_rules, "there are staff pages"
    wrong = [
        (method, rule.rule, status)
        for rule, method in staff_rules
        if (status := request(client, method, url_for_rule(rule, world))) != 403
    ]
    assert wrong == []


def test_partner_users_meet_another_partners_feeds_and_tokens_as_unknown_ones(
    app: Flask, client: FlaskClient, world: dict
) -> None:
    login(client, world["partner_user"])
    with_ids = [(r, m) for r, m in rules(app, FEED_PREFIX) if "_id>" in r.rule]
    assert with_ids
    missing = {"feed_id": MISSING_ID, "token_id": MISSING_ID, "entry_id": MISSING_ID}
    wrong = [
        (method, rule.rule, status, unknown)
        for rule, method in with_ids
        if (status := request(client, method, url_for_rule(rule, world)))
        != (unknown := request(client, method, sample_url(rule, missing)))
        or status != 404
    ]
    assert wrong == []


def test_a_token_pushing_to_another_partners_feed_meets_an_unknown_feed(
    client: FlaskClient, world: dict
) -> None:
    own = create_token(db.session.get(Partner, world["partner_user"].partner_id), name="own")
    db.session.commit()
    headers = {"Authorization": f"Bearer {own.raw}", "Content-Type": "text/calendar"}
    other = client.put(f"/api/v1/feeds/{world['feed_id']}/ics", headers=headers, data=b"x")
    unknown = client.put(f"/api/v1/feeds/{MISSING_ID}/ics", headers=headers, data=b"x")
    assert other.status_code == unknown.status_code == 404


def test_staff_reach_every_protected_route_but_the_administrators(
    app: Flask, client: FlaskClient, world: dict
) -> None:
    login(client, world["staff"])
    wrong = []
    for rule, method in rules(app, STAFF_PREFIX, FEED_PREFIX):
        status = request(client, method, url_for_rule(rule, world))
        expected_refusal = rule.rule.startswith(ADMIN_ONLY)
        if (status == 403) != expected_refusal or status == 401 or status >= 500:
            wrong.append((method, rule.rule, status))
    assert wrong == []


def test_administrators_reach_every_protected_route_without_a_server_error(
    app: Flask, client: FlaskClient, world: dict
) -> None:
    login(client, world["admin"])
    wrong = []
    for rule, method in rules(app, STAFF_PREFIX, FEED_PREFIX):
        status = request(client, method, url_for_rule(rule, world))
        if status in (401, 403) or status >= 500:
            wrong.append((method, rule.rule, status))
    assert wrong == []


def test_only_administrators_are_shown_the_admin_pages_in_the_menu(
    client: FlaskClient, world: dict
) -> None:
    login(client, world["staff"])
    assert "/en/staff/audit" not in client.get("/en/staff/").get_data(as_text=True)
    assert "/en/feeds/tokens" not in client.get("/en/feeds").get_data(as_text=True)
    client.post("/en/logout")
    login(client, world["admin"])
    assert "/en/staff/audit" in client.get("/en/staff/").get_data(as_text=True)
    assert "/en/feeds/tokens" in client.get("/en/feeds").get_data(as_text=True)


def _private_rules(app: Flask) -> list[tuple[Rule, str]]:
    return [
        (r, m) for r, m in rules(app, STAFF_PREFIX + "leads", STAFF_PREFIX + "audit") if m == "GET"
    ]


def test_leads_and_the_audit_log_are_never_shown_to_a_token_holder(
    app: Flask, client: FlaskClient, world: dict
) -> None:
    private = _private_rules(app)
    if not any("/leads" in r.rule for r, _ in private):
        pytest.skip("the leads pages are not registered")
    bearer = {"Authorization": f"Bearer {world['raw_token']}"}
    for rule, method in private:
        response = client.open(url_for_rule(rule, world), method=method, headers=bearer)
        assert response.status_code == 302, rule.rule
        assert "/en/login?next=" in response.headers["Location"]


def test_the_audit_log_shows_entries_to_administrators_only(
    app: Flask, client: FlaskClient, world: dict
) -> None:
    from core import audit

    audit.record("lead.create", None, summary="Confidential: Fraunhofer lead", actor="cli")
    db.session.commit()
    assert client.get("/en/staff/audit").status_code == 302
    login(client, world["partner_user"])
    assert client.get("/en/staff/audit").status_code == 403
    client.post("/en/logout")
    login(client, world["staff"])
    assert client.get("/en/staff/audit").status_code == 403
    client.post("/en/logout")
    login(client, world["admin"])
    page = client.get("/en/staff/audit?action=lead.create").get_data(as_text=True)
    assert "Confidential: Fraunhofer lead" in page
