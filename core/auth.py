"""Sign-in, sign-out and the role checks every staff or partner page uses."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar
from urllib.parse import urlsplit

from flask import (
    Blueprint,
    Flask,
    abort,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_user, logout_user
from sqlalchemy import func, select

from core import audit, throttle
from core.db_types import utcnow
from core.extensions import db, login_manager
from core.forms import LoginForm
from core.models import User
from core.passwords import verify_password

bp = Blueprint("auth", __name__, url_prefix="/<lang:lang>")
F = TypeVar("F", bound=Callable[..., Any])


def init_app(app: Flask) -> None:
    login_manager.login_view = "auth.login"
    login_manager.login_message = _l("Please sign in to see this page.")
    login_manager.login_message_category = "info"


@login_manager.user_loader
def load_user(user_id: str) -> User | None:
    return db.session.get(User, int(user_id)) if user_id.isdigit() else None


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
    @wraps(view)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        if not current_user.is_authenticated:
            return login_manager.unauthorized()
        if not current_user.is_admin:
            abort(403)
        return view(*args, **kwargs)

    return wrapper  # type: ignore[return-value]


def can_manage_partner(partner_id: int) -> bool:
    """Staff manage every partner; a partner user only its own."""
    if not current_user.is_authenticated:
        return False
    return current_user.is_staff or current_user.partner_id == partner_id


def _safe_next(target: str | None) -> str | None:
    """Only same-site paths, so that ``next=https://evil.example`` is no open redirect."""
    if not target:
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return None
    return target


@bp.route("/login", methods=["GET", "POST"])
def login() -> Any:
    form = LoginForm()
    if form.validate_on_submit():
        email = throttle.normalise_email(form.email.data)
        if throttle.is_blocked(email, request.remote_addr):
            return _throttled(form, email)
        user = db.session.scalar(select(User).where(func.lower(User.email) == email))
        if user and user.active and verify_password(user.password_hash, form.password.data):
            throttle.record_success(email)
            session.clear()  # a fresh session at sign-in: no fixation
            login_user(user)
            user.last_login_at = utcnow()
            audit.record("login.ok", user, summary=user.email, actor=user)
            db.session.commit()
            return redirect(_safe_next(request.args.get("next")) or _landing(user))
        throttle.record_failure(email, request.remote_addr)
        audit.record("login.failed", None, summary=email)
        db.session.commit()
        flash(_("The e-mail or password is not right."), "error")
    return render_template("core/login.html", form=form)


def _throttled(form: LoginForm, email: str) -> Any:
    """429 with the same words whether or not the account exists; the password is not checked,
    so a guesser learns nothing more until the window has passed."""
    audit.record("login.throttled", None, summary=email)
    db.session.commit()
    flash(_("Too many failed sign-in attempts. Please wait 15 minutes and try again."), "error")
    return render_template("core/login.html", form=form), 429


def _landing(user: User) -> str:
    if user.is_staff:
        return url_for("core.staff_home")
    return url_for("events.home")


@bp.route("/logout", methods=["POST"])
def logout() -> Any:
    logout_user()
    session.clear()
    flash(_("You are signed out."), "info")
    return redirect(url_for("events.home"))
