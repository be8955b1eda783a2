"""Who may see which figures: staff every base's; a partner contact its own base's only."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from flask import abort, has_request_context, request
from flask_login import current_user

from core.extensions import login_manager
from indicators import queries
from partners.models import Partner

F = TypeVar("F", bound=Callable[..., Any])


def figures_user_required(view: F) -> F:
    """Staff, or a partner contact whose partner is an alliance base."""

    @wraps(view)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        if not current_user.is_authenticated:
            return login_manager.unauthorized()
        if not current_user.is_staff and own_base() is None:
            abort(403)
        return view(*args, **kwargs)

    return wrapper  # type: ignore[return-value]


def own_base() -> Partner | None:
    """The signed-in partner contact's base (None for staff and for contacts of non-bases)."""
    if current_user.is_staff or current_user.partner_id is None:
        return None
    return next((p for p in queries.bases() if p.id == current_user.partner_id), None)


def readable_base(slug: str) -> Partner:
    """The base, if the signed-in user may read its figures: 404 unknown, 403 someone else's."""
    partner = queries.base(slug)
    if partner is None:
        abort(404)
    if not current_user.is_staff and partner.id != current_user.partner_id:
        abort(403)
    return partner


def chosen_base_period(periods: list[str]) -> str | None:
    """``?base=`` if it is one of the periods with figures, else the default."""
    wanted = request.args.get("base", "")
    return wanted if wanted in periods else queries.default_base(periods)


def figures_nav() -> dict[str, bool]:
    """For the base layout: whether the signed-in partner contact reports figures (its
    partner is an alliance base), so that its menu links the upload page."""
    # Templates are rendered outside requests too (reminder e-mails): no user there.
    if not has_request_context() or not current_user.is_authenticated or current_user.is_staff:
        return {"reports_figures": False}
    return {"reports_figures": own_base() is not None}
