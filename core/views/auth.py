"""Signing in (throttled, audited, no session fixation) and signing out."""

from __future__ import annotations

from typing import Any

from flask import flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_user, logout_user
from sqlalchemy import func, select

from core import audit, throttle
from core.auth import safe_next
from core.db_types import utcnow
from core.extensions import db
from core.forms import LoginForm
from core.models import User
from core.passwords import verify_password


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
            return redirect(safe_next(request.args.get("next")) or _landing(user))
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


def logout() -> Any:
    if current_user.is_authenticated:
        current_user.end_sessions()  # copies of this cookie (another tab, a thief) end too
        db.session.commit()
    logout_user()
    session.clear()
    flash(_("You are signed out."), "info")
    return redirect(url_for("events.home"))
