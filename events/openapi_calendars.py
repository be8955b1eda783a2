"""OpenAPI paths of everything that is not JSON events: subscribable feeds, the embeddable
calendars, the network (its JSON and its downloads) and the partners' push API.

The paths are data: events sits below federation and graph (import-linter), so their URLs
are written here as strings and tests/events/test_openapi.py checks them against the URL map.
"""

from __future__ import annotations

from typing import Any

from events.openapi_parts import LANG, PARAMETERS, error_json, path_param, query_param
from partners.regions import Region

YEAR = {"type": "integer", "minimum": 1990, "maximum": 2100}
SLUG = {"type": "string", "pattern": "^[a-z0-9][a-z0-9-]{0,79}$", "example": "kic"}
NOT_MODIFIED = {"description": "Not modified since the ETag given in If-None-Match"}


def _calendar(description: str) -> dict[str, Any]:
    return {
        "description": description,
        "content": {"text/calendar": {"schema": {"type": "string"}}},
    }


def _html(description: str) -> dict[str, Any]:
    return {"description": description, "content": {"text/html": {"schema": {"type": "string"}}}}


def _get(operation_id: str, tag: str, summary: str, **fields: Any) -> dict[str, Any]:
    return {"get": {"operationId": operation_id, "tags": [tag], "summary": summary, **fields}}


CONTENT_LANG = query_param("lang", {"type": "string", "enum": ["en", "zh"]}, "Language of texts.")
WINDOW = [
    query_param("since", YEAR, "First year of the links counted."),
    query_param("until", YEAR, "Last year of the links counted."),
]
FEEDS: dict[str, Any] = {
    "/feeds/all.ics": _get(
        "feedAll",
        "Feeds",
        "Every event, as a calendar to subscribe to",
        parameters=[CONTENT_LANG],
        responses={"200": _calendar("iCalendar (RFC 5545)"), "304": NOT_MODIFIED},
    ),
    "/feeds/events.ics": _get(
        "feedFiltered",
        "Feeds",
        "The events matching the list's filters, as a calendar",
        parameters=[CONTENT_LANG, *PARAMETERS],
        responses={"200": _calendar("iCalendar (RFC 5545)"), "400": error_json("Bad filters")},
    ),
    "/feeds/partners/{slug}.ics": _get(
        "feedPartner",
        "Feeds",
        "One partner's events, as a calendar",
        parameters=[path_param("slug", SLUG), CONTENT_LANG],
        responses={
            "200": _calendar("iCalendar (RFC 5545)"),
            "404": {"description": "No such partner"},
        },
    ),
    "/{lang}/events/{event_id}.ics": _get(
        "eventIcs",
        "Feeds",
        "One event, to add to a calendar",
        parameters=[LANG, path_param("event_id", {"type": "integer", "minimum": 1, "example": 1})],
        responses={
            "200": _calendar("iCalendar with one event"),
            "404": {"description": "No such event"},
        },
    ),
}
EMBED: dict[str, Any] = {
    "/embed/{lang}/events": _get(
        "embedEvents",
        "Embed",
        "Upcoming events, as a page to put in an iframe",
        parameters=[LANG, *PARAMETERS],
        responses={"200": _html("An HTML page that partners' sites may frame")},
    ),
    "/embed/{lang}/partners/{slug}": _get(
        "embedPartner",
        "Embed",
        "One partner's upcoming events, to put in an iframe",
        parameters=[LANG, path_param("slug", SLUG)],
        responses={"200": _html("An HTML page"), "404": {"description": "No such partner"}},
    ),
    "/embed/{lang}/regions/{region}": _get(
        "embedRegion",
        "Embed",
        "One region's upcoming events, to put in an iframe",
        parameters=[
            LANG,
            path_param("region", {"type": "string", "enum": list(Region), "example": "shanghai"}),
        ],
        responses={"200": _html("An HTML page"), "404": {"description": "No such region"}},
    ),
}
EXPORT_FORMATS = ["gexf", "graphml", "json", "nodes.csv", "edges.csv"]
NETWORK: dict[str, Any] = {
    "/api/v1/graph": _get(
        "graphData",
        "Network",
        "The cooperation network: partners, links, layout and measures",
        description="Revalidate with If-None-Match: an unchanged network answers 304.",
        parameters=WINDOW,
        responses={
            "200": {
                "description": "Nodes and weighted edges",
                "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Graph"}}},
            },
            "304": NOT_MODIFIED,
            "400": {
                "description": "since or until is not a year",
                "content": {"application/json": {"schema": {"type": "object"}}},
            },
        },
    ),
    "/{lang}/network/export.{fmt}": _get(
        "networkExport",
        "Network",
        "The network as a file for Gephi, yEd, a spreadsheet or a script",
        parameters=[
            LANG,
            path_param("fmt", {"type": "string", "enum": EXPORT_FORMATS, "example": "gexf"}),
            *WINDOW,
        ],
        responses={
            "200": {
                "description": "GEXF, GraphML, node-link JSON or CSV, as an attachment",
                "content": {
                    "application/gexf+xml": {"schema": {"type": "string"}},
                    "application/graphml+xml": {"schema": {"type": "string"}},
                    "application/json": {"schema": {"type": "object"}},
                    "text/csv": {"schema": {"type": "string"}},
                },
            },
            "404": {"description": "Unknown format"},
        },
    ),
}
PUSH: dict[str, Any] = {
    "/api/v1/feeds/{feed_id}/ics": {
        "put": {
            "operationId": "pushCalendar",
            "tags": ["Push"],
            "summary": "A partner sends its calendar instead of hosting a feed",
            "description": "The body goes through the same pipeline as a fetched feed. Push "
            "tokens are issued by the alliance office (Feeds › Push tokens).",
            "security": [{"partnerToken": []}],
            "parameters": [path_param("feed_id", {"type": "integer", "minimum": 1, "example": 12})],
            "requestBody": {
                "required": True,
                "content": {"text/calendar": {"schema": {"type": "string"}}},
            },
            "responses": {
                "200": {"description": "Synced: the summary of the changes"},
                "202": {"description": "Held for confirmation: the calendar shrank drastically"},
                "401": {"description": "No token, or a bad or revoked one"},
                "404": {"description": "No such feed of the token's partner"},
                "409": {"description": "The feed is disabled"},
                "413": {"description": "Larger than HUIJU_FEED_MAX_BYTES"},
                "415": {"description": "Not Content-Type: text/calendar"},
                "422": {"description": "Not a usable calendar"},
            },
        }
    }
}
GRAPH_SCHEMA = {
    "type": "object",
    "required": ["version", "nodes", "edges"],
    "properties": {
        "version": {"type": "string"},
        "nodes": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["id", "slug", "name_en", "name_zh", "kind", "region", "x", "y"],
                "properties": {
                    "id": {"type": "integer"},
                    "slug": {"type": "string"},
                    "name_en": {"type": "string"},
                    "name_zh": {"type": "string"},
                    "kind": {"type": "string"},
                    "region": {"type": "string"},
                    "x": {"type": "number"},
                    "y": {"type": "number"},
                },
            },
        },
        "edges": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["source", "target", "weight", "kinds"],
                "properties": {
                    "source": {"type": "integer"},
                    "target": {"type": "integer"},
                    "weight": {"type": "number"},
                    "kinds": {"type": "array", "items": {"type": "string"}},
                },
            },
        },
    },
}
SECURITY_SCHEMES = {
    "partnerToken": {
        "type": "http",
        "scheme": "bearer",
        "description": "A partner's push token (hj_…), shown once when it is created.",
    }
}
PATHS = {**FEEDS, **EMBED, **NETWORK, **PUSH}
