"""fetch() against real HTTP servers on the loopback: never a mocked requests.

Servers: pytest-httpserver for ordinary answers; a small threaded http.server for answers
that must be slow; a bare listening socket on 127.0.0.2 ("the forbidden host") that
records whether anything connected to it. No test connects to a non-loopback address.
"""

from __future__ import annotations

import contextlib
import email.utils
import gzip
import ipaddress
import shutil
import socket
import ssl
import subprocess
import threading
import time
import zlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
import requests
from pytest_httpserver import HTTPServer
from werkzeug import Response

import federation.guard
from federation.errors import AddressRefused, FeedTooLarge, FetchError
from federation.fetch import FetchPolicy, GuardedAdapter, fetch
from tests.calendars import calendar

ICS = calendar()
LOCAL = frozenset({"127.0.0.1", "localhost"})
POLICY = FetchPolicy(allow_hosts=LOCAL, connect_timeout=1, read_timeout=1, total_timeout=2)
LAST_MODIFIED = "Wed, 01 Apr 2026 08:00:00 GMT"


# --- helpers -------------------------------------------------------------------------------


class Listener:
    """A socket listening on 127.0.0.2 that never accepts: a connection would sit queued."""

    def __init__(self) -> None:
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.sock.bind(("127.0.0.2", 0))
        self.sock.listen(8)
        self.port = self.sock.getsockname()[1]

    def was_connected(self) -> bool:
        """Tell whether any client connected (the kernel queues it even if never accepted)."""
        self.sock.setblocking(False)
        try:
            self.sock.accept()[0].close()
        except BlockingIOError:
            return False
        return True


@pytest.fixture
def forbidden() -> Iterator[Listener]:
    listener = Listener()
    yield listener
    listener.sock.close()


Handler = Callable[[BaseHTTPRequestHandler], None]


@contextmanager
def slow_server(handle: Handler) -> Iterator[str]:
    """Serve every GET with ``handle`` on 127.0.0.1 in threads; yield the base URL."""

    class RequestHandler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                handle(self)  # the client may give up early: that is what tests want

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), RequestHandler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_port}/feed.ics"
    finally:
        server.shutdown()
        server.server_close()


def send_head(handler: BaseHTTPRequestHandler, headers: dict[str, str]) -> None:
    handler.send_response(200)
    for name, value in headers.items():
        handler.send_header(name, value)
    handler.end_headers()


def assert_plain_words(error: BaseException) -> None:
    """A message for people: no library reprs, no memory addresses."""
    text = str(error)
    for leak in ("object at 0x", "urllib3", "HTTPConnection", "MaxRetryError", "Errno"):
        assert leak not in text


# --- success and revalidation --------------------------------------------------------------


def test_200_returns_body_validators_and_content_type(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/feed.ics").respond_with_data(
        ICS,
        headers={
            "ETag": '"v1"',
            "Last-Modified": LAST_MODIFIED,
            "Content-Type": 'text/calendar; charset="UTF-8"',
        },
    )
    result = fetch(httpserver.url_for("/feed.ics"), policy=POLICY)
    assert (result.status, result.body) == (200, ICS)
    assert (result.etag, result.last_modified) == ('"v1"', LAST_MODIFIED)
    assert (result.content_type, result.charset) == ("text/calendar", "utf-8")
    assert result.final_url == httpserver.url_for("/feed.ics")
    assert 0 <= result.elapsed < 2
    request = httpserver.log[-1][0]
    assert request.headers["User-Agent"] == POLICY.user_agent
    assert request.headers["Accept"] == "text/calendar, text/plain;q=0.8, */*;q=0.5"
    assert request.headers["Accept-Encoding"] == "gzip, deflate"
    assert "If-None-Match" not in request.headers


def test_charset_is_none_when_the_server_names_none(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/feed.ics").respond_with_data(ICS, content_type="text/plain")
    result = fetch(httpserver.url_for("/feed.ics"), policy=POLICY)
    assert (result.content_type, result.charset, result.etag) == ("text/plain", None, None)


def test_304_sends_validators_and_keeps_them(httpserver: HTTPServer) -> None:
    httpserver.expect_request(
        "/feed.ics", headers={"If-None-Match": '"v1"', "If-Modified-Since": LAST_MODIFIED}
    ).respond_with_response(Response(status=304, headers={"ETag": '"v2"'}))
    result = fetch(
        httpserver.url_for("/feed.ics"), etag='"v1"', last_modified=LAST_MODIFIED, policy=POLICY
    )
    assert (result.status, result.body) == (304, None)
    assert result.etag == '"v2"'  # the server's new validator wins
    assert result.last_modified == LAST_MODIFIED  # not resent: the one passed in is kept


def test_gzip_and_raw_deflate_bodies_are_decompressed(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/gz").respond_with_data(
        gzip.compress(ICS), headers={"Content-Encoding": "gzip"}
    )
    raw_deflate = zlib.compressobj(wbits=-zlib.MAX_WBITS)
    httpserver.expect_request("/deflate").respond_with_data(
        raw_deflate.compress(ICS) + raw_deflate.flush(), headers={"Content-Encoding": "deflate"}
    )
    assert fetch(httpserver.url_for("/gz"), policy=POLICY).body == ICS
    assert fetch(httpserver.url_for("/deflate"), policy=POLICY).body == ICS


def test_a_session_is_reused_and_guarded(httpserver: HTTPServer, forbidden: Listener) -> None:
    httpserver.expect_request("/feed.ics").respond_with_data(ICS)
    with requests.Session() as session:
        for _ in range(2):
            assert fetch(httpserver.url_for("/feed.ics"), policy=POLICY, session=session).body
        assert isinstance(session.get_adapter("http://x/"), GuardedAdapter)


# --- HTTP errors ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("status", "words"),
    [
        (404, "The server answered 404 Not Found: check the feed URL."),
        (403, "403 Forbidden: the feed is not public"),
        (401, "401 Unauthorized: the feed is not public"),
        (410, "410 Gone: the feed is gone for good"),
        (500, "500 Internal Server Error: the partner's server failed; we will retry."),
        (502, "502 Bad Gateway: the partner's server failed"),
    ],
)
def test_http_errors_say_what_to_do(httpserver: HTTPServer, status: int, words: str) -> None:
    httpserver.expect_request("/feed.ics").respond_with_data("no", status=status)
    with pytest.raises(FetchError) as caught:
        fetch(httpserver.url_for("/feed.ics"), policy=POLICY)
    assert words in str(caught.value)
    assert (caught.value.http_status, caught.value.retry_after) == (status, None)


def test_429_honours_retry_after_seconds(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/feed.ics").respond_with_data(
        "slow down", status=429, headers={"Retry-After": "120"}
    )
    with pytest.raises(FetchError, match="429 Too Many Requests.*retry in 120 s") as caught:
        fetch(httpserver.url_for("/feed.ics"), policy=POLICY)
    assert (caught.value.http_status, caught.value.retry_after) == (429, 120.0)


def test_503_honours_retry_after_as_an_http_date(httpserver: HTTPServer) -> None:
    later = email.utils.format_datetime(datetime.now(UTC) + timedelta(seconds=90), usegmt=True)
    httpserver.expect_request("/feed.ics").respond_with_data(
        "maintenance", status=503, headers={"Retry-After": later}
    )
    with pytest.raises(FetchError, match="unavailable for now") as caught:
        fetch(httpserver.url_for("/feed.ics"), policy=POLICY)
    assert caught.value.http_status == 503
    assert 80 <= caught.value.retry_after <= 90


# --- time ----------------------------------------------------------------------------------


def test_a_server_that_does_not_answer_hits_the_read_timeout() -> None:
    def silent(handler: BaseHTTPRequestHandler) -> None:
        time.sleep(1.5)

    policy = FetchPolicy(allow_hosts=LOCAL, connect_timeout=1, read_timeout=0.5, total_timeout=5)
    with slow_server(silent) as url:
        started = time.monotonic()
        with pytest.raises(FetchError, match="did not answer within 0.5 s") as caught:
            fetch(url, policy=policy)
        assert time.monotonic() - started < 1.2
    assert_plain_words(caught.value)


def test_a_body_that_stalls_hits_the_read_timeout() -> None:
    def stalls(handler: BaseHTTPRequestHandler) -> None:
        send_head(handler, {"Content-Length": "1000"})
        handler.wfile.write(b"BEGIN:VCALENDAR\r\n")
        handler.wfile.flush()
        time.sleep(1.5)

    policy = FetchPolicy(allow_hosts=LOCAL, connect_timeout=1, read_timeout=0.5, total_timeout=5)
    with slow_server(stalls) as url, pytest.raises(FetchError, match="stopped sending"):
        fetch(url, policy=policy)


def test_a_dripping_server_fails_at_the_total_timeout() -> None:
    def drips(handler: BaseHTTPRequestHandler) -> None:
        send_head(handler, {"Content-Length": "100000"})
        for _ in range(100):  # a byte every 0.1 s: never a read timeout, never done
            handler.wfile.write(b"x")
            handler.wfile.flush()
            time.sleep(0.1)

    policy = FetchPolicy(allow_hosts=LOCAL, connect_timeout=1, read_timeout=1, total_timeout=1)
    with slow_server(drips) as url:
        started = time.monotonic()
        with pytest.raises(FetchError, match="too slow: the feed did not arrive within 1 s"):
            fetch(url, policy=policy)
        assert 0.9 < time.monotonic() - started < 1.5


# --- redirects -----------------------------------------------------------------------------


def redirect(httpserver: HTTPServer, path: str, location: str) -> None:
    httpserver.expect_request(path).respond_with_response(
        Response(status=302, headers={"Location": location})
    )


def test_redirects_are_followed_up_to_the_limit(httpserver: HTTPServer) -> None:
    for hop in range(5):
        redirect(httpserver, f"/hop{hop}", f"/hop{hop + 1}")
    httpserver.expect_request("/hop5").respond_with_data(ICS)
    result = fetch(httpserver.url_for("/hop0"), policy=POLICY)
    assert (result.body, result.final_url) == (ICS, httpserver.url_for("/hop5"))


def test_more_than_five_redirects_fail(httpserver: HTTPServer) -> None:
    for hop in range(6):
        redirect(httpserver, f"/hop{hop}", f"/hop{hop + 1}")
    httpserver.expect_request("/hop6").respond_with_data(ICS)
    with pytest.raises(FetchError, match="redirected more than 5 times"):
        fetch(httpserver.url_for("/hop0"), policy=POLICY)


def test_a_redirect_loop_fails(httpserver: HTTPServer) -> None:
    redirect(httpserver, "/a", "/b")
    redirect(httpserver, "/b", httpserver.url_for("/a"))
    with pytest.raises(FetchError, match="redirected more than 5 times"):
        fetch(httpserver.url_for("/a"), policy=POLICY)
    assert len(httpserver.log) == 6


@pytest.mark.parametrize("host", ["127.0.0.2", "0x7f000002"])
def test_a_redirect_to_a_refused_address_never_connects(
    httpserver: HTTPServer, forbidden: Listener, host: str
) -> None:
    redirect(httpserver, "/feed.ics", f"http://{host}:{forbidden.port}/internal")
    with pytest.raises(AddressRefused, match="127.0.0.2"):
        fetch(httpserver.url_for("/feed.ics"), policy=POLICY)
    assert not forbidden.was_connected()


# --- the connect-time guard ----------------------------------------------------------------


def test_the_connect_time_guard_refuses_before_connecting(forbidden: Listener) -> None:
    # check_url is bypassed on purpose: only the connection itself stands in the way.
    with requests.Session() as session:
        session.mount("http://", GuardedAdapter(frozenset()))
        with pytest.raises(AddressRefused, match="127.0.0.2 is not a public address"):
            session.get(f"http://127.0.0.2:{forbidden.port}/", timeout=1)
    assert not forbidden.was_connected()


def test_an_unlisted_loopback_url_is_refused_end_to_end(forbidden: Listener) -> None:
    policy = FetchPolicy(connect_timeout=1, read_timeout=1, total_timeout=2)
    with pytest.raises(AddressRefused, match=r"127\.0\.0\.2 is not a public address \(loopback\)"):
        fetch(f"http://127.0.0.2:{forbidden.port}/feed.ics", policy=policy)
    assert not forbidden.was_connected()


def test_dns_rebinding_is_caught_at_connect_time(monkeypatch: pytest.MonkeyPatch) -> None:
    # Registration-time resolution (guard.resolve_host) sees a public address; the resolver
    # the connection uses answers 127.0.0.2. No socket can reach the public address: only
    # check_url's lookup returns it, and check_url never connects.
    real_getaddrinfo = socket.getaddrinfo

    def rebinding(host: str, port: int, *args: object, **kwargs: object) -> list[tuple]:
        if host == "rebind.example":
            return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", ("127.0.0.2", port))]
        return real_getaddrinfo(host, port, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", rebinding)
    monkeypatch.setattr(
        federation.guard,
        "resolve_host",
        lambda host, port: [ipaddress.ip_address("93.184.216.34")],
    )
    with pytest.raises(AddressRefused, match=r"rebind.example \(127.0.0.2\).*loopback"):
        fetch("http://rebind.example/feed.ics", policy=POLICY)


def test_a_closed_port_is_refused_in_plain_words() -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with pytest.raises(FetchError, match="refused the connection") as caught:
        fetch(f"http://127.0.0.1:{port}/feed.ics", policy=POLICY)
    assert_plain_words(caught.value)


# --- size ----------------------------------------------------------------------------------


def test_an_announced_oversized_body_is_refused_before_reading(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/big.ics").respond_with_data(b"x" * 5000)
    policy = FetchPolicy(allow_hosts=LOCAL, max_bytes=1000, total_timeout=2)
    with pytest.raises(FeedTooLarge, match="4.9 KB, larger than 1000 bytes"):
        fetch(httpserver.url_for("/big.ics"), policy=policy)


def test_an_unannounced_oversized_body_is_cut_at_the_cap() -> None:
    def endless(handler: BaseHTTPRequestHandler) -> None:
        send_head(handler, {"Content-Type": "text/calendar"})  # no length: read until close
        for _ in range(64):
            handler.wfile.write(b"x" * 1024)

    policy = FetchPolicy(allow_hosts=LOCAL, max_bytes=10 * 1024, total_timeout=2)
    with slow_server(endless) as url, pytest.raises(FeedTooLarge, match="larger than 10 KB"):
        fetch(url, policy=policy)


def test_a_gzip_bomb_is_cut_at_the_cap(httpserver: HTTPServer) -> None:
    bomb = gzip.compress(b"\0" * (16 * 2**20), compresslevel=9)
    assert len(bomb) < 20 * 1024  # a few KB on the wire ...
    httpserver.expect_request("/bomb.ics").respond_with_data(
        bomb, headers={"Content-Encoding": "gzip", "Content-Type": "text/calendar"}
    )
    policy = FetchPolicy(allow_hosts=LOCAL, max_bytes=2**20, total_timeout=2)
    with pytest.raises(FeedTooLarge, match="larger than 1 MB"):  # ... 16 MB unpacked
        fetch(httpserver.url_for("/bomb.ics"), policy=policy)


def test_the_default_cap_reads_as_20_mb() -> None:
    def announces_25_mb(handler: BaseHTTPRequestHandler) -> None:
        send_head(handler, {"Content-Length": str(25 * 2**20)})

    with slow_server(announces_25_mb) as url, pytest.raises(FeedTooLarge) as caught:
        fetch(url, policy=FetchPolicy(allow_hosts=LOCAL, total_timeout=2))
    assert "The feed is 25 MB, larger than 20 MB." in str(caught.value)


def test_a_truncated_gzip_body_is_an_error(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/cut.ics").respond_with_data(
        gzip.compress(ICS * 50)[:-12], headers={"Content-Encoding": "gzip"}
    )
    with pytest.raises(FetchError, match="damaged or cut off"):
        fetch(httpserver.url_for("/cut.ics"), policy=POLICY)


# --- TLS and webcal ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def tls_files(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A self-signed certificate for "localhost", made with the openssl command."""
    if shutil.which("openssl") is None:
        pytest.skip("the openssl command is needed to make a test certificate")
    folder = tmp_path_factory.mktemp("tls")
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
         "-keyout", str(key), "-out", str(cert), "-subj", "/CN=localhost",
         "-addext", "subjectAltName=DNS:localhost"],
        check=True,
        capture_output=True,
    )  # fmt: skip
    return cert, key


@pytest.fixture
def https_server(tls_files: tuple[Path, Path]) -> Iterator[HTTPServer]:
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(*tls_files)
    server = HTTPServer(host="localhost", port=0, ssl_context=context)
    server.start()
    yield server
    server.clear()
    server.stop()


def test_webcal_is_fetched_over_https_with_the_certificate_checked(
    https_server: HTTPServer, tls_files: tuple[Path, Path]
) -> None:
    https_server.expect_request("/feed.ics").respond_with_data(ICS)
    url = f"webcal://localhost:{https_server.port}/feed.ics"
    with requests.Session() as session:
        session.verify = str(tls_files[0])  # trust the test certificate, and only it
        result = fetch(url, policy=POLICY, session=session)
    assert result.body == ICS
    assert result.final_url == f"https://localhost:{https_server.port}/feed.ics"


def test_an_untrusted_certificate_fails_in_plain_words(https_server: HTTPServer) -> None:
    with pytest.raises(FetchError, match="HTTPS certificate is invalid") as caught:
        fetch(f"webcal://localhost:{https_server.port}/feed.ics", policy=POLICY)
    assert_plain_words(caught.value)
