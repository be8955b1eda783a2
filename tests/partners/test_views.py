from datetime import timedelta

from flask.testing import FlaskClient

from core.db_types import utcnow
from core.extensions import db
from tests.factories import login, make_event, make_feed, make_link, make_partner, make_user


def _world() -> None:
    make_partner(
        "changyang-campus",
        name_en="Changyang Campus",
        name_zh="长阳创谷",
        kind="park",
        region="shanghai",
        alliance_member=True,
    )
    make_partner(
        "suzhou-base",
        name_en="Suzhou Base",
        name_zh="苏州示范基地",
        kind="base",
        region="jiangsu",
        alliance_member=True,
    )
    make_partner(
        "nordic-innovation",
        name_en="Nordic Innovation Center",
        name_zh="北欧创新中心",
        kind="international",
        region="overseas",
        country="FI",
    )
    db.session.commit()


def test_directory_lists_partners_in_the_visitors_language(client: FlaskClient) -> None:
    _world()
    english = client.get("/en/partners").get_data(as_text=True)
    chinese = client.get("/zh/partners").get_data(as_text=True)
    assert english.index("Changyang Campus") < english.index("Nordic Innovation Center")
    assert '<a href="/zh/partners/changyang-campus">长阳创谷</a>' in chinese
    assert "3 partners" in english


def test_directory_filters_by_kind_region_country_and_alliance(client: FlaskClient) -> None:
    _world()
    for lang in ("en", "zh"):
        by_kind = client.get(f"/{lang}/partners?kind=park").get_data(as_text=True)
        assert "/partners/changyang-campus" in by_kind
        assert "/partners/suzhou-base" not in by_kind
        by_region = client.get(f"/{lang}/partners?region=jiangsu").get_data(as_text=True)
        assert "/partners/suzhou-base" in by_region
        assert "/partners/changyang-campus" not in by_region
        members = client.get(f"/{lang}/partners?alliance=yes").get_data(as_text=True)
        assert "/partners/nordic-innovation" not in members
        assert "/partners/suzhou-base" in members
        others = client.get(f"/{lang}/partners?alliance=no").get_data(as_text=True)
        assert "/partners/nordic-innovation" in others
        finland = client.get(f"/{lang}/partners?country=fi").get_data(as_text=True)
        assert "/partners/nordic-innovation" in finland
        assert "/partners/suzhou-base" not in finland


def test_unknown_filter_values_are_ignored(client: FlaskClient) -> None:
    _world()
    page = client.get("/en/partners?kind=<script>&region=mars")
    assert page.status_code == 200 and "3 partners" in page.get_data(as_text=True)


def test_partner_page_shows_events_links_and_feed_health(client: FlaskClient) -> None:
    park = make_partner(
        "changyang-campus",
        name_en="Changyang Campus",
        name_zh="长阳创谷",
        description_en="A campus.",
        description_zh="创新园区。",
        website="https://changyang.example.org/",
    )
    fudan = make_partner("fudan", name_en="Fudan University", name_zh="复旦大学")
    make_link(fudan, park, "incubation", note_en="Student start-ups", note_zh="学生创业")
    make_link(
        park,
        make_partner("expo-lead", name_en="Expo exhibitor"),
        "lead",
        note_en="Private follow-up about pricing",
    )
    pull = make_feed(
        park, url="https://cal.example.org/changyang.ics", status="ok", last_success_at=utcnow()
    )
    upload = make_feed(
        park,
        source="upload",
        url="",
        name="secret-upload.ics",
        status="failing",
        last_error="parse error at line 3",
    )
    make_event(pull, title_en="Demo day")
    make_event(upload, title_en="Old salon", start=utcnow() - timedelta(days=3))
    make_event(pull, title_en="Cancelled talk", removed_at=utcnow())
    db.session.commit()

    html = client.get("/en/partners/changyang-campus").get_data(as_text=True)
    assert "A campus." in html and 'href="https://changyang.example.org/"' in html
    assert "Demo day" in html
    assert "Old salon" not in html and "Cancelled talk" not in html
    assert "Fudan University" in html and "Incubation" in html and "Student start-ups" in html
    assert "Expo exhibitor" in html and "Private follow-up" not in html
    # The feed's address is the partner's internal calendar: visitors see that it is fine.
    assert "https://cal.example.org/changyang.ics" not in html and "Up to date" in html
    assert "Failing" in html
    assert "secret-upload.ics" not in html and "parse error" not in html

    login(client, make_user(role="staff"))
    staff_view = client.get("/en/partners/changyang-campus").get_data(as_text=True)
    assert "https://cal.example.org/changyang.ics" in staff_view

    chinese = client.get("/zh/partners/changyang-campus").get_data(as_text=True)
    assert "创新园区。" in chinese and "复旦大学" in chinese and "学生创业" in chinese


def test_partner_page_renders_only_web_links(client: FlaskClient) -> None:
    make_partner("odd", website="javascript:alert(1)")
    db.session.commit()
    html = client.get("/en/partners/odd").get_data(as_text=True)
    assert "javascript:" not in html


def test_unknown_partner_is_404(client: FlaskClient) -> None:
    assert client.get("/en/partners/nobody").status_code == 404
