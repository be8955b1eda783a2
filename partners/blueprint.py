"""The partner pages' blueprint and every URL it answers (the views are in
``partners.views``); the partner labels every template may use."""

from __future__ import annotations

from flask import Blueprint

from core.lazy import lazy, views_of

view = views_of("partners.views")
bp = Blueprint("partners", __name__, url_prefix="/<lang:lang>", template_folder="templates")
bp.add_app_template_global(lazy("partners.templating:partner_labels"))
bp.add_app_template_global(lazy("partners.templating:partner_place"))
bp.add_app_template_global(lazy("partners.templating:partner_initials"))

bp.add_url_rule("/partners", "directory", view("directory.directory"))
bp.add_url_rule("/partners/<slug>", "partner_detail", view("partner.partner_detail"))

bp.add_url_rule("/staff/partners", "staff_partners", view("staff_partners.staff_partners"))
bp.add_url_rule(
    "/staff/partners/new",
    "partner_new",
    view("staff_partners.partner_new"),
    methods=["GET", "POST"],
)
bp.add_url_rule(
    "/staff/partners/<int:partner_id>/edit",
    "partner_edit",
    view("staff_partners.partner_edit"),
    methods=["GET", "POST"],
)
bp.add_url_rule(
    "/staff/partners/<int:partner_id>/merge",
    "partner_merge",
    view("staff_partners.partner_merge"),
    methods=["GET", "POST"],
)
bp.add_url_rule(
    "/staff/partners/import",
    "partners_import",
    view("staff_partners.partners_import"),
    methods=["GET", "POST"],
)

bp.add_url_rule("/staff/links", "staff_links", view("staff_links.staff_links"))
bp.add_url_rule(
    "/staff/links/new", "link_new", view("staff_links.link_new"), methods=["GET", "POST"]
)
bp.add_url_rule(
    "/staff/links/<int:link_id>/edit",
    "link_edit",
    view("staff_links.link_edit"),
    methods=["GET", "POST"],
)
bp.add_url_rule(
    "/staff/links/<int:link_id>/delete",
    "link_delete",
    view("staff_links.link_delete"),
    methods=["POST"],
)
bp.add_url_rule(
    "/staff/links/import", "links_import", view("staff_links.links_import"), methods=["GET", "POST"]
)

BLUEPRINTS = (bp,)
