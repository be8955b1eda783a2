import pytest

from core.extensions import db
from tests.factories import make_partner


@pytest.mark.browser
def test_chinese_directory_and_its_filter_form(live_server: str, page) -> None:
    make_partner("changyang-campus", name_en="Changyang Campus", name_zh="长阳创谷", kind="park")
    make_partner("fudan", name_en="Fudan University", name_zh="复旦大学", kind="university")
    db.session.commit()

    page.goto(f"{live_server}/zh/partners")
    names = page.locator(".partner-name")
    assert sorted(names.all_inner_texts()) == sorted(["长阳创谷", "复旦大学"])

    page.select_option("#filter-kind", "university")
    page.click(".filter-actions button")
    page.wait_for_url("**/zh/partners?kind=university*")
    assert names.all_inner_texts() == ["复旦大学"]
    assert page.locator("#filter-kind").input_value() == "university"


@pytest.mark.browser
def test_the_directory_fits_a_phone(live_server: str, page) -> None:
    make_partner(
        "accenture",
        name_en="Accenture China Innovation Hub with a Rather Long Name",
        name_zh="埃森哲中国创新中心",
        kind="enterprise",
    )
    make_partner("sg", name_en="Singapore City Living Room", region="overseas", country="SG")
    db.session.commit()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("console", lambda m: _console_error(m, errors))
    page.set_viewport_size({"width": 390, "height": 844})

    page.goto(f"{live_server}/en/partners")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert page.locator(".partner-avatar").all_inner_texts() == ["AC", "SC"]
    page.fill("#filter-q", "埃森哲")
    page.click(".filter-actions button")
    page.wait_for_url("**/en/partners?q=*")
    assert "&" not in page.url  # the empty filters left the address
    assert page.locator(".partner-name").all_inner_texts() == [
        "Accenture China Innovation Hub with a Rather Long Name"
    ]
    assert not errors


def _console_error(message, errors: list[str]) -> None:
    """Console errors, but the favicon's 404 (the favicon is another task's, issue 15)."""
    if message.type == "error" and not message.location.get("url", "").endswith("/favicon.ico"):
        errors.append(message.text)
