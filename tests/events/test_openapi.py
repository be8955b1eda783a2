"""The OpenAPI document is a valid OpenAPI 3.1 document and describes every public endpoint
that is not a page: the JSON API, the feeds, the embeddable calendars, the network, the push."""

from __future__ import annotations

import re

import pytest
from openapi_spec_validator import validate
from werkzeug.routing import Rule

from core.app import create_app
from events.openapi import document

# Rules that serve data rather than pages; staff-only ones (under /staff/) are not public.
PUBLIC_DATA = re.compile(r"^/(api|feeds|embed)/|\.(ics|<fmt>)$|export\.<")
NOT_DOCUMENTED = {
    "events.openapi": "the document itself",
    "demo.feed": "the bundled demo feeds, served only by `huiju demo` sites",
    "leads_feed.feed": "a staff member's private follow-up calendar, not a public endpoint",
}


@pytest.fixture(scope="module")
def rules() -> list[Rule]:
    app = create_app({"SQLALCHEMY_DATABASE_URI": "sqlite://", "SECRET_KEY": "x"})
    return list(app.url_map.iter_rules())


def openapi_path(rule: Rule) -> str:
    """``/<lang:lang>/events/<int:event_id>.ics`` as ``/{lang}/events/{event_id}.ics``."""
    return re.sub(r"<(?:[^:>]+:)?(\w+)>", r"{\1}", rule.rule)


def public_data_rules(rules: list[Rule]) -> list[Rule]:
    return [
        r
        for r in rules
        if PUBLIC_DATA.search(r.rule)
        and "/staff/" not in r.rule
        and r.endpoint not in NOT_DOCUMENTED
    ]


def test_the_document_is_valid_openapi() -> None:
    validate(document())  # raises with the offending part


def test_every_public_data_endpoint_is_documented_with_its_methods(rules: list[Rule]) -> None:
    paths = document()["paths"]
    found = public_data_rules(rules)
    assert {r.endpoint for r in found} >= {"graph_api.graph_data", "federation_api.push_ics"}
    missing = [
        f"{method} {openapi_path(r)} ({r.endpoint})"
        for r in found
        for method in sorted((r.methods or set()) - {"HEAD", "OPTIONS"})
        if method.lower() not in paths.get(openapi_path(r), {})
    ]
    assert missing == [], "add these to events/openapi*.py:\n" + "\n".join(missing)


def test_the_document_describes_only_real_endpoints(rules: list[Rule]) -> None:
    real = {openapi_path(r) for r in rules}
    assert set(document()["paths"]) - real == set()


def test_not_documented_names_real_endpoints(rules: list[Rule]) -> None:
    assert set(NOT_DOCUMENTED) <= {r.endpoint for r in rules}


def test_every_operation_says_what_it_does() -> None:
    for path, item in document()["paths"].items():
        for method, operation in item.items():
            assert operation.get("summary") and operation.get("tags"), f"{method} {path}"
