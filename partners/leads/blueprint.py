"""The leads blueprints and every URL they answer (the views are in ``partners.leads.views``):
the staff pages under /<lang>/staff/leads, and the private follow-up calendar feed."""

from __future__ import annotations

from flask import Blueprint

from partners.leads import templating
from partners.leads.views import board, dashboard, export, feed, lead, mine, upload

bp = Blueprint(
    "leads", __name__, url_prefix="/<lang:lang>/staff/leads", template_folder="templates"
)
bp.context_processor(templating.lead_helpers)

bp.add_url_rule("/", "board", board.board)
bp.add_url_rule("/list", "lead_list", board.lead_list)
bp.add_url_rule("/new", "new", lead.new, methods=["GET", "POST"])
bp.add_url_rule("/<int:lead_id>", "detail", lead.detail)
bp.add_url_rule("/<int:lead_id>/edit", "edit", lead.edit, methods=["POST"])
bp.add_url_rule("/<int:lead_id>/move", "move", lead.move, methods=["POST"])
bp.add_url_rule("/<int:lead_id>/lose", "lose", lead.lose, methods=["GET", "POST"])
bp.add_url_rule("/<int:lead_id>/follow-up", "follow_up", lead.follow_up, methods=["POST"])
bp.add_url_rule("/<int:lead_id>/convert", "convert", lead.convert, methods=["POST"])
bp.add_url_rule("/import", "import_leads", upload.import_leads, methods=["GET", "POST"])
bp.add_url_rule("/mine", "mine", mine.mine)
bp.add_url_rule("/mine/calendar", "calendar_token", mine.calendar_token, methods=["POST"])
bp.add_url_rule("/dashboard", "dashboard", dashboard.dashboard)
bp.add_url_rule("/export.csv", "export_csv", export.export_csv)

feed_bp = Blueprint("leads_feed", __name__)
feed_bp.add_url_rule("/calendar/followups/<token>.ics", "feed", feed.feed)

BLUEPRINTS = (bp, feed_bp)
