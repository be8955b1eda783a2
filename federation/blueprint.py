"""Federation's blueprints and every URL they answer (the views are in ``federation.views``)."""

from __future__ import annotations

from flask import Blueprint

from core.extensions import csrf
from federation.views import entry, feeds, push, tokens, upload

bp = Blueprint("federation", __name__, url_prefix="/<lang:lang>", template_folder="templates")
bp.context_processor(feeds.own_partner)
bp.add_url_rule("/feeds", "feed_health", feeds.feed_health, methods=["GET", "POST"])
bp.add_url_rule("/feeds/<int:feed_id>", "feed_detail", feeds.feed_detail)
bp.add_url_rule("/feeds/<int:feed_id>/sync", "feed_sync", feeds.feed_sync, methods=["POST"])
bp.add_url_rule(
    "/feeds/<int:feed_id>/confirm", "feed_confirm", feeds.feed_confirm, methods=["POST"]
)
bp.add_url_rule(
    "/feeds/<int:feed_id>/<any(enable, disable):change>",
    "feed_enabled",
    feeds.feed_enabled,
    methods=["POST"],
)
bp.add_url_rule(
    "/feeds/<int:feed_id>/remove", "feed_remove", feeds.feed_remove, methods=["GET", "POST"]
)
bp.add_url_rule("/feeds/upload", "feed_upload", upload.upload, methods=["GET", "POST"])
bp.add_url_rule(
    "/feeds/<int:feed_id>/upload", "feed_upload_into", upload.upload_into, methods=["POST"]
)
bp.add_url_rule("/feeds/tokens", "tokens", tokens.tokens_page, methods=["GET", "POST"])
bp.add_url_rule(
    "/feeds/tokens/<int:token_id>/revoke", "token_revoke", tokens.revoke, methods=["POST"]
)
# Events entered by hand or from a spreadsheet, and the staff review of those partners entered.
bp.add_url_rule("/feeds/events", "entries", entry.entries)
bp.add_url_rule("/feeds/events/new", "entry_new", entry.entry_new, methods=["GET", "POST"])
bp.add_url_rule("/feeds/events/import", "entry_import", entry.entry_import, methods=["GET", "POST"])
bp.add_url_rule(
    "/feeds/events/<int:entry_id>", "entry_edit", entry.entry_edit, methods=["GET", "POST"]
)
bp.add_url_rule(
    "/feeds/events/<int:entry_id>/cancel", "entry_cancel", entry.entry_cancel, methods=["POST"]
)
bp.add_url_rule(
    "/feeds/events/<int:entry_id>/delete", "entry_delete", entry.entry_delete, methods=["POST"]
)
bp.add_url_rule("/staff/entered-events", "entry_review", entry.entry_review)
bp.add_url_rule(
    "/staff/entered-events/<int:event_id>/hide", "entry_hide", entry.entry_hide, methods=["POST"]
)

api_bp = Blueprint("federation_api", __name__, url_prefix="/api/v1")
# Bearer tokens, not cookies: there is no session a forged request could ride on.
csrf.exempt(api_bp)
api_bp.register_error_handler(push.PushRefused, push.refused)
api_bp.add_url_rule("/feeds/<int:feed_id>/ics", "push_ics", push.push_ics, methods=["PUT"])

BLUEPRINTS = (bp, api_bp)
