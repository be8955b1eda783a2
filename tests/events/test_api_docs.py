"""The API page: the OpenAPI document for people, in both languages, linked from the footer."""

from __future__ import annotations

import re

import pytest

from events.api_docs import curl, operations_by_tag, schema_kind
from events.openapi import document


def test_operations_are_grouped_by_tag_with_curl_examples() -> None:
    groups = operations_by_tag(document(), "https://huiju.example.org/")
    assert list(groups)[:2] == ["Events", "Partners"]
    network = {op.path: op for op in groups["Network"]}
    assert (
        network["/api/v1/graph"].curl == "curl 'https://huiju.example.org/api/v1/graph?since=2020'"
    )
    (push,) = groups["Push"]
    assert push.method == "PUT" and "Authorization: Bearer" in push.curl
    assert push.curl.endswith("https://huiju.example.org/api/v1/feeds/12/ics")
    assert ("415", "Not Content-Type: text/calendar") in push.responses


def test_parameter_kinds_read_simply() -> None:
    assert (
        schema_kind({"anyOf": [{"type": "string", "format": "date"}, {"maxLength": 0}]}) == "date"
    )
    assert schema_kind({"type": "string", "enum": ["en", "zh"]}) == "en | zh"
    assert schema_kind({"type": "integer"}) == "integer"


def test_curl_fills_path_examples() -> None:
    op = {"operationId": "x", "parameters": [{"name": "lang", "in": "path", "schema": {}}]}
    assert curl("http://h", "get", "/{lang}/a", op) == "curl http://h/1/a"


@pytest.mark.parametrize(
    ("lang", "heading", "word"),
    [("en", "Push API for partners", "Example"), ("zh", "合作伙伴推送接口", "示例")],
)
def test_the_page_in_both_languages(client, lang: str, heading: str, word: str) -> None:
    html = client.get(f"/{lang}/api").get_data(as_text=True)
    assert heading in html and word in html
    assert 'href="/api/openapi.json"' in html
    assert "/api/v1/graph" in html and "/api/v1/feeds/{feed_id}/ics" in html
    assert f'href="/{lang}/api">' in html  # the footer's API link is this page


def test_every_documented_path_is_on_the_page(client) -> None:
    html = client.get("/en/api").get_data(as_text=True)
    shown = set(re.findall(r"<h3>.*?<code>(.*?)</code></h3>", html))
    assert shown == set(document()["paths"])
