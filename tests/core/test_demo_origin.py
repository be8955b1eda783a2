"""Which origin the demo feeds follow, and which stored feeds move (pure: no app, no database)."""

from __future__ import annotations

import pytest

from core.demo.origin import demo_file, plan_follow, plan_moves, served_origin, stored_origin

BUNDLED = frozenset({"changyang-campus.ics", "kic-mixed.ics"})
AT_5000 = [
    (1, "http://127.0.0.1:5000/demo/feeds/changyang-campus.ics"),
    (2, "http://localhost:5000/demo/feeds/kic-mixed.ics"),
    (3, "https://partner.example.org/demo/feeds/kic-mixed.ics"),  # somebody else's server
    (4, "http://127.0.0.1:5000/demo/feeds/not-bundled.ics"),
]


@pytest.mark.parametrize(
    ("host", "port", "origin"),
    [
        ("127.0.0.1", 5301, "http://127.0.0.1:5301"),
        ("0.0.0.0", 5301, "http://127.0.0.1:5301"),
        ("localhost", 8080, "http://127.0.0.1:8080"),
        ("::", 5000, "http://127.0.0.1:5000"),
        ("::1", 5000, "http://[::1]:5000"),
        ("192.168.1.20", 5000, "http://192.168.1.20:5000"),
    ],
)
def test_the_served_origin_is_where_this_machine_reaches_the_server(
    host: str, port: int, origin: str
) -> None:
    assert served_origin(host, port) == origin


def test_a_demo_feed_is_a_bundled_file_on_the_loopback() -> None:
    assert [demo_file(url, BUNDLED) for _, url in AT_5000] == [
        "changyang-campus.ics",
        "kic-mixed.ics",
        None,
        None,
    ]
    assert demo_file("http://127.0.0.1:5000/demo/feeds/kic-mixed.ics?x=1", BUNDLED) is None
    assert demo_file("http://127.0.0.1:5000/other/demo/feeds/kic-mixed.ics", BUNDLED) is None


def test_only_demo_feeds_move_and_moving_twice_moves_nothing() -> None:
    planned = plan_moves(AT_5000, "http://127.0.0.1:5301", BUNDLED)
    assert planned == {
        1: "http://127.0.0.1:5301/demo/feeds/changyang-campus.ics",
        2: "http://127.0.0.1:5301/demo/feeds/kic-mixed.ics",
    }
    assert plan_moves(planned.items(), "http://127.0.0.1:5301", BUNDLED) == {}


def test_the_stored_origin_is_the_demo_feeds_one() -> None:
    assert stored_origin([url for _, url in AT_5000[2:]], BUNDLED) is None
    assert stored_origin([url for _, url in AT_5000], BUNDLED) == "http://127.0.0.1:5000"


def test_without_a_public_url_the_served_origin_becomes_it() -> None:
    plan = plan_follow(None, "http://127.0.0.1:5301", AT_5000, BUNDLED)
    assert plan.public_url == "http://127.0.0.1:5301"
    assert set(plan.moves) == {1, 2}
    assert plan.notice == "Demo feeds now sync from http://127.0.0.1:5301/demo/feeds/"
    again = plan_follow(None, "http://127.0.0.1:5301", plan.moves.items(), BUNDLED)
    assert again.moves == {} and again.notice is None


def test_a_public_url_naming_this_server_is_followed_and_kept() -> None:
    plan = plan_follow("http://localhost:5301/", "http://127.0.0.1:5301", AT_5000, BUNDLED)
    assert plan.public_url is None and set(plan.moves) == {1, 2}


def test_a_public_url_naming_another_server_moves_nothing_and_says_what_to_set() -> None:
    plan = plan_follow("http://127.0.0.1:5000", "http://127.0.0.1:5301", AT_5000, BUNDLED)
    assert plan.moves == {} and plan.public_url is None
    assert plan.notice == (
        "Demo feeds do not follow this server (http://127.0.0.1:5301): HUIJU_PUBLIC_URL is "
        "http://127.0.0.1:5000; set it to http://127.0.0.1:5301, or unset it, to sync them "
        "from here."
    )


def test_a_server_off_the_loopback_keeps_the_demo_feeds_where_they_are() -> None:
    plan = plan_follow(None, "http://192.168.1.20:5000", AT_5000, BUNDLED)
    assert plan.moves == {} and plan.public_url == "http://192.168.1.20:5000"
    assert plan.notice and "run on 127.0.0.1 or 0.0.0.0" in plan.notice
