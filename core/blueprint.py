"""The shell's blueprints and every URL they answer (the views are in ``core.views``)."""

from __future__ import annotations

from flask import Blueprint

from core.lazy import views_of

view = views_of("core.views")
bp = Blueprint("core", __name__)
bp.add_url_rule("/", "root", view("shell.root"))
bp.add_url_rule("/healthz", "healthz", view("shell.healthz"))
bp.add_url_rule("/favicon.ico", "favicon", view("shell.favicon"))
bp.add_url_rule("/<lang:lang>/staff/", "staff_home", view("shell.staff_home"))
bp.add_url_rule("/<lang:lang>/staff/audit", "audit_log", view("audit.audit_log"))

auth_bp = Blueprint("auth", __name__, url_prefix="/<lang:lang>")
auth_bp.add_url_rule("/login", "login", view("auth.login"), methods=["GET", "POST"])
auth_bp.add_url_rule("/logout", "logout", view("auth.logout"), methods=["POST"])

BLUEPRINTS = (bp, auth_bp)
