"""Push tokens: created once and shown once, stored hashed, listed, revoked (CLI and pages)."""

from __future__ import annotations

import hashlib
import json

from flask.testing import FlaskClient, FlaskCliRunner
from sqlalchemy import select

from core.extensions import db
from core.models import AuditEntry
from federation.models import PartnerToken
from federation.operations import create_token, note_use, revoke_token
from federation.tokens import authenticate
from tests.factories import login, make_partner, make_user


def test_cli_creates_a_token_shown_once_and_stored_hashed(runner: FlaskCliRunner) -> None:
    make_partner("slush-shanghai")
    db.session.commit()
    result = runner.invoke(args=["tokens", "create", "slush-shanghai", "--name", "CMS", "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    raw = data["token"]
    assert raw.startswith("hj_") and len(raw) > 40
    assert (data["partner"], data["name"], data["prefix"]) == ("slush-shanghai", "CMS", raw[:8])
    stored = db.session.scalars(select(PartnerToken)).one()
    assert stored.token_hash == hashlib.sha256(raw.encode()).hexdigest()
    assert raw not in {stored.token_hash, stored.prefix, stored.name}
    listed = runner.invoke(args=["tokens", "list", "slush-shanghai", "--json"])
    assert "token" not in json.loads(listed.stdout)[0] and raw not in listed.stdout


def test_cli_revokes_and_refuses_unknown_names(runner: FlaskCliRunner) -> None:
    partner = make_partner("gew-china")
    new = create_token(partner)
    db.session.commit()
    assert runner.invoke(args=["tokens", "revoke", str(new.token.id)]).exit_code == 0
    again = runner.invoke(args=["tokens", "revoke", str(new.token.id)])
    assert again.exit_code == 1 and "already revoked" in again.output
    assert "Traceback" not in again.output
    missing = runner.invoke(args=["tokens", "create", "no-such-partner", "--json"])
    assert missing.exit_code == 1 and missing.stdout == ""
    listed = json.loads(runner.invoke(args=["tokens", "list", "--json"]).stdout)
    assert listed[0]["revoked_at"] is not None
    actions = set(db.session.scalars(select(AuditEntry.action)))
    assert {"token.create", "token.revoke"} <= actions


def test_authenticate_accepts_live_tokens_only(app) -> None:
    new = create_token(make_partner())
    db.session.commit()
    assert authenticate(new.raw) == new.token
    assert new.token.last_used_at is None and not db.session.dirty  # reads only
    note_use(new.token)
    assert new.token.last_used_at is not None
    assert authenticate(new.raw + "x") is None
    assert authenticate("") is None and authenticate(None) is None
    revoke_token(new.token)
    db.session.commit()
    assert authenticate(new.raw) is None


def test_partner_user_creates_lists_and_revokes_on_the_page(client: FlaskClient) -> None:
    partner, other = make_partner("kic"), make_partner("changyang")
    others_token = create_token(other)
    user = make_user(role="partner", partner=partner)
    db.session.commit()
    login(client, user)
    page = client.post("/en/feeds/tokens", data={"name": "Website"}).get_data(as_text=True)
    token = db.session.scalars(
        select(PartnerToken).where(PartnerToken.partner_id == partner.id)
    ).one()
    raw = page.split('class="token-value">')[1].split("<")[0]
    assert raw.startswith(token.prefix) and "shown only this once" in page
    assert "curl -X PUT" in page and "/api/v1/feeds/FEED_ID/ics" in page
    assert client.get("/en/feeds/tokens").headers["Cache-Control"] == "no-store"
    listing = client.get("/en/feeds/tokens").get_data(as_text=True)
    assert token.prefix in listing and raw not in listing
    assert others_token.token.prefix not in listing
    assert client.post(f"/en/feeds/tokens/{others_token.token.id}/revoke").status_code == 404
    client.post(f"/en/feeds/tokens/{token.id}/revoke")
    db.session.expire_all()
    assert db.session.get(PartnerToken, token.id).revoked_at is not None
    assert authenticate(raw) is None


def test_administrators_create_tokens_for_any_partner(client: FlaskClient) -> None:
    partner = make_partner("bay-area-council")
    staff = make_user(role="admin")
    db.session.commit()
    login(client, staff)
    page = client.get("/zh/feeds/tokens").get_data(as_text=True)
    assert partner.name_zh in page
    client.post("/en/feeds/tokens", data={"partner": partner.id, "name": "sync"})
    token = db.session.scalars(select(PartnerToken)).one()
    assert (token.partner_id, token.created_by_id) == (partner.id, staff.id)


def test_anonymous_visitors_cannot_see_tokens(client: FlaskClient) -> None:
    assert client.get("/en/feeds/tokens").status_code == 302
