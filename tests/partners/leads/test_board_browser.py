"""The leads board and the feed-health table in Chromium, at 1280 px and on a 390 px phone:
long names stay in their cards, every column (Lost included) can be reached, nothing makes the
page wider than the screen, and feed addresses are not broken inside words."""

from __future__ import annotations

import pytest

from core.extensions import db
from partners.leads.operations import create_lead, move_stage
from tests.factories import PASSWORD, make_feed, make_partner, make_user

STEPS = ("contacted", "meeting", "proposal", "signed", "landed")
# Per card: does any element stick out of it? Per page: is it wider than the window?
SPILLS = """() => [...document.querySelectorAll('.lead-card')].filter(card => {
  const box = card.getBoundingClientRect();
  return [...card.querySelectorAll('*')].some(e => e.getBoundingClientRect().right > box.right + 1);
}).map(card => card.querySelector('h3').textContent.trim())"""
PAGE_OVERFLOW = "() => document.documentElement.scrollWidth - window.innerWidth"
LOST_REACHED = """() => {
  const board = document.querySelector('.lead-board');
  board.scrollLeft = board.scrollWidth;
  const lost = document.querySelector('.lead-column.stage-lost').getBoundingClientRect();
  return lost.right <= window.innerWidth + 1 && lost.width >= 180;
}"""


def _board_world() -> object:
    user = make_user("international-cooperation.desk@alliance.example.org")
    for index in range(len(STEPS) + 1):
        lead = create_lead(
            {"organization_en": f"Helios Semiconductor {index}", "source": "CIIE 2026"}
        )
        lead.owner_id = user.id  # the board shows the owner's address in the card
        for stage in STEPS[:index]:
            move_stage(lead, stage)
    move_stage(create_lead({"organization_en": "Nordlys Medical Devices"}), "lost", reason="x")
    partner = make_partner("bay-area-council")
    make_feed(
        partner,
        url="https://calendar.bay-area-council.example.org/feeds/outlook/published/events-calendar.ics",
    )
    db.session.commit()
    return user


@pytest.mark.browser
@pytest.mark.parametrize("width", [1280, 390])
def test_board_and_feed_table_fit_the_screen(browser: object, live_server: str, width: int) -> None:
    user = _board_world()
    context = browser.new_context(viewport={"width": width, "height": 900})  # type: ignore[attr-defined]
    page = context.new_page()
    try:
        page.goto(f"{live_server}/en/login")
        page.fill("#email", user.email)
        page.fill("#password", PASSWORD)
        page.click("form.form button[type=submit]")
        page.goto(f"{live_server}/en/staff/leads/")
        assert page.locator(".lead-column").count() == 7
        assert page.evaluate(SPILLS) == []
        assert page.evaluate(PAGE_OVERFLOW) <= 0
        assert page.evaluate(LOST_REACHED)

        page.goto(f"{live_server}/zh/feeds")
        address = page.locator(".feed-table .feed-url").first
        assert address.get_attribute("title").endswith("events-calendar.ics")
        assert address.evaluate("e => getComputedStyle(e).wordBreak") == "normal"
        # The address wraps only between its parts (<wbr>): no part is split across lines.
        split_parts = address.evaluate(
            """e => [...e.querySelectorAll('.url-part')].filter(part =>
              new Set([...part.getClientRects()].map(r => Math.round(r.top))).size > 1
            ).map(part => part.textContent)"""
        )
        assert address.locator(".url-part").count() == 11
        assert split_parts == []
        assert page.evaluate(PAGE_OVERFLOW) <= 0
    finally:
        context.close()
