"""The network's blueprints and every URL they answer (the views are in ``graph.views``), with
the template global the network page's measures table uses."""

from __future__ import annotations

from flask import Blueprint

from core.lazy import views_of

view = views_of("graph.views")
bp = Blueprint("graph", __name__, url_prefix="/<lang:lang>", template_folder="templates")
bp.add_url_rule("/network", "network", view("network.network"))
bp.add_url_rule("/network/export.<fmt>", "network_export", view("network.network_export"))
bp.add_app_template_global(view("network.sort_url"), "network_sort_url")

api_bp = Blueprint("graph_api", __name__, url_prefix="/api/v1/graph")
api_bp.add_url_rule("", "graph_data", view("api.graph_data"))

BLUEPRINTS = (bp, api_bp)
