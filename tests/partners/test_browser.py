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
