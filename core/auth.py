"""Who is signed in, and the role checks every staff or partner page uses (the sign-in and
sign-out pages are ``core.views.auth``)."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar
from urllib.parse import urlsplit

from flask import (
    Flask,
    abort,
)
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from core.extensions import db, login_manager
from core.models import User

F = TypeVar("F", bound=Callable[..., Any])


def init_app(app: Flask) -> None:
    login_manager.login_view = "auth.login"
    login_manager.login_message = _l("Please sign in to see this page.")
    login_manager.login_message_category = "info"


@login_manager.user_loader
def load_user(session_id: str) -> User | None:
    """The user of a session holding ``"<id>:<session version>"`` (``User.get_id``); a
    session from before the user's last sign-out or password change is anonymous."""
    user_id, _, version = session_id.partition(":")
    if not (user_id.isdigit() and version.isdigit()):
        return None
    user = db.session.get(User, int(user_id))
    if user is None or user.session_version != int(version):
        return None
    return user


def staff_required(view: F) -> F:
    """Signed-in admin or staff; others get 403, anonymous visitors the sign-in page."""

    @wraps(view)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        if not current_user.is_authenticated:
            return login_manager.unauthorized()
        if not current_user.is_staff:
            abort(403)
        return view(*args, **kwargs)

    return wrapper  # type: ignore[return-value]


def admin_required(view: F) -> F:
    """Signed-in admin: user accounts, every partner's push tokens and the audit log (backups
    and accounts are commands, run by whoever runs the server); staff get 403."""

    @wraps(view)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        if not current_user.is_authenticated:
            return login_manager.unauthorized()
        if not current_user.is_admin:
            abort(403)
        return view(*args, **kwargs)

    return wrapper  # type: ignore[return-value]


def can_manage_tokens(partner_id: int) -> bool:
    """An admin manages every partner's push tokens; a partner user only its own."""
    if not current_user.is_authenticated:
        return False
    return current_user.is_admin or current_user.partner_id == partner_id


def can_manage_partner(partner_id: int) -> bool:
    """Staff manage every partner; a partner user only its own."""
    if not current_user.is_authenticated:
        return False
    return current_user.is_staff or current_user.partner_id == partner_id


def safe_next(target: str | None) -> str | None:
    """``target`` if it is a path on this site, else None: the one check for every ``next``
    the site follows, so that ``next=https://evil.example`` is no open redirect.

    Browsers drop tabs and line breaks from a URL and read a backslash as a slash, so "/",
    a tab, "/evil.example" leads to //evil.example; a control character would also break
    the Location header (a 500). Neither is kept."""
    if not target or not target.startswith("/"):
        return None
    if any(char < " " or char in "\\\x7f" for char in target):
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or target.startswith("//"):
        return None
    return target
