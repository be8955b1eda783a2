"""The leads blueprints and every URL they answer (the views are in ``partners.leads.views``):
the staff pages under /<lang>/staff/leads, and the private follow-up calendar feed."""

from __future__ import annotations

from flask import Blueprint

from core.audit_lines import register_summary
from core.lazy import lazy, views_of

view = views_of("partners.leads.views")
bp = Blueprint(
    "leads", __name__, url_prefix="/<lang:lang>/staff/leads", template_folder="templates"
)
bp.context_processor(lazy("partners.leads.templating:lead_helpers"))
# The audit log shows "contacted → meeting" with the stage names in the reader's language.
register_summary("lead.stage", lazy("partners.leads.stages:stage_label"))

bp.add_url_rule("/", "board", view("board.board"))
bp.add_url_rule("/list", "lead_list", view("board.lead_list"))
bp.add_url_rule("/new", "new", view("lead.new"), methods=["GET", "POST"])
bp.add_url_rule("/<int:lead_id>", "detail", view("lead.detail"))
bp.add_url_rule("/<int:lead_id>/edit", "edit", view("lead.edit"), methods=["POST"])
bp.add_url_rule("/<int:lead_id>/move", "move", view("lead.move"), methods=["POST"])
bp.add_url_rule("/<int:lead_id>/lose", "lose", view("lead.lose"), methods=["GET", "POST"])
bp.add_url_rule("/<int:lead_id>/follow-up", "follow_up", view("lead.follow_up"), methods=["POST"])
bp.add_url_rule("/<int:lead_id>/convert", "convert", view("lead.convert"), methods=["POST"])
bp.add_url_rule("/import", "import_leads", view("upload.import_leads"), methods=["GET", "POST"])
bp.add_url_rule("/mine", "mine", view("mine.mine"))
bp.add_url_rule("/mine/calendar", "calendar_token", view("mine.calendar_token"), methods=["POST"])
bp.add_url_rule("/dashboard", "dashboard", view("dashboard.dashboard"))
bp.add_url_rule("/export.csv", "export_csv", view("export.export_csv"))

feed_bp = Blueprint("leads_feed", __name__)
feed_bp.add_url_rule("/calendar/followups/<token>.ics", "feed", view("feed.feed"))

BLUEPRINTS = (bp, feed_bp)
