"""The OpenAPI 3 document of every public endpoint: the JSON API (tested against real responses
with schemathesis), the feeds, the embeddable calendars, the network and the push API."""

from __future__ import annotations

from typing import Any

from core.ids import MAX_ID
from events.openapi_calendars import GRAPH_SCHEMA, PATHS, SECURITY_SCHEMES
from events.openapi_parts import BILINGUAL, NULLABLE_DATE, PARAMETERS, error_json

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


EVENT = "#/components/schemas/Event"


def document() -> dict[str, Any]:
    bad = error_json("Bad parameters")
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
                    "tags": ["Events"],
                    "summary": "Events matching the list's filters, a page at a time",
                    "parameters": PARAMETERS,
                    "responses": {"200": _list_of("Event", True), "400": bad},
                }
            },
            "/api/v1/events/{event_id}": {
                "get": {
                    "operationId": "getEvent",
                    "tags": ["Events"],
                    "summary": "One event",
                    "parameters": [
                        {
                            "name": "event_id",
                            "in": "path",
                            "required": True,
                            "schema": {
                                "type": "integer",
                                "minimum": 1,
                                "maximum": MAX_ID,
                                "example": 1,
                            },
                        }
                    ],
                    "responses": {
                        "200": {
                            "description": "The event",
                            "content": {"application/json": {"schema": {"$ref": EVENT}}},
                        },
                        "404": error_json("No such event"),
                    },
                }
            },
            "/api/v1/partners": {
                "get": {
                    "operationId": "listPartners",
                    "tags": ["Partners"],
                    "summary": "Every partner of the alliance",
                    "responses": {"200": _list_of("Partner", False)},
                }
            },
            **PATHS,
        },
        "components": {
            "schemas": {**SCHEMAS, "Graph": GRAPH_SCHEMA},
            "securitySchemes": SECURITY_SCHEMES,
        },
    }
