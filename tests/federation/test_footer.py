"""The footer says whether the feeds sync: a count for visitors, a link to feed health for staff."""

from __future__ import annotations

from core.extensions import db
from federation.models import FeedStatus
from tests.factories import login, make_feed, make_user


def test_all_feeds_syncing_then_failing_for_visitors_and_staff(app, client) -> None:
    make_feed(status=FeedStatus.OK)
    db.session.commit()
    html = client.get("/en/partners").get_data(as_text=True)
    assert "All feeds syncing" in html and "feed_health" not in html

    for _ in range(2):
        make_feed(status=FeedStatus.FAILING)
    make_feed(status=FeedStatus.FAILING, enabled=False)  # switched off: not a failure
    db.session.commit()
    app.extensions.pop("huiju.failing_feeds")  # the minute's cache, as if a minute passed
    html = client.get("/zh/partners").get_data(as_text=True)
    assert '<span class="footer-status footer-status-failing">2 个日历源同步失败</span>' in html

    staff = make_user(role="staff")
    db.session.commit()
    login(client, staff)
    html = client.get("/en/partners").get_data(as_text=True)
    assert 'footer-status-failing" href="/en/feeds">2 feeds failing</a>' in html


def test_the_count_is_cached_for_a_minute(app, client) -> None:
    client.get("/en/partners")
    make_feed(status=FeedStatus.FAILING)
    db.session.commit()
    assert "All feeds syncing" in client.get("/en/partners").get_data(as_text=True)


def test_favicon_is_served_and_cached(client) -> None:
    response = client.get("/favicon.ico")
    assert response.status_code == 200 and response.data[:4] == b"\x00\x00\x01\x00"
    assert response.mimetype == "image/vnd.microsoft.icon"
    assert response.cache_control.max_age >= 86400
    html = client.get("/en/").get_data(as_text=True)
    assert 'rel="icon" href="/static/favicon.svg"' in html
    assert client.get("/static/favicon.svg").status_code == 200
