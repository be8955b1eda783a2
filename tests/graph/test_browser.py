"""The network page in headless Chromium: picture, node details, a highlighted path."""

from __future__ import annotations

from datetime import date

import pytest

from core.extensions import db
from partners.models import Link
from tests.factories import make_partner


@pytest.mark.browser
def test_network_details_and_path(live_server: str, page) -> None:
    a = make_partner("changyang", name_en="Changyang Campus", name_zh="长阳创谷")
    b = make_partner("kic", name_en="KIC", name_zh="创智天地")
    c = make_partner("slush", name_en="Slush Shanghai", name_zh="Slush 上海", region="overseas")
    db.session.add_all(
        [
            Link(source_id=a.id, target_id=b.id, kind="mou", weight=3, since=date(2020, 1, 1)),
            Link(source_id=b.id, target_id=c.id, kind="cohost", weight=2, since=date(2021, 1, 1)),
        ]
    )
    db.session.commit()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))  # uncaught script errors

    page.goto(f"{live_server}/zh/network")
    page.wait_for_selector(".network-figure.is-interactive")
    assert page.locator("#network-svg .node").count() == 3

    page.click(f"#network-svg .node[data-id='{b.id}']")
    details = page.locator("#network-details")
    details.wait_for(state="visible")
    assert details.locator("[data-field='name']").inner_text() == "创智天地"
    assert details.locator("[data-field='degree']").inner_text() == "2"
    assert sorted(details.locator("[data-field='neighbours'] li").all_inner_texts()) == [
        "Slush 上海 (2)",
        "长阳创谷 (3)",
    ]
    # The click opened details in place, not the partner page, and the address can be shared.
    assert page.url.endswith("/zh/network?focus=kic#network-figure")

    page.get_by_role("button", name="放大").click()
    assert page.locator(".labels-wide-zoom").is_hidden()
    page.get_by_role("button", name="放大").click()  # past 1.8×: the smaller, fuller names
    assert page.locator(".network-figure.is-zoomed .labels-wide-zoom").is_visible()

    page.select_option("#a", "changyang")
    page.select_option("#b", "slush")
    page.click(".path-form button[type=submit]")
    page.wait_for_selector(".path-hops")
    assert page.locator("#network-svg .path-ring.on-path").count() == 3
    assert page.locator("#network-svg .edge.on-path").count() == 2
    assert page.locator(".path-hops li").all_inner_texts() == ["长阳创谷", "创智天地", "Slush 上海"]
    assert not errors


@pytest.mark.browser
def test_the_network_reads_on_a_phone(live_server: str, page) -> None:
    hub = make_partner("hub", name_en="Yangpu Alliance Office", name_zh="杨浦联盟办公室")
    spokes = [make_partner(f"s{i}", name_en=f"Innovation Base {i}") for i in range(30)]
    db.session.add_all([Link(source_id=hub.id, target_id=s.id, kind="mou") for s in spokes])
    db.session.commit()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("console", lambda m: _console_error(m, errors))
    page.set_viewport_size({"width": 390, "height": 844})

    page.goto(f"{live_server}/en/network?focus=hub")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert page.locator(".labels-narrow").is_visible() and page.locator(".labels-wide").is_hidden()
    size = page.locator(".labels-narrow text").first.evaluate(
        "t => t.getBoundingClientRect().height"
    )
    assert size >= 9  # names a phone can read, not 4 px
    panel = page.locator("#network-details").bounding_box()
    figure = page.locator("#network-figure").bounding_box()
    assert panel["y"] >= figure["y"] + figure["height"]  # the panels stack below the picture
    assert page.locator("#network-details li").count() == 30
    assert not errors


def _console_error(message, errors: list[str]) -> None:
    """Console errors, but the favicon's 404 (the favicon is another task's, issue 15)."""
    if message.type == "error" and not message.location.get("url", "").endswith("/favicon.ico"):
        errors.append(message.text)
