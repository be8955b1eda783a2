"""The OpenAPI document as the API page reads it: operations grouped by tag, in the
document's order, each with its parameters, responses and a curl example (pure)."""

from __future__ import annotations

import shlex
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

# Example queries shown in the curl lines (the document's examples fill the path).
EXAMPLE_QUERIES = {
    "listEvents": {"q": "AI", "when": "month", "per_page": "5"},
    "feedFiltered": {"region": "shanghai", "lang": "zh"},
    "graphData": {"since": "2020"},
    "networkExport": {"since": "2020"},
}


@dataclass(frozen=True)
class Parameter:
    name: str
    where: str
    kind: str
    required: bool
    description: str


@dataclass(frozen=True)
class Operation:
    operation_id: str
    method: str
    path: str
    summary: str
    description: str
    parameters: list[Parameter]
    responses: list[tuple[str, str]]
    curl: str


def schema_kind(schema: dict[str, Any]) -> str:
    """A short type for a parameter's schema: ``integer``, ``date``, ``en | zh``…"""
    schema = next(iter(schema.get("anyOf", [])), schema)
    if "enum" in schema:
        return " | ".join(str(v) for v in schema["enum"])
    return schema.get("format") or schema.get("type", "string")


def _parameter(raw: dict[str, Any]) -> Parameter:
    return Parameter(
        name=raw["name"],
        where=raw["in"],
        kind=schema_kind(raw["schema"]),
        required=bool(raw.get("required")),
        description=raw.get("description", ""),
    )


def _example_path(path: str, parameters: list[dict[str, Any]]) -> str:
    for raw in parameters:
        if raw["in"] == "path":
            path = path.replace("{" + raw["name"] + "}", str(raw["schema"].get("example", 1)))
    return path


def curl(base: str, method: str, path: str, operation: dict[str, Any]) -> str:
    """A command that works as printed against ``base`` (the site's address)."""
    url = base.rstrip("/") + _example_path(path, operation.get("parameters", []))
    query = EXAMPLE_QUERIES.get(operation["operationId"])
    if query:
        url += "?" + urlencode(query)
    if method == "put":
        return (
            f"curl -X PUT -H 'Authorization: Bearer hj_…' "
            f"-H 'Content-Type: text/calendar; charset=utf-8' --data-binary @calendar.ics "
            f"{shlex.quote(url)}"
        )
    return f"curl {shlex.quote(url)}"


def operations_by_tag(document: dict[str, Any], base: str) -> dict[str, list[Operation]]:
    """Every operation of ``document``, grouped by its first tag, in the document's order."""
    groups: dict[str, list[Operation]] = {}
    for path, item in document["paths"].items():
        for method, raw in item.items():
            operation = Operation(
                operation_id=raw["operationId"],
                method=method.upper(),
                path=path,
                summary=raw.get("summary", ""),
                description=raw.get("description", ""),
                parameters=[_parameter(p) for p in raw.get("parameters", [])],
                responses=[(code, r["description"]) for code, r in raw["responses"].items()],
                curl=curl(base, method, path, raw),
            )
            groups.setdefault(raw["tags"][0], []).append(operation)
    return groups
