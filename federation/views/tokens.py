"""Push tokens on the web: list, create (shown once), revoke."""

from __future__ import annotations

from typing import Any

from flask import (
    abort,
    current_app,
    flash,
    make_response,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user

from core.auth import can_manage_tokens
from core.extensions import db
from federation import operations, queries
from federation.access import chosen_partner, offer_partners, token_user_required, viewer_partner_id
from federation.errors import FederationError
from federation.forms import ActionForm, TokenForm
from federation.models import Feed, PartnerToken


@token_user_required
def tokens_page() -> Any:
    form = TokenForm()
    offer_partners(form)
    created = None
    if form.validate_on_submit():
        partner = chosen_partner(form)
        created = operations.create_token(
            partner, name=form.name.data or "", created_by=current_user
        )
        db.session.commit()
    feeds = queries.visible_feeds(created.token.partner_id) if created else []
    response = make_response(
        render_template(
            "federation/tokens.html",
            form=form,
            created=created,
            action=ActionForm(),
            feeds=feeds,
            tokens=queries.partner_tokens(viewer_partner_id()),
            push_url=_push_url(feeds),
        )
    )
    response.headers["Cache-Control"] = "no-store"  # the page may hold a secret shown once
    return response


def _push_url(feeds: list[Feed]) -> str:
    """The push address of the partner's first feed, or a FEED_ID placeholder, on the site's
    public address when one is configured (behind a proxy the request's host may be internal)."""
    path = url_for("federation_api.push_ics", feed_id=feeds[0].id if feeds else 0)
    if not feeds:
        path = path.replace("/feeds/0/", "/feeds/FEED_ID/")
    base = current_app.config.get("HUIJU_PUBLIC_URL") or request.host_url
    return base.rstrip("/") + path


@token_user_required
def revoke(token_id: int) -> Any:
    token = db.session.get(PartnerToken, token_id)
    if token is None or not can_manage_tokens(token.partner_id):
        abort(404)  # someone else's token as an unknown one: ids are not told
    if ActionForm().validate_on_submit():
        try:
            operations.revoke_token(token)
        except FederationError:
            db.session.rollback()
            flash(_("This token was already revoked."), "info")
        else:
            db.session.commit()
            flash(
                _(
                    "Token %(prefix)s… revoked: pushes with it are refused from now on.",
                    prefix=token.prefix,
                ),
                "success",
            )
    return redirect(url_for("federation.tokens"))
