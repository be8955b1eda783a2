"""Pieces of the OpenAPI document shared by its modules: parameters, texts, error answers."""

from __future__ import annotations

from typing import Any

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


def query_param(name: str, schema: dict[str, Any], description: str) -> dict[str, Any]:
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
    query_param("q", {**TEXT, "maxLength": 200}, "Words in English or Chinese; all required."),
    query_param(
        "when", {"type": "string", "enum": list(WHEN)}, "Date range preset (default upcoming)."
    ),
    query_param("from", {"type": "string", "format": "date"}, "First day (Shanghai), YYYY-MM-DD."),
    query_param("to", {"type": "string", "format": "date"}, "Last day (Shanghai), YYYY-MM-DD."),
    query_param("region", {"type": "string", "enum": list(Region)}, "Partner region."),
    query_param("country", {"type": "string", "pattern": "^[A-Za-z]{2}$"}, "Partner country code."),
    query_param("city", {**TEXT, "maxLength": 100}, "Partner city."),
    query_param(
        "partner", {"type": "string", "pattern": "^[a-z0-9][a-z0-9-]{0,79}$"}, "Partner slug."
    ),
    query_param("category", {**TEXT, "maxLength": 100}, "Category / topic."),
    query_param("language", {"type": "string", "enum": list(LANGS)}, "Event language."),
    query_param("mode", {"type": "string", "enum": list(MODES)}, "Online or in person."),
    query_param("page", {"type": "integer", "minimum": 1, "maximum": 10000}, "Page number."),
    query_param(
        "per_page", {"type": "integer", "minimum": 1, "maximum": MAX_PER_PAGE}, "Items per page."
    ),
]


def path_param(name: str, schema: dict[str, Any]) -> dict[str, Any]:
    return {"name": name, "in": "path", "required": True, "schema": schema}


LANG = path_param("lang", {"type": "string", "enum": ["en", "zh"], "example": "en"})


def error_json(description: str) -> dict[str, Any]:
    return {
        "description": description,
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
    }
