"""Conditional responses for feeds and the JSON API (RFC 9110 §13): ETags derived from the
body, weak comparison for ``If-None-Match``, ``Last-Modified`` from the data.

The ETag is a hash of the body, so it stays the same while nothing changes (the hour the
feed was asked in does not enter it) and is the same for one body at two addresses
(``/feeds/all.ics`` and ``?lang=en``). Feeds remember the ETag they last built per data
version, address and hour, so a subscriber revalidating gets its 304 without the feed being
rebuilt. A proxy that compresses (nginx) weakens ETags to ``W/"…"``, and Flask-Compress
marks the ETag of a body it compressed (``"…:gzip"``): both still match.
"""

from __future__ import annotations

import hashlib
import re
from collections import OrderedDict
from collections.abc import Callable
from datetime import datetime
from threading import Lock

from flask import Response, request

_CODING = re.compile(r":(gzip|br|zstd|deflate)$")
_MEMO_SIZE = 512
_memo: OrderedDict[tuple[str, ...], str] = OrderedDict()
_lock = Lock()


def content_etag(body: bytes) -> str:
    return hashlib.sha256(body).hexdigest()[:32]


def matches(etag: str) -> bool:
    """Whether the request's ``If-None-Match`` names ``etag``, weakly compared (RFC 9110
    §13.1.2: the weak comparison ignores ``W/``), whatever content coding it was served in."""
    tags = request.if_none_match
    if tags.star_tag:
        return True
    return any(_CODING.sub("", tag) == etag for tag in tags.as_set(include_weak=True))


def _not_modified_since(last_modified: datetime) -> bool:
    """``If-Modified-Since`` counts only when there is no ``If-None-Match`` (RFC 9110 §13.1.3)."""
    since = request.if_modified_since
    return (
        not request.if_none_match
        and since is not None
        and since >= last_modified.replace(microsecond=0)
    )


def respond(
    build: Callable[[], str],
    *,
    mimetype: str,
    last_modified: datetime,
    max_age: int,
    memo_key: tuple[str, ...] | None = None,
) -> Response:
    """A 200 with the body ``build()`` makes, or a 304 when the client holds it already.

    ``memo_key`` (the data version, the address, the hour): the ETag last built for it is
    trusted, so a matching revalidation costs no build."""
    headers = {"Cache-Control": f"public, max-age={max_age}"}
    known = _recall(memo_key)
    if (known and matches(known)) or _not_modified_since(last_modified):
        return _not_modified(known, headers, last_modified)
    body = build().encode("utf-8")
    etag = content_etag(body)
    _remember(memo_key, etag)
    if matches(etag):
        return _not_modified(etag, headers, last_modified)
    response = Response(body, mimetype=mimetype, headers=headers)
    if mimetype.startswith("text/"):
        response.charset = "utf-8"
    response.set_etag(etag)
    response.last_modified = last_modified
    return response


def _not_modified(etag: str | None, headers: dict[str, str], modified: datetime) -> Response:
    response = Response(status=304, headers=headers)
    if etag:
        response.set_etag(etag)
    response.last_modified = modified
    return response


def _recall(key: tuple[str, ...] | None) -> str | None:
    if key is None:
        return None
    with _lock:
        return _memo.get(key)


def _remember(key: tuple[str, ...] | None, etag: str) -> None:
    if key is None:
        return
    with _lock:
        _memo[key] = etag
        _memo.move_to_end(key)
        while len(_memo) > _MEMO_SIZE:
            _memo.popitem(last=False)
