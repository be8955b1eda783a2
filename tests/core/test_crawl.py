"""Every page answers: a crawl of the URL map on the demo world, anonymous and as staff.

Every GET rule is requested: rules without arguments once, rules whose only argument is
``lang`` in both locales, and rules with parameters with values taken from the demo world in
the database (an event with its partner and feed, a lead, a link, every network export format).
A rule with a parameter that ``demo_values`` cannot fill must be listed in ``SKIPPED`` with its
reason, so that routes added later are crawled too, or fail here. Redirects and 4xx are
answers; any 5xx fails the test, with every failing URL in the message.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient, FlaskCliRunner
from sqlalchemy import select
from werkzeug.routing import MapAdapter, Rule

from core.extensions import db
from core.models import User
from events.models import Event
from federation.models import EnteredEvent, Feed, FeedSource
from graph.views.network import EXPORTS
from partners.leads.calendar import issue_token
from partners.leads.models import Lead
from partners.models import Link, Partner
from tests.factories import login, make_user

LOCALES = ("en", "zh")
SKIPPED = {"static": "the app's asset files, not pages"}
ROLES = ("anonymous", "staff")


@dataclass(frozen=True)
class Answer:
    """What one crawled URL answered; ``error`` is the exception the app logged for a 5xx."""

    url: str
    status: int
    error: str = ""


def get_rules(app: Flask) -> list[Rule]:
    """The app's GET rules not in ``SKIPPED``, sorted by path (no ``methods``: any method)."""
    rules = [r for r in app.url_map.iter_rules() if r.methods is None or "GET" in r.methods]
    return sorted((r for r in rules if r.endpoint not in SKIPPED), key=lambda r: r.rule)


def is_parameter_free(rule: Rule) -> bool:
    """A rule without arguments, or whose only argument is the locale."""
    return rule.arguments <= {"lang"}


def _first(model: Any) -> Any:
    """The row of ``model`` with the smallest id; the demo world must have one."""
    row = db.session.scalar(select(model).order_by(model.id).limit(1))
    assert row is not None, f"the demo world has no {model.__name__}"
    return row


def demo_values(staff: User) -> dict[str, list[str]]:
    """Values for rule arguments, by name, from the demo world: the first pulled event with its feed
    and partner, the first lead and link, every export format, the event's demo feed file and
    a follow-up calendar token issued to ``staff`` (flushed, not committed), the first entered
    event and the partner's region."""
    pulled = (
        select(Event).join(Feed, Feed.id == Event.feed_id).where(Feed.source == FeedSource.PULL)
    )
    event = db.session.scalar(pulled.order_by(Event.id).limit(1))
    assert event is not None, "the demo world has no event from a demo feed"
    feed = db.session.get_one(Feed, event.feed_id)
    partner = db.session.get_one(Partner, event.partner_id)
    values: dict[str, list[object]] = {
        "lang": list(LOCALES),
        "event_id": [event.id],
        "feed_id": [feed.id],
        "partner_id": [partner.id],
        "slug": [partner.slug],
        "lead_id": [_first(Lead).id],
        "link_id": [_first(Link).id],
        "fmt": sorted(EXPORTS),
        "name": [feed.url.rsplit("/", 1)[1].removesuffix(".ics")],
        "token": [issue_token(staff)],
        "entry_id": [_first(EnteredEvent).id],
        "region": [partner.region],
    }
    return {name: [str(v) for v in choices] for name, choices in values.items()}


def unfilled(rules: list[Rule], values: dict[str, list[str]]) -> list[str]:
    """Rules with an argument ``values`` has no value for."""
    return [f"{r.rule} ({r.endpoint})" for r in rules if not r.arguments <= values.keys()]


def urls_for(rule: Rule, values: dict[str, list[str]], adapter: MapAdapter) -> list[str]:
    """Every URL of ``rule`` over the combinations of its arguments' values."""
    names = sorted(rule.arguments)
    combos = itertools.product(*(values[name] for name in names))
    return [adapter.build(rule.endpoint, dict(zip(names, c, strict=True))) for c in combos]


def crawl(client: FlaskClient, urls: list[str], caplog: pytest.LogCaptureFixture) -> list[Answer]:
    """GET each URL (no redirects followed), with the exception the app logged for a 5xx."""
    answers = []
    for url in urls:
        caplog.clear()
        status = client.get(url).status_code
        answers.append(Answer(url, status, _logged_error(caplog) if status >= 500 else ""))
    return answers


def _logged_error(caplog: pytest.LogCaptureFixture) -> str:
    """The last exception logged during the request, as ``Type: message``."""
    for record in reversed(caplog.records):
        if record.exc_info and record.exc_info[1] is not None:
            return f"{type(record.exc_info[1]).__name__}: {record.exc_info[1]}"
    return ""


def test_every_get_route_answers_anonymous_and_staff_without_a_server_error(
    app: Flask,
    runner: FlaskCliRunner,
    unused_origin: str,
    caplog: pytest.LogCaptureFixture,
) -> None:
    app.config["HUIJU_PUBLIC_URL"] = unused_origin
    result = runner.invoke(args=["demo"])
    assert result.exit_code == 0, result.output
    staff = make_user(role="staff")
    values = demo_values(staff)
    db.session.commit()
    assert set(SKIPPED) <= set(app.view_functions), "SKIPPED names an endpoint that is gone"
    rules = get_rules(app)
    assert unfilled(rules, values) == [], "fill these in demo_values or add them to SKIPPED"
    adapter = app.url_map.bind("localhost")
    urls = [url for rule in rules for url in urls_for(rule, values, adapter)]
    minimum = sum(len(LOCALES) if r.arguments else 1 for r in rules if is_parameter_free(r))

    client = app.test_client()
    answers = {"anonymous": crawl(client, urls, caplog)}
    assert login(client, staff).status_code == 302
    assert client.get("/en/staff/").status_code == 200, "staff sign-in did not take"
    answers["staff"] = crawl(client, urls, caplog)

    counts = {role: len(answers[role]) for role in ROLES}
    print(f"crawled {counts} URLs ({minimum} parameter-free, per role)")
    assert all(n >= minimum for n in counts.values()), f"crawled {counts}, expected {minimum}"
    failing = [(role, a) for role in ROLES for a in answers[role] if a.status >= 500]
    assert failing == [], f"{len(failing)} server errors in {counts} URLs:\n" + "\n".join(
        f"{role} GET {a.url} -> {a.status} {a.error}" for role, a in failing
    )
