"""The events blueprint and every URL it answers (the views are in ``events.views``), with the
template filters and globals the events pages lend the whole site."""

from __future__ import annotations

from babel.dates import format_datetime
from flask import Blueprint

from core.lazy import lazy, views_of
from events import active_filters, display, highlight, topics, zones
from partners.sections import partner_section
from partners.summaries import provide_event_summaries

view = views_of("events.views")
# The partner directory's event counts and previews (imported when the directory asks).
provide_event_summaries(lazy("events.partner_summaries:summaries"))
# The partner page's sections, registered here (not only when their views module is first
# imported) so that a partner page asked for before any events page still shows them.
partner_section(10)(lazy("events.views.pages:partner_events_section"))
partner_section(15)(lazy("events.views.embed:embed_snippet_section"))
# No url_prefix: pages live under /<lang>/, feeds under /feeds/ and the API under /api/.
bp = Blueprint("events", __name__, template_folder="templates")
bp.add_url_rule("/<lang:lang>/", "home", view("pages.home"))
bp.add_url_rule("/<lang:lang>/events", "event_list", view("pages.event_list"))
bp.add_url_rule("/<lang:lang>/events/<int:event_id>", "event_detail", view("pages.event_detail"))
bp.add_url_rule("/<lang:lang>/events/<int:event_id>.ics", "event_ics", view("pages.event_ics"))
bp.add_url_rule(
    "/<lang:lang>/timezone", "set_timezone", view("pages.set_timezone"), methods=["POST"]
)
bp.add_url_rule("/feeds/all.ics", "feed_all", view("subscriptions.feed_all"))
bp.add_url_rule("/feeds/partners/<slug>.ics", "feed_partner", view("subscriptions.feed_partner"))
bp.add_url_rule("/feeds/events.ics", "feed_filtered", view("subscriptions.feed_filtered"))
bp.add_url_rule("/api/v1/events", "api_events", view("api.list_events"))
bp.add_url_rule("/api/v1/events/<int:event_id>", "api_event", view("api.get_event"))
bp.add_url_rule("/api/v1/partners", "api_partners", view("api.list_partners"))
bp.add_url_rule("/api/openapi.json", "openapi", view("api.openapi"))
bp.add_url_rule("/<lang:lang>/api", "api_docs", view("api.docs"))
bp.add_url_rule(
    "/<lang:lang>/staff/duplicates",
    "review_duplicates",
    view("review.review_duplicates"),
    methods=["GET", "POST"],
)
bp.add_url_rule("/<lang:lang>/staff/events", "curation_list", view("curate.curation_list"))
bp.add_url_rule(
    "/<lang:lang>/staff/events/<int:event_id>",
    "curate",
    view("curate.curate"),
    methods=["GET", "POST"],
)
CURATE_ACTIONS = "any(hide, unhide, feature, unfeature, keep, take)"
bp.add_url_rule(
    f"/<lang:lang>/staff/events/<int:event_id>/<{CURATE_ACTIONS}:action>",
    "curate_action",
    view("curate.curate_action"),
    methods=["POST"],
)
# Pages partners put in an iframe on their own sites (their own frame-ancestors policy).
bp.add_url_rule("/embed/<lang:lang>/events", "embed_events", view("embed.embed_events"))
bp.add_url_rule("/embed/<lang:lang>/partners/<slug>", "embed_partner", view("embed.embed_partner"))
bp.add_url_rule("/embed/<lang:lang>/regions/<region>", "embed_region", view("embed.embed_region"))

bp.add_app_template_filter(display.when, "event_when")
bp.add_app_template_filter(display.when_local, "event_when_local")
bp.add_app_template_filter(display.other_times, "event_other_times")
bp.add_app_template_filter(display.start_clock, "event_start_clock")
bp.add_app_template_filter(display.date_block, "event_date_block")
bp.add_app_template_filter(display.month_title, "month_title")
bp.add_app_template_filter(display.day_heading, "day_heading")
bp.add_app_template_filter(topics.topic_label, "topic_label")
bp.add_app_template_global(display.is_past, "event_is_past")
bp.add_app_template_global(active_filters.WHEN_LABELS, "when_labels")
bp.add_app_template_filter(display.series_line, "series_line")
bp.add_app_template_filter(highlight.highlight, "highlight")
bp.add_app_template_global(display.visitor_zone_label, "visitor_zone_label")
bp.add_app_template_global(zones.zone_choices, "zone_choices")
bp.add_app_template_global(zones.visitor_zone_name, "visitor_zone_name")
bp.add_app_template_global(format_datetime, "babel_format_datetime")
bp.add_app_template_global(view("pages.subscribe_links"), "subscribe_links")
bp.add_app_template_global(view("pages.event_path"), "event_path")

BLUEPRINTS = (bp,)
