"""Federation's blueprints and every URL they answer (the views are in ``federation.views``)."""

from __future__ import annotations

from flask import Blueprint

from core.extensions import csrf
from core.lazy import lazy, views_of
from federation import sync_errors
from federation.errors import PushRefused
from partners.sections import partner_section

view = views_of("federation.views")
# The partner page's feed section (see partners.sections), known before any feed page is seen.
partner_section(20)(lazy("federation.views.feeds:partner_feeds_section"))
bp = Blueprint("federation", __name__, url_prefix="/<lang:lang>", template_folder="templates")
bp.context_processor(view("feeds.own_partner"))
bp.add_app_template_global(view("footer.failing_feed_count"), "failing_feed_count")
bp.add_url_rule("/feeds", "feed_health", view("feeds.feed_health"), methods=["GET", "POST"])
bp.add_url_rule("/feeds/<int:feed_id>", "feed_detail", view("feeds.feed_detail"))
bp.add_url_rule("/feeds/<int:feed_id>/sync", "feed_sync", view("feeds.feed_sync"), methods=["POST"])
bp.add_url_rule(
    "/feeds/<int:feed_id>/confirm", "feed_confirm", view("feeds.feed_confirm"), methods=["POST"]
)
bp.add_url_rule(
    "/feeds/<int:feed_id>/<any(enable, disable):change>",
    "feed_enabled",
    view("feeds.feed_enabled"),
    methods=["POST"],
)
bp.add_url_rule(
    "/feeds/<int:feed_id>/remove", "feed_remove", view("feeds.feed_remove"), methods=["GET", "POST"]
)
bp.add_url_rule("/feeds/upload", "feed_upload", view("upload.upload"), methods=["GET", "POST"])
bp.add_url_rule(
    "/feeds/<int:feed_id>/upload", "feed_upload_into", view("upload.upload_into"), methods=["POST"]
)
bp.add_url_rule("/feeds/tokens", "tokens", view("tokens.tokens_page"), methods=["GET", "POST"])
bp.add_url_rule(
    "/feeds/tokens/<int:token_id>/revoke", "token_revoke", view("tokens.revoke"), methods=["POST"]
)
# Events entered by hand or from a spreadsheet, and the staff review of those partners entered.
bp.add_url_rule("/feeds/events", "entries", view("entry.entries"))
bp.add_url_rule("/feeds/events/new", "entry_new", view("entry.entry_new"), methods=["GET", "POST"])
bp.add_url_rule(
    "/feeds/events/import", "entry_import", view("entry.entry_import"), methods=["GET", "POST"]
)
bp.add_url_rule(
    "/feeds/events/<int:entry_id>", "entry_edit", view("entry.entry_edit"), methods=["GET", "POST"]
)
bp.add_url_rule(
    "/feeds/events/<int:entry_id>/cancel",
    "entry_cancel",
    view("entry.entry_cancel"),
    methods=["POST"],
)
bp.add_url_rule(
    "/feeds/events/<int:entry_id>/delete",
    "entry_delete",
    view("entry.entry_delete"),
    methods=["POST"],
)
bp.add_url_rule("/staff/entered-events", "entry_review", view("entry.entry_review"))
bp.add_url_rule(
    "/staff/entered-events/<int:event_id>/hide",
    "entry_hide",
    view("entry.entry_hide"),
    methods=["POST"],
)

api_bp = Blueprint("federation_api", __name__, url_prefix="/api/v1")
# Bearer tokens, not cookies: there is no session a forged request could ride on.
csrf.exempt(api_bp)
api_bp.register_error_handler(PushRefused, view("push.refused"))
api_bp.add_url_rule("/feeds/<int:feed_id>/ics", "push_ics", view("push.push_ics"), methods=["PUT"])
# Stored sync errors (codes with parameters) in the reader's language; old free text as it is.
bp.add_app_template_filter(sync_errors.translated, "sync_error")
bp.add_app_template_filter(sync_errors.skip_reason, "skip_reason")

BLUEPRINTS = (bp, api_bp)
