"""The fetch stage: a feed's URL and validators in, a :class:`FetchResult` out (the body and its
charset, or 304, and the new validators), over HTTP: guarded, bounded in time and size,
conditional.

The only module of the project that imports ``requests``. :func:`fetch` returns a
:class:`FetchResult` or raises a :class:`~federation.errors.FetchError` whose message a
partner can act on; no other exception leaves it.

Every connection, including each redirect hop and each reconnection, resolves the host
itself and judges every address with :func:`federation.guard.address_refusal` before it
connects, then connects to the very address it judged: checking a name once at registration
would let a rebinding DNS server answer with 169.254.169.254 a second later.
"""

from __future__ import annotations

import email.utils
import socket
import time
import zlib
from dataclasses import dataclass
from datetime import UTC, datetime
from http import HTTPStatus
from urllib.parse import urljoin, urlsplit

import requests
from requests.adapters import HTTPAdapter
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool
from urllib3.exceptions import (
    ConnectTimeoutError,
    NameResolutionError,
    NewConnectionError,
    ReadTimeoutError,
)
from urllib3.exceptions import HTTPError as TransportError
from urllib3.util.connection import create_connection

from federation.errors import FeedTooLarge, FetchError
from federation.guard import IPAddress, check_url, refuse_addresses, resolve_host
from federation.sync_errors import CodedMessage, coded

_ACCEPT = "text/calendar, text/plain;q=0.8, */*;q=0.5"
_CHUNK_BYTES = 64 * 1024


@dataclass(frozen=True)
class FetchPolicy:
    """Limits of one fetch. ``allow_hosts`` (lower-case, as written in URLs) skip the
    address guard and the port rule: for development feeds on localhost only."""

    allow_hosts: frozenset[str] = frozenset()
    max_bytes: int = 20 * 1024 * 1024
    connect_timeout: float = 10.0
    read_timeout: float = 30.0
    total_timeout: float = 60.0  # wall-clock deadline for the whole fetch incl. redirects
    max_redirects: int = 5
    user_agent: str = "Huiju/0.1 (+feed federation)"


@dataclass(frozen=True)
class FetchResult:
    """What a fetch brought back: a body (2xx) or the news that nothing changed (304)."""

    status: int  # 200, or 304 (not modified: body is None)
    body: bytes | None  # decompressed bytes
    etag: str | None
    last_modified: str | None
    final_url: str
    content_type: str | None  # media type only, lower-case, e.g. "text/calendar"
    charset: str | None  # charset parameter from Content-Type, if any (lower-case)
    elapsed: float  # seconds


class _GuardedConnection(HTTPConnection):
    """An HTTP connection that resolves, judges and connects to the judged address itself.

    urllib3 would resolve the name again inside its own connect; connecting to the address
    we judged leaves a rebinding DNS server no second answer to slip in. ``self.host`` stays
    the name, so for HTTPS the SNI and the certificate check still use the hostname.
    """

    allow_hosts: frozenset[str] = frozenset()

    def _new_conn(self) -> socket.socket:
        """Connect to the first reachable judged address, failing like urllib3 does."""
        failure: OSError | None = None
        for ip in self._judged_addresses():
            try:
                return create_connection(
                    (str(ip), self.port),
                    self.timeout,
                    source_address=self.source_address,
                    socket_options=self.socket_options,
                )
            except OSError as error:
                failure = error
        raise _connect_failure(self, failure) from failure

    def _judged_addresses(self) -> list[IPAddress]:
        """Resolve the host now and refuse it unless every address is allowed."""
        try:
            addresses = resolve_host(self.host, self.port)
        except FetchError as error:
            raise NameResolutionError(self.host, self, socket.gaierror(str(error))) from None
        if self.host.lower() not in self.allow_hosts:
            refuse_addresses(self.host, addresses)  # AddressRefused passes through urllib3
        return addresses


class _GuardedHTTPSConnection(_GuardedConnection, HTTPSConnection):
    """The HTTPS flavour: the guarded socket, then urllib3's TLS with hostname checks."""


def _connect_failure(conn: HTTPConnection, error: OSError | None) -> Exception:
    """Translate a socket failure into the urllib3 error requests knows how to report."""
    if isinstance(error, TimeoutError):
        return ConnectTimeoutError(conn, f"Connection to {conn.host} timed out.")
    return NewConnectionError(conn, f"Failed to establish a new connection: {error}")


def _guarded_pool_classes(allow_hosts: frozenset[str]) -> dict[str, type[HTTPConnectionPool]]:
    """Pool classes for a PoolManager whose connections carry this allow-list."""
    bound = {"allow_hosts": allow_hosts}
    http = type("GuardedConnection", (_GuardedConnection,), bound)
    https = type("GuardedHTTPSConnection", (_GuardedHTTPSConnection,), bound)
    return {
        "http": type("GuardedPool", (HTTPConnectionPool,), {"ConnectionCls": http}),
        "https": type("GuardedHTTPSPool", (HTTPSConnectionPool,), {"ConnectionCls": https}),
    }


class GuardedAdapter(HTTPAdapter):
    """A requests transport adapter whose every connection passes the address guard.

    Hosts in ``allow_hosts`` (lower-case, as written in the URL) connect without judgement.
    It never retries: the scheduler owns retrying, with backoff.
    """

    __attrs__ = [*HTTPAdapter.__attrs__, "allow_hosts"]

    def __init__(self, allow_hosts: frozenset[str] = frozenset()) -> None:
        self.allow_hosts = allow_hosts  # before super(): it calls init_poolmanager
        super().__init__(max_retries=0)

    def init_poolmanager(self, *args: object, **kwargs: object) -> None:
        """Create the pool manager, then make it build guarded connection pools."""
        super().init_poolmanager(*args, **kwargs)
        self.poolmanager.pool_classes_by_scheme = _guarded_pool_classes(self.allow_hosts)


def fetch(
    url: str,
    *,
    etag: str | None = None,
    last_modified: str | None = None,
    policy: FetchPolicy = FetchPolicy(),
    session: requests.Session | None = None,
) -> FetchResult:
    """Fetch a feed with a conditional GET, within the limits of ``policy``.

    ``etag`` and ``last_modified`` are the validators of the copy we hold; a 304 answer
    returns ``body=None`` with the validators the server sent, else those passed in.
    ``session`` lets fetches share connections: a :class:`GuardedAdapter` is mounted on it
    for http:// and https://; proxies are never used, since the guard would then judge the
    proxy's address instead of the partner's. Raises FetchError (AddressRefused,
    FeedTooLarge) with a sentence for the feed-health page.
    """
    started = time.monotonic()
    active = session or requests.Session()
    transfer = _Transfer(active, _adapter_for(active, policy), policy, started)
    try:
        return transfer.run(check_url(url, policy.allow_hosts), etag, last_modified)
    except (requests.RequestException, TransportError, OSError, ValueError) as error:
        # A last net: the transfer already words the failures it expects.
        raise FetchError(coded("fetch.failed", kind=type(error).__name__)) from error
    finally:
        if session is None:
            active.close()


def _adapter_for(session: requests.Session, policy: FetchPolicy) -> GuardedAdapter:
    """Return the session's guarded adapter for this allow-list, mounting one if needed."""
    mounted = session.adapters.get("https://")
    if isinstance(mounted, GuardedAdapter) and mounted.allow_hosts == policy.allow_hosts:
        return mounted
    adapter = GuardedAdapter(policy.allow_hosts)
    session.mount("http://", adapter)
    session.mount("https://", adapter)
    return adapter


@dataclass
class _Transfer:
    """One fetch in progress: the session and adapter it sends with, its policy and clock."""

    session: requests.Session
    adapter: GuardedAdapter
    policy: FetchPolicy
    started: float

    def run(self, url: str, etag: str | None, last_modified: str | None) -> FetchResult:
        """Follow redirects from ``url`` and turn the final answer into a result."""
        response = self.follow(url, _request_headers(self.policy, etag, last_modified))
        with response:
            if response.status_code == 304:
                return self.result(response, None, etag, last_modified)
            if not 200 <= response.status_code < 300:
                raise _http_error(response)
            return self.result(response, self.read_body(response), None, None)

    def follow(self, url: str, headers: dict[str, str]) -> requests.Response:
        """GET ``url``, following at most ``max_redirects`` redirects, each target re-checked."""
        for _ in range(self.policy.max_redirects + 1):
            response = self.get(url, headers)
            target = self.session.get_redirect_target(response)
            if target is None:
                return response
            response.close()
            url = check_url(urljoin(url, target), self.policy.allow_hosts)
        raise FetchError(coded("fetch.redirects", count=self.policy.max_redirects))

    def get(self, url: str, headers: dict[str, str]) -> requests.Response:
        """Send one GET, streaming, with timeouts no longer than what is left of the deadline."""
        remaining = self.remaining(url)
        timeout = (
            min(self.policy.connect_timeout, remaining),
            min(self.policy.read_timeout, remaining),
        )
        prepared = self.session.prepare_request(requests.Request("GET", url, headers=headers))
        # A CA bundle path set on the session is honoured; turning verification off is not.
        verify = self.session.verify if isinstance(self.session.verify, str) else True
        try:
            return self.adapter.send(
                prepared, stream=True, timeout=timeout, verify=verify, proxies={}
            )
        except requests.RequestException as error:
            raise self.transport_error(error, url, timeout) from error

    def read_body(self, response: requests.Response) -> bytes:
        """Read and decompress the body, stopping at the size cap and at the deadline."""
        cap = self.policy.max_bytes
        _refuse_announced_size(response, cap)
        inflater = _Inflater(response.headers.get("Content-Encoding", ""))
        body = bytearray()
        while chunk := self.read_chunk(response):
            body += inflater.inflate(chunk, cap + 1 - len(body))
            if len(body) > cap:
                raise FeedTooLarge(coded("fetch.too_large", cap=_human_size(cap)))
        inflater.check_complete()
        return bytes(body)

    def read_chunk(self, response: requests.Response) -> bytes:
        """Read what the server has sent so far (one network read), or b"" at the end.

        ``read1`` returns after a single read, unlike ``read(n)`` or ``iter_content``,
        which wait for n bytes: a server dripping a byte a second would only be judged at
        the end. Decompression is ours (:class:`_Inflater`) for the same reason.
        """
        remaining = self.remaining(response.url)
        _limit_socket_wait(response, min(self.policy.read_timeout, remaining))
        try:
            return response.raw.read1(_CHUNK_BYTES, decode_content=False)
        except (TransportError, OSError) as error:
            self.remaining(response.url)  # a wait cut short by the deadline is "too slow"
            raise _broken_read(error, response.url, self.policy) from error

    def remaining(self, url: str) -> float:
        """Seconds left before the deadline; raise FetchError once it has passed."""
        remaining = self.started + self.policy.total_timeout - time.monotonic()
        if remaining <= 0:
            raise FetchError(
                coded("fetch.too_slow", host=_host(url), seconds=f"{self.policy.total_timeout:g}")
            )
        return remaining

    def result(
        self,
        response: requests.Response,
        body: bytes | None,
        etag: str | None,
        modified: str | None,
    ) -> FetchResult:
        """Build the result; validators the server sent win over ``etag``/``modified``."""
        media_type, charset = _content_type(response.headers.get("Content-Type"))
        return FetchResult(
            status=response.status_code,
            body=body,
            etag=response.headers.get("ETag") or etag,
            last_modified=response.headers.get("Last-Modified") or modified,
            final_url=response.url,
            content_type=media_type,
            charset=charset,
            elapsed=time.monotonic() - self.started,
        )

    def transport_error(
        self, error: requests.RequestException, url: str, timeout: tuple[float, float]
    ) -> FetchError:
        """Word a failure to connect or to get an answer, never showing a library's repr."""
        host = _host(url)
        if isinstance(error, requests.exceptions.SSLError):
            return FetchError(coded("fetch.tls", host=host))
        if isinstance(error, requests.exceptions.ConnectTimeout):
            return FetchError(coded("fetch.connect_timeout", host=host, seconds=f"{timeout[0]:g}"))
        if isinstance(error, requests.exceptions.ReadTimeout):
            self.remaining(url)
            return FetchError(coded("fetch.read_timeout", host=host, seconds=f"{timeout[1]:g}"))
        return _connection_error(error, host)


def _connection_error(error: requests.RequestException, host: str) -> FetchError:
    """Word a connection that could not be made: unknown host, refused, or otherwise cut."""
    if _caused_by(error, NameResolutionError):
        return FetchError(coded("fetch.dns", host=host))
    if _caused_by(error, ConnectionRefusedError):
        return FetchError(coded("fetch.refused", host=host))
    return FetchError(coded("fetch.connection", host=host))


def _broken_read(error: BaseException, url: str, policy: FetchPolicy) -> FetchError:
    """Word a failure while the body was downloading."""
    if isinstance(error, ReadTimeoutError | TimeoutError):
        return FetchError(
            coded("fetch.stalled", host=_host(url), seconds=f"{policy.read_timeout:g}")
        )
    return FetchError(coded("fetch.broken", host=_host(url)))


def _caused_by(error: BaseException, kind: type[BaseException]) -> bool:
    """Tell whether ``kind`` is anywhere in the chain requests and urllib3 wrap errors in."""
    pending: list[object] = [error]
    seen: set[int] = set()
    while pending:
        current = pending.pop()
        if isinstance(current, kind):
            return True
        if isinstance(current, BaseException) and id(current) not in seen:
            seen.add(id(current))
            pending += [current.__cause__, current.__context__, getattr(current, "reason", None)]
            pending += current.args
    return False


class _Inflater:
    """Decompresses gzip or deflate a bounded amount at a time: a bomb cannot outgrow the cap."""

    def __init__(self, content_encoding: str) -> None:
        encoding = content_encoding.strip().lower()
        if encoding not in ("", "identity", "gzip", "x-gzip", "deflate"):
            raise FetchError(coded("fetch.encoding", encoding=repr(encoding)))
        # wbits | 32 reads a zlib or a gzip header; raw deflate (an old IIS habit) is a retry.
        self._zlib = (
            None if encoding in ("", "identity") else zlib.decompressobj(zlib.MAX_WBITS | 32)
        )
        self._raw_deflate_allowed = encoding == "deflate"

    def inflate(self, data: bytes, limit: int) -> bytes:
        """Return at most ``limit`` (> 0) decompressed bytes of ``data`` plus any held back."""
        if self._zlib is None:
            return data
        try:
            return self._zlib.decompress(self._zlib.unconsumed_tail + data, limit)
        except zlib.error:
            if not self._raw_deflate_allowed:
                raise FetchError(_CORRUPT) from None
            self._raw_deflate_allowed = False
            self._zlib = zlib.decompressobj(-zlib.MAX_WBITS)
            return self.inflate(data, limit)

    def check_complete(self) -> None:
        """Refuse a compressed body cut before its end: a truncated feed looks like deletions."""
        if self._zlib is not None and not self._zlib.eof:
            raise FetchError(_CORRUPT)


_CORRUPT = coded("fetch.corrupt")


def _request_headers(policy: FetchPolicy, etag: str | None, modified: str | None) -> dict[str, str]:
    """Headers of every request: who we are, what we read, and the validators we hold."""
    headers = {
        "User-Agent": policy.user_agent,
        "Accept": _ACCEPT,
        "Accept-Encoding": "gzip, deflate",  # what _Inflater reads, and nothing else
    }
    if etag:
        headers["If-None-Match"] = etag
    if modified:
        headers["If-Modified-Since"] = modified
    return headers


def _limit_socket_wait(response: requests.Response, seconds: float) -> None:
    """Make the next socket read give up by the deadline, not a full read timeout later."""
    sock = getattr(response.raw.connection, "sock", None)
    if sock is not None:
        sock.settimeout(seconds)


def _refuse_announced_size(response: requests.Response, cap: int) -> None:
    """Refuse before reading when an uncompressed body announces more than the cap."""
    encoding = response.headers.get("Content-Encoding", "").strip().lower()
    length = response.headers.get("Content-Length", "").strip()
    if encoding in ("", "identity") and length.isdigit() and int(length) > cap:
        raise FeedTooLarge(
            coded("fetch.announced_too_large", size=_human_size(int(length)), cap=_human_size(cap))
        )


def _http_error(response: requests.Response) -> FetchError:
    """Turn a 3xx-without-Location, 4xx or 5xx answer into an error that says what to do."""
    status = response.status_code
    retry_after = _retry_after(response.headers.get("Retry-After"))
    message = coded(
        "fetch.http",
        status=status,
        phrase=_reason_phrase(response),
        advice=_advice(status, retry_after),
    )
    return FetchError(
        message,
        http_status=status,
        retry_after=retry_after,
    )


def _reason_phrase(response: requests.Response) -> str:
    """The standard phrase for the status (servers' own phrases are often odd)."""
    try:
        return HTTPStatus(response.status_code).phrase
    except ValueError:
        return response.reason or "(unknown status)"


def _advice(status: int, retry_after: float | None) -> CodedMessage:
    """What the partner (or we) should do about an HTTP error status."""
    later = (
        coded("retry.later")
        if retry_after is None
        else coded("retry.in", seconds=f"{retry_after:.0f}")
    )
    if status in (401, 403):
        return coded("advice.not_public")
    if status == 404:
        return coded("advice.not_found")
    if status == 410:
        return coded("advice.gone")
    if status == 429:
        return coded("advice.too_often", later=later)
    if status == 503:
        return coded("advice.unavailable", later=later)
    if status >= 500:
        return coded("advice.server_failed", later=later)
    return coded("advice.check")


def _retry_after(value: str | None) -> float | None:
    """Seconds to wait from a Retry-After header: delay-seconds or an HTTP date (RFC 9110)."""
    if value is None:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    when = when if when.tzinfo else when.replace(tzinfo=UTC)
    return max(0.0, (when - datetime.now(UTC)).total_seconds())


def _content_type(header: str | None) -> tuple[str | None, str | None]:
    """Split Content-Type into the lower-case media type and its charset parameter."""
    if not header:
        return None, None
    media_type, *parameters = header.split(";")
    charset = None
    for parameter in parameters:
        name, _, value = parameter.partition("=")
        if name.strip().lower() == "charset":
            charset = value.strip().strip("\"'").lower() or None
    return media_type.strip().lower() or None, charset


def _human_size(size: int) -> str:
    """A size as people read it: "20 MB", "1.5 KB", "300 bytes" (binary multiples)."""
    for unit, scale in (("GB", 2**30), ("MB", 2**20), ("KB", 2**10)):
        if size >= scale:
            return f"{size / scale:.1f}".removesuffix(".0") + f" {unit}"
    return f"{size} bytes"


def _host(url: str) -> str:
    """The host (and port) of ``url``, to name the server in messages without the path."""
    return urlsplit(url).netloc.rpartition("@")[2] or url
