"""Ids beyond what an id column holds are no row (404 or 400), never a server error: every
``<int:…>`` rule of the URL map, the leads' owner filter and the duplicate review form."""

from __future__ import annotations

import re

import pytest
from flask import Flask
from flask.testing import FlaskClient
from werkzeug.routing import Rule

from core.extensions import db
from core.ids import MAX_ID, parse_id
from tests.factories import login, make_user
from tests.security.test_login import sample_url

TOO_BIG = (str(MAX_ID + 1), "9" * 25)
METHODS = ("GET", "POST", "PUT")
INT_ARGUMENT = re.compile(r"<int:(\w+)>")


@pytest.mark.parametrize(
    ("text", "expected"),
    [("1", 1), (str(MAX_ID), MAX_ID), ("007", 7)]
    + [(text, None) for text in ("", None, "0", "-1", "1.0", "x", "١٢", *TOO_BIG)],
)
def test_parse_id_accepts_only_ids_a_column_can_hold(
    text: str | None, expected: int | None
) -> None:
    assert parse_id(text) == expected


@pytest.fixture
def staff_client(client: FlaskClient) -> FlaskClient:
    """A client signed in as staff, so that a route's own checks do not answer first."""
    user = make_user(role="staff")
    db.session.commit()
    login(client, user)
    return client


def too_big_urls(rule: Rule) -> list[str]:
    """URLs of ``rule`` with every ``<int:…>`` argument beyond ``MAX_ID``."""
    names = INT_ARGUMENT.findall(rule.rule)
    return [sample_url(rule, dict.fromkeys(names, too_big)) for too_big in TOO_BIG]


def test_every_int_rule_answers_404_for_an_id_beyond_the_column(
    app: Flask, staff_client: FlaskClient
) -> None:
    rules = [r for r in app.url_map.iter_rules() if INT_ARGUMENT.search(r.rule)]
    assert len(rules) >= 10, "the URL map should have id routes"
    wrong = [
        (method, url, status)
        for rule in rules
        for method in set(METHODS) & (rule.methods or set())
        for url in too_big_urls(rule)
        if (status := staff_client.open(url, method=method).status_code) != 404
    ]
    assert wrong == []


def test_the_leads_owner_filter_ignores_an_id_beyond_the_column(
    staff_client: FlaskClient,
) -> None:
    for page in ("list", "", "export.csv"):
        url = f"/en/staff/leads/{page}?owner={TOO_BIG[1]}"
        assert staff_client.get(url).status_code == 200, url


def test_the_duplicate_review_refuses_an_id_beyond_the_column(
    staff_client: FlaskClient,
) -> None:
    data = {"decision": "merged", "a": TOO_BIG[1], "b": TOO_BIG[0]}
    assert staff_client.post("/en/staff/duplicates", data=data).status_code == 400
