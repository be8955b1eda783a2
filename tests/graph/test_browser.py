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
    assert page.url.endswith("/zh/network")  # the click opened details, not the partner page

    page.select_option("#a", "changyang")
    page.select_option("#b", "slush")
    page.click(".path-form button[type=submit]")
    page.wait_for_selector(".path-hops")
    assert page.locator("#network-svg .path-ring.on-path").count() == 3
    assert page.locator("#network-svg .edge.on-path").count() == 2
    assert page.locator(".path-hops li").all_inner_texts() == ["长阳创谷", "创智天地", "Slush 上海"]
    assert not errors
