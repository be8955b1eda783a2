"""Who may see and change which feeds: staff every partner's, a partner user its own."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from flask import abort
from flask_login import current_user
from wtforms.fields.choices import SelectChoice

from core.auth import can_manage_partner
from core.extensions import db, login_manager
from core.i18n import current_lang
from federation.forms import PartnerForm
from federation.models import Feed
from federation.queries import partners_by_name
from partners.models import Partner

F = TypeVar("F", bound=Callable[..., Any])


def feed_user_required(view: F) -> F:
    """Staff, or a partner user tied to a partner; anonymous visitors get the sign-in page."""

    @wraps(view)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        if not current_user.is_authenticated:
            return login_manager.unauthorized()
        if not current_user.is_staff and current_user.partner_id is None:
            abort(403)
        return view(*args, **kwargs)

    return wrapper  # type: ignore[return-value]


def token_user_required(view: F) -> F:
    """An admin (every partner's tokens) or a partner user (its own); staff get 403."""

    @wraps(view)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        if not current_user.is_authenticated:
            return login_manager.unauthorized()
        if not current_user.is_admin and current_user.partner_id is None:
            abort(403)
        return view(*args, **kwargs)

    return wrapper  # type: ignore[return-value]


def viewer_partner_id() -> int | None:
    """None for staff (they see every partner), else the partner user's own partner."""
    return None if current_user.is_staff else current_user.partner_id


def managed_feed(feed_id: int) -> Feed:
    """The feed, if the signed-in user may manage it; 404 both for an unknown feed and for
    someone else's, so that the answer does not tell which feed ids exist."""
    feed = db.session.get(Feed, feed_id)
    if feed is None or not can_manage_partner(feed.partner_id):
        abort(404)
    return feed


def offer_partners(form: PartnerForm) -> None:
    """Staff pick any partner; a partner user's forms have no choice to make."""
    if current_user.is_staff:
        lang = current_lang()
        form.partner.choices = [SelectChoice(p.id, p.name(lang)) for p in partners_by_name(lang)]
    else:
        del form.partner


def chosen_partner(form: PartnerForm) -> Partner:
    partner_id = form.partner.data if current_user.is_staff else current_user.partner_id
    partner = db.session.get(Partner, partner_id)
    if partner is None or not can_manage_partner(partner.id):
        abort(404)
    return partner
