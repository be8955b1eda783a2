"""The OpenAPI 3 document of the JSON API (tested against real responses with schemathesis)."""

from __future__ import annotations

from typing import Any

from core.ids import MAX_ID
from events.criteria import LANGS, MAX_PER_PAGE, MODES, WHEN
from partners.regions import Region

BILINGUAL = {
    "type": "object",
    "required": ["en", "zh"],
    "additionalProperties": False,
    "properties": {"en": {"type": "string"}, "zh": {"type": "string"}},
}
# Text without NUL: the site refuses NUL in any query (PostgreSQL cannot store or compare it).
TEXT = {"type": "string", "pattern": "^[^\\x00]*$"}
NULLABLE_DATE = {"type": ["string", "null"], "format": "date"}


def _param(name: str, schema: dict[str, Any], description: str) -> dict[str, Any]:
    """An optional query parameter; an empty value (as HTML forms send) means "not given"."""
    either = {"anyOf": [schema, {"type": "string", "maxLength": 0}]}
    return {
        "name": name,
        "in": "query",
        "required": False,
        "schema": either,
        "description": description,
    }


PARAMETERS = [
    _param("q", {**TEXT, "maxLength": 200}, "Words in English or Chinese; all required."),
    _param("when", {"type": "string", "enum": list(WHEN)}, "Date range preset (default upcoming)."),
    _param("from", {"type": "string", "format": "date"}, "First day (Shanghai), YYYY-MM-DD."),
    _param("to", {"type": "string", "format": "date"}, "Last day (Shanghai), YYYY-MM-DD."),
    _param("region", {"type": "string", "enum": list(Region)}, "Partner region."),
    _param("country", {"type": "string", "pattern": "^[A-Za-z]{2}$"}, "Partner country code."),
    _param("city", {**TEXT, "maxLength": 100}, "Partner city."),
    _param("partner", {"type": "string", "pattern": "^[a-z0-9][a-z0-9-]{0,79}$"}, "Partner slug."),
    _param("category", {**TEXT, "maxLength": 100}, "Category / topic."),
    _param("language", {"type": "string", "enum": list(LANGS)}, "Event language."),
    _param("mode", {"type": "string", "enum": list(MODES)}, "Online or in person."),
    _param("page", {"type": "integer", "minimum": 1, "maximum": 10000}, "Page number."),
    _param(
        "per_page", {"type": "integer", "minimum": 1, "maximum": MAX_PER_PAGE}, "Items per page."
    ),
]

SCHEMAS: dict[str, Any] = {
    "Error": {
        "type": "object",
        "required": ["error", "message"],
        "properties": {"error": {"type": "string"}, "message": {"type": "string"}},
    },
    "Partner": {
        "type": "object",
        "additionalProperties": False,
        "required": ["slug", "name", "kind", "region", "country", "city", "alliance_member"],
        "properties": {
            "slug": {"type": "string"},
            "name": BILINGUAL,
            "kind": {"type": "string"},
            "region": {"type": "string"},
            "country": {"type": "string"},
            "city": BILINGUAL,
            "alliance_member": {"type": "boolean"},
        },
    },
    "Event": {
        "type": "object",
        "additionalProperties": False,
        "required": [
            "id",
            "uid",
            "title",
            "description",
            "location",
            "start",
            "end",
            "all_day",
            "start_date",
            "end_date",
            "timezone",
            "language",
            "status",
            "online",
            "categories",
            "url",
            "page",
            "partner",
        ],
        "properties": {
            "id": {"type": "integer"},
            "uid": {"type": "string"},
            "title": BILINGUAL,
            "description": BILINGUAL,
            "location": BILINGUAL,
            "start": {"type": "string", "format": "date-time"},
            "end": {"type": "string", "format": "date-time"},
            "all_day": {"type": "boolean"},
            "start_date": NULLABLE_DATE,
            "end_date": NULLABLE_DATE,
            "timezone": {"type": "string"},
            "language": {"type": "string"},
            "status": {"type": "string"},
            "online": {"type": "boolean"},
            "categories": {"type": "array", "items": {"type": "string"}},
            "url": {"type": ["string", "null"]},
            "page": {"type": "string"},
            "partner": {"$ref": "#/components/schemas/Partner"},
        },
    },
}


def _json(ref: str, description: str) -> dict[str, Any]:
    return {
        "description": description,
        "content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{ref}"}}},
    }


def _list_of(ref: str, paged: bool) -> dict[str, Any]:
    props: dict[str, Any] = {
        "items": {"type": "array", "items": {"$ref": f"#/components/schemas/{ref}"}},
        "total": {"type": "integer", "minimum": 0},
    }
    if paged:
        props |= {
            "page": {"type": "integer"},
            "per_page": {"type": "integer"},
            # Counting every match of a broad filter would cost more than the page itself.
            "total_kind": {
                "type": "string",
                "enum": ["exact", "at_least", "estimate"],
                "description": "exact: total is the count; at_least: there are more than "
                "total; estimate: total is the database's estimate.",
            },
        }
    return {
        "description": "OK",
        "content": {
            "application/json": {
                "schema": {"type": "object", "required": list(props), "properties": props}
            }
        },
    }


def document() -> dict[str, Any]:
    bad = _json("Error", "Bad parameters")
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Huiju events API",
            "version": "1.0.0",
            "description": "Innovation events of the Yangtze River Delta and partners.",
        },
        "servers": [{"url": "/"}],
        "paths": {
            "/api/v1/events": {
                "get": {
                    "operationId": "listEvents",
                    "parameters": PARAMETERS,
                    "responses": {"200": _list_of("Event", True), "400": bad},
                }
            },
            "/api/v1/events/{event_id}": {
                "get": {
                    "operationId": "getEvent",
                    "parameters": [
                        {
                            "name": "event_id",
                            "in": "path",
                            "required": True,
                            "schema": {"type": "integer", "minimum": 1, "maximum": MAX_ID},
                        }
                    ],
                    "responses": {
                        "200": _json("Event", "The event"),
                        "404": _json("Error", "No such event"),
                    },
                }
            },
            "/api/v1/partners": {
                "get": {
                    "operationId": "listPartners",
                    "responses": {"200": _list_of("Partner", False)},
                }
            },
        },
        "components": {"schemas": SCHEMAS},
    }
