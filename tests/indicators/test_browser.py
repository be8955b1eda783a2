"""The indicator pages in headless Chromium: both locales, a phone's width without sideways
scrolling, no script errors; the charts are there without JavaScript's help."""

from __future__ import annotations

import pytest

from core.demo.figures import demo_figures
from core.extensions import db
from indicators import operations, queries
from indicators.importing import Figure, FigurePlan
from tests.browser import ARTIFACTS
from tests.factories import PASSWORD, make_user

PAGES = (
    "/staff/indicators/",
    "/staff/indicators/bases/suzhou",
    "/staff/indicators/missing",
    "/staff/indicators/framework",
    "/indicators/upload",
    "/indicators/figures/hefei",
)


@pytest.mark.browser
def test_indicator_pages_in_both_locales_and_on_a_phone(page, live_server: str, bases) -> None:
    codes = [i.code for i in queries.framework_in_force().reported]
    rows = demo_figures(list(bases), codes, 2024)
    operations.store_figures(
        FigurePlan([Figure(0, *r) for r in rows]), {s: p.id for s, p in bases.items()}
    )
    user = make_user("index@alliance.example")
    db.session.commit()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    # Console errors and failed requests, but for the browser's own favicon request (the site
    # has none; not this package's to add).
    page.on(
        "console", lambda m: m.type == "error" and "404" not in m.text and errors.append(m.text)
    )
    page.on(
        "response",
        lambda r: r.status >= 400 and not r.url.endswith("/favicon.ico") and errors.append(r.url),
    )
    page.goto(f"{live_server}/en/login")
    page.fill("#email", user.email)
    page.fill("#password", PASSWORD)
    page.click("form.form button[type=submit]")
    page.wait_for_url("**/en/staff/**")

    page.set_viewport_size({"width": 390, "height": 844})  # a phone: the narrowest layout
    for lang in ("en", "zh"):
        for path in PAGES:
            response = page.goto(f"{live_server}/{lang}{path}")
            assert response.status == 200, path
            assert page.locator("html").get_attribute("lang") == (
                "en" if lang == "en" else "zh-Hans"
            )
            overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
            assert overflow <= 0, f"/{lang}{path} is {overflow}px too wide on a phone"
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "indicators-figures-zh-phone.png"), full_page=True)
    page.set_viewport_size({"width": 1200, "height": 900})
    page.goto(f"{live_server}/zh/staff/indicators/")
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "indicators-zh.png"), full_page=True)
    assert page.locator("h1").inner_text() == "双创指数"
    assert page.locator("svg.index-chart").count() == 3  # composite, dimensions, ranking
    assert page.locator("svg.index-chart polyline").count() == 1
    assert "苏州双创示范基地" in page.locator("main").inner_text()
    assert not errors
