"""Every page, public and staff, in both locales at 1280 and 390 px in headless Chromium: no
5xx, no console error, no horizontal overflow, and no serious or critical axe-core violation.

The pages come from the URL map (every GET rule that answers HTML), filled with ids from one
demo world loaded once for the module on its own SQLite file (what a page looks like does not
depend on the database; the crawl and the feature tests cover both). Each page is a test of
its own, so a failure names the page, the width and who looked (pytest lists them all). The
same visits write the README's screenshots into docs/screenshots/.

Cost (measured on 2 shared cores): about 1 s per visit with axe; one browser context per
role and width, one tab each, reused for every page.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from flask import Flask
from werkzeug.routing import Rule
from werkzeug.serving import make_server

from core.app import create_app
from core.extensions import db

pytestmark = [pytest.mark.browser, pytest.mark.slow]

SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
WIDTHS = {"desktop": 1280, "phone": 390}
HEIGHTS = {"desktop": 800, "phone": 844}
LOCALES = ("en", "zh")
# The README's pictures: endpoint -> file name prefix.
SCREENSHOTTED = {
    "events.event_list": "events",
    "events.event_detail": "event",
    "graph.network": "network",
    "leads.board": "leads-board",
}
# GET rules that are not HTML pages (or only redirect); everything else is visited.
SKIPPED = {
    "static": "the app's asset files",
    "core.root": "a redirect to the visitor's language",
    "core.healthz": "JSON for monitors",
    "core.favicon": "an icon",
    "demo.feed": "a demo iCalendar feed",
    "events.api_event": "JSON",
    "events.api_events": "JSON",
    "events.api_partners": "JSON",
    "events.openapi": "JSON",
    "events.event_ics": "iCalendar",
    "events.feed_all": "iCalendar",
    "events.feed_filtered": "iCalendar",
    "events.feed_partner": "iCalendar",
    "graph.network_export": "GEXF, GraphML, JSON and CSV downloads",
    "graph_api.graph_data": "JSON",
    "indicators.framework_download": "an XLSX download",
    "indicators.report_pdf": "a PDF download",
    "indicators.report_xlsx": "an XLSX download",
    "indicators.template": "an XLSX download",
    "leads.export_csv": "a CSV download",
    "leads_feed.feed": "iCalendar",
    "federation_api.push_ics": "PUT only",
}


def _html_rules() -> list[Rule]:
    """The GET rules the test visits, from an app built without a database."""
    app = create_app({"SQLALCHEMY_DATABASE_URI": "sqlite://", "SECRET_KEY": "x"})
    rules = [r for r in app.url_map.iter_rules() if "GET" in (r.methods or {"GET"})]
    return sorted((r for r in rules if r.endpoint not in SKIPPED), key=lambda r: r.rule)


RULES = {rule.endpoint: rule for rule in _html_rules()}


@dataclass(frozen=True)
class Visit:
    """What one page showed in the browser."""

    url: str
    status: int
    console: tuple[str, ...]
    overflow: int  # px beyond the viewport, 0 when none
    wide: tuple[str, ...]  # the innermost elements reaching beyond it
    violations: tuple[str, ...]

    def problems(self) -> list[str]:
        found = []
        if self.status != 200:  # 5xx is the bug asked about; 4xx means the test misses a page
            found.append(f"HTTP {self.status}")
        found += [f"console: {line}" for line in self.console]
        if self.overflow:
            found.append(f"horizontal overflow of {self.overflow} px: {', '.join(self.wide)}")
        found += [f"axe: {v}" for v in self.violations]
        return found


@dataclass
class Site:
    """The demo world served on 127.0.0.1, with the URL of every page and who may see it."""

    base: str
    urls: dict[str, str]  # endpoint -> URL with {lang}
    staff_only: set[str]
    email: str
    password: str


def _app(tmp: Path) -> Flask:
    app = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp / 'pages.sqlite3'}",
            "SECRET_KEY": "pages-in-browser",
            "WTF_CSRF_ENABLED": False,
            "HUIJU_FEED_ALLOW_HOSTS": frozenset({"127.0.0.1", "localhost"}),
        }
    )
    from flask_migrate import upgrade

    with app.app_context():
        upgrade()
    return app


def _page_urls(app: Flask, values: dict[str, list[str]]) -> dict[str, str]:
    """Each visited rule's URL with the demo's first value for every argument but the
    locale, which stays ``{lang}``."""
    adapter = app.url_map.bind("localhost")
    urls = {}
    for endpoint, rule in RULES.items():
        args = {name: values[name][0] for name in rule.arguments if name != "lang"}
        if "lang" in rule.arguments:
            args["lang"] = "en"
        url = adapter.build(endpoint, args)
        urls[endpoint] = url.replace("/en/", "/{lang}/", 1) if "lang" in args else url
    return urls


def _showcase_values() -> dict[str, list[str]]:
    """The same ids on every run, and ones worth a screenshot: the next upcoming event, and an
    alliance base (its partner page, and the indicator pages that only bases have)."""
    from sqlalchemy import select

    from core.db_types import utcnow
    from events.models import Event
    from indicators.models import IndicatorValue
    from partners.models import Partner

    upcoming = select(Event.id).where(Event.start_at >= utcnow(), Event.status == "confirmed")
    event_id = db.session.scalar(upcoming.order_by(Event.start_at, Event.id).limit(1))
    reporting = select(Partner).join(IndicatorValue, IndicatorValue.partner_id == Partner.id)
    base = db.session.scalar(reporting.order_by(Partner.slug).limit(1))
    assert event_id and base, "the demo world has no upcoming event or no base with figures"
    return {"event_id": [str(event_id)], "slug": [base.slug], "region": [base.region]}


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    from tests.core.test_crawl import demo_values
    from tests.factories import PASSWORD, make_user

    app = _app(tmp_path_factory.mktemp("pages"))
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{server.server_port}"
    with app.app_context():
        app.config["HUIJU_PUBLIC_URL"] = base  # the demo fetches its feeds from this server
        result = app.test_cli_runner().invoke(args=["demo"])
        assert result.exit_code == 0, result.output
        staff = make_user(role="admin")  # admins see every staff page (the audit log too)
        values = demo_values(staff) | _showcase_values()
        db.session.commit()
        urls = _page_urls(app, values)
        anonymous = app.test_client()
        staff_only = {
            endpoint
            for endpoint, url in urls.items()
            if anonymous.get(url.format(lang="en")).status_code in (302, 401, 403)
        }
        yield Site(base, urls, staff_only, staff.email, PASSWORD)
        db.session.remove()
    server.shutdown()
    thread.join(5)


@pytest.fixture(scope="module")
def tabs(browser, site: Site) -> Iterator[dict[tuple[bool, str], object]]:
    """One tab per (signed in, width), kept for every page of the module, with axe-core
    (bundled by axe-playwright-python) loaded into each page it opens."""
    from axe_playwright_python.base import AXE_SCRIPT

    contexts, tabs = [], {}
    for signed_in in (False, True):
        for width_name, width in WIDTHS.items():
            context = browser.new_context(
                viewport={"width": width, "height": HEIGHTS[width_name]},
                timezone_id="Asia/Shanghai",
            )
            context.add_init_script(script=AXE_SCRIPT)
            if signed_in:
                form = {"email": site.email, "password": site.password}
                answer = context.request.post(f"{site.base}/en/login", form=form, max_redirects=0)
                assert answer.status == 302, "staff sign-in failed"
            contexts.append(context)
            tabs[signed_in, width_name] = context.new_page()
    yield tabs
    for context in contexts:
        context.close()


# How far the page reaches beyond the viewport, and (to say what to fix) the first three
# innermost elements that do: tag.class, their right edge in px.
OVERFLOW = """() => {
  const width = window.innerWidth;
  const over = Math.max(0, document.documentElement.scrollWidth - width);
  if (!over) return [0, []];
  const wide = [...document.body.querySelectorAll("*")].filter((el) => {
    if (el.getBoundingClientRect().right <= width + 1) return false;
    return ![...el.children].some((c) => c.getBoundingClientRect().right > width + 1);
  });
  const name = (el) => el.tagName.toLowerCase() + [...el.classList].map((c) => "." + c).join("");
  return [over, wide.slice(0, 3).map((el) => `${name(el.parentElement)} > ${name(el)}`)];
}"""


# axe-core's serious and critical violations, as "rule (impact, N×: first element)"; axe is
# put in every document of the tab once, by the context (tabs), not sent again per page.
AXE = """async () => {
  const results = await axe.run(document, {resultTypes: ["violations"]});
  return results.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.id} (${v.impact}, ${v.nodes.length}×: ${v.nodes[0].target[0]})`);
}"""


def visit(tab: object, url: str) -> Visit:
    console: list[str] = []
    on_console = lambda msg: msg.type == "error" and console.append(msg.text)  # noqa: E731
    on_error = lambda error: console.append(str(error))  # noqa: E731
    tab.on("console", on_console)  # type: ignore[attr-defined]
    tab.on("pageerror", on_error)  # type: ignore[attr-defined]
    try:
        response = tab.goto(url, wait_until="load")  # type: ignore[attr-defined]
        overflow, wide = tab.evaluate(OVERFLOW)  # type: ignore[attr-defined]
        violations = tab.evaluate(AXE)  # type: ignore[attr-defined]
    finally:
        tab.remove_listener("console", on_console)  # type: ignore[attr-defined]
        tab.remove_listener("pageerror", on_error)  # type: ignore[attr-defined]
    return Visit(url, response.status, tuple(console), overflow, tuple(wide), tuple(violations))


@pytest.mark.parametrize("width", list(WIDTHS))
@pytest.mark.parametrize("lang", LOCALES)
@pytest.mark.parametrize("endpoint", list(RULES))
def test_page(site: Site, tabs: dict, endpoint: str, lang: str, width: str) -> None:
    signed_in = endpoint in site.staff_only
    tab = tabs[signed_in, width]
    url = site.base + site.urls[endpoint].format(lang=lang)
    result = visit(tab, url)
    if endpoint in SCREENSHOTTED:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        name = f"{SCREENSHOTTED[endpoint]}-{lang}-{width}.png"
        tab.screenshot(path=str(SCREENSHOTS / name), type="png")  # type: ignore[attr-defined]
    problems = result.problems()
    who = "staff" if signed_in else "a visitor"
    assert problems == [], f"{url} at {WIDTHS[width]} px, as {who}:\n" + "\n".join(problems)


def test_every_get_rule_is_visited_or_skipped_for_a_reason() -> None:
    app = create_app({"SQLALCHEMY_DATABASE_URI": "sqlite://", "SECRET_KEY": "x"})
    endpoints = {r.endpoint for r in app.url_map.iter_rules() if "GET" in (r.methods or {"GET"})}
    assert set(SKIPPED) - {"federation_api.push_ics"} <= endpoints, "SKIPPED names a gone page"
    assert endpoints - set(SKIPPED) == set(RULES)
    assert set(SCREENSHOTTED) <= set(RULES)
