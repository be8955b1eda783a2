"""Bounded requests: a body over the limit is refused (413, saying what went wrong) before it
is read, on a real HTTP server; the views that take files take them up to their own limits."""

from __future__ import annotations

import io
import select
import socket
from urllib.parse import urlsplit

import pytest
from flask.testing import FlaskClient

from core.extensions import db
from tests.calendars import calendar, vevent
from tests.factories import login, make_partner, make_user

MB = 1024 * 1024
DECLARED = 300 * MB


def send_until_answered(base_url: str, head: bytes, body_chunks: int) -> tuple[bytes, int]:
    """Send ``head`` and then up to ``body_chunks`` MB of body, 64 kB at a time, stopping as
    soon as an answer arrives; returns (the answer's first bytes, body bytes sent before it)."""
    address = urlsplit(base_url)
    sent, piece = 0, b"x" * (64 * 1024)
    with socket.create_connection((address.hostname, address.port), timeout=10) as sock:
        sock.sendall(head)
        while sent < body_chunks * MB and not select.select([sock], [], [], 0)[0]:
            try:
                sock.sendall(piece)
            except (BrokenPipeError, ConnectionResetError):
                break  # the server answered and closed the connection
            sent += len(piece)
        select.select([sock], [], [], 10)
        try:
            return sock.recv(4096), sent
        except ConnectionResetError:
            return b"", sent


def multipart_head(path: str, length: int | None) -> bytes:
    size = f"Content-Length: {length}" if length is not None else "Transfer-Encoding: chunked"
    return (
        f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1\r\n{size}\r\n"
        "Content-Type: multipart/form-data; boundary=b\r\n\r\n"
    ).encode()


def test_an_anonymous_300_mb_post_is_refused_before_its_body_is_read(live_server: str) -> None:
    answer, sent = send_until_answered(live_server, multipart_head("/en/login", DECLARED), 40)
    assert answer.startswith(b"HTTP/1.1 413"), answer[:200]
    assert b"This page accepts at most 1 MB" in answer or b"413" in answer
    assert sent < 40 * MB  # the server answered long before 40 MB, let alone 300


def test_a_body_without_a_length_is_cut_off_at_the_limit(live_server: str) -> None:
    # One chunk declared as 300 MB: the server reads up to the limit, then answers.
    head = multipart_head("/en/login", None) + f"{DECLARED:x}\r\n".encode()
    answer, sent = send_until_answered(live_server, head, 40)
    assert answer.startswith(b"HTTP/1.1 413"), answer[:200]
    assert sent < 40 * MB


def test_the_413_page_says_what_went_wrong_in_both_languages(client: FlaskClient) -> None:
    big = {"email": "x" * (2 * MB), "password": "y"}
    english = client.post("/en/login", data=big, content_type="multipart/form-data")
    assert english.status_code == 413
    assert "This page accepts at most 1 MB" in english.get_data(as_text=True)
    chinese = client.post("/zh/login", data=big, content_type="multipart/form-data")
    assert chinese.status_code == 413
    assert "1 MB" in chinese.get_data(as_text=True)
    assert "This page accepts" not in chinese.get_data(as_text=True)


@pytest.fixture
def app_config() -> dict:
    return {"HUIJU_FEED_MAX_BYTES": 3 * MB}


def ics(size: int) -> bytes:
    """A calendar of about ``size`` bytes (one event with a long description)."""
    return calendar(vevent("big", "20261201T090000Z", description="a" * size, summary="Big"))


def upload(client: FlaskClient, body: bytes) -> tuple[int, str]:
    partner = make_partner("own")
    user = make_user(role="partner", partner=partner)
    db.session.commit()
    login(client, user)
    response = client.post(
        "/en/feeds/upload",
        data={"calendar": (io.BytesIO(body), "big.ics"), "language": "en"},
        content_type="multipart/form-data",
    )
    return response.status_code, response.get_data(as_text=True)


def test_a_calendar_over_the_form_limit_is_uploaded(client: FlaskClient) -> None:
    status, html = upload(client, ics(2 * MB))
    assert status in (200, 302), html[:500]
    assert "413" not in html


def test_a_calendar_over_the_feed_cap_is_refused_with_the_reason(client: FlaskClient) -> None:
    status, html = upload(client, ics(4 * MB))
    assert status == 413
    assert "This page accepts at most 3.1 MB" in html


def test_an_anonymous_visitor_cannot_send_a_file_sized_body(client: FlaskClient) -> None:
    response = client.post(
        "/en/feeds/upload",
        data={"calendar": (io.BytesIO(ics(2 * MB)), "big.ics")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 413
