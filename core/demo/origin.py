"""Where the demo feeds are fetched from, and how they follow the port `huiju run` serves.

`huiju demo` registers the bundled feeds as pull feeds at ``<origin>/demo/feeds/<file>.ics``.
If the site is then served on another port, those URLs point at nothing and every demo feed
fails. So `huiju run` re-points them to the origin it serves, unless HUIJU_PUBLIC_URL says the
site lives elsewhere. The decisions here are pure; ``follow_served_origin`` does the writing.
"""

from __future__ import annotations

import ipaddress
import logging
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from flask import Flask
from sqlalchemy import select
from sqlalchemy.exc import SQLAlchemyError

from core import audit
from core.db_types import utcnow
from core.demo.feedfiles import feed_names
from core.extensions import db
from federation.models import Feed

log = logging.getLogger("huiju.demo")
DEFAULT_ORIGIN = "http://127.0.0.1:5000"  # where `huiju run` serves without --port
FEEDS_PATH = "/demo/feeds/"
# A server bound to every interface, or to localhost by name, answers on 127.0.0.1: the address
# the demo's own fetches use (and the one HUIJU_FEED_ALLOW_HOSTS lets through).
_LOCAL_BINDS = frozenset({"", "0.0.0.0", "::", "localhost"})


def served_origin(host: str, port: int, scheme: str = "http") -> str:
    """The origin that other processes on this machine reach `huiju run --host --port` at."""
    name = host.strip().strip("[]").lower()
    if name in _LOCAL_BINDS or name.endswith(".localhost"):
        name = "127.0.0.1"
    if ":" in name:
        name = f"[{name}]"
    return f"{scheme}://{name}:{port}"


def canonical_origin(url: str) -> str:
    """``scheme://host:port`` of ``url``, written as `served_origin` writes it, for comparing."""
    parts = urlsplit(url.strip())
    port = parts.port or (443 if parts.scheme == "https" else 80)
    return served_origin(parts.hostname or "", port, parts.scheme or "http")


def is_loopback(url: str) -> bool:
    host = urlsplit(url).hostname or ""
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def demo_file(url: str, bundled: Collection[str]) -> str | None:
    """The bundled file a stored feed URL fetches, if it is a demo feed on this machine
    (a loopback origin + ``/demo/feeds/<bundled name>``); None for any other feed."""
    parts = urlsplit(url)
    name = parts.path.removeprefix(FEEDS_PATH)
    if parts.path != FEEDS_PATH + name or name not in bundled or parts.query:
        return None
    return name if parts.scheme in ("http", "https") and is_loopback(url) else None


def stored_origin(urls: Iterable[str], bundled: Collection[str]) -> str | None:
    """The origin the stored demo feeds are fetched from (the first one found), as written."""
    for url in urls:
        if demo_file(url, bundled):
            parts = urlsplit(url)
            return f"{parts.scheme}://{parts.netloc}"
    return None


def plan_moves(
    feeds: Iterable[tuple[int, str]], origin: str, bundled: Collection[str]
) -> dict[int, str]:
    """Feed id -> new URL, for the demo feeds that are not fetched from ``origin`` yet."""
    planned = {}
    for feed_id, url in feeds:
        name = demo_file(url, bundled)
        if name and url != f"{origin}{FEEDS_PATH}{name}":
            planned[feed_id] = f"{origin}{FEEDS_PATH}{name}"
    return planned


@dataclass(frozen=True)
class FollowPlan:
    """What `huiju run` does about the demo feeds at start-up."""

    public_url: str | None = None  # this process's HUIJU_PUBLIC_URL, when it was not set
    moves: dict[int, str] = field(default_factory=dict)  # feed id -> new URL
    notice: str | None = None  # one line for stderr


def plan_follow(
    configured: str | None,
    served: str,
    feeds: Iterable[tuple[int, str]],
    bundled: Collection[str],
) -> FollowPlan:
    """Follow the served origin, unless HUIJU_PUBLIC_URL was set to another one (then say what
    to set) or the server cannot be reached over the loopback the demo's fetches use."""
    if configured and canonical_origin(configured) != served:
        return FollowPlan(
            notice=f"Demo feeds do not follow this server ({served}): HUIJU_PUBLIC_URL is "
            f"{configured.rstrip('/')}; set it to {served}, or unset it, to sync them from here."
        )
    public_url = None if configured else served
    if not is_loopback(served):
        return FollowPlan(
            public_url=public_url,
            notice=f"Demo feeds are fetched over the loopback, which {served} does not serve: "
            "run on 127.0.0.1 or 0.0.0.0 to sync them from here.",
        )
    planned = plan_moves(feeds, served, bundled)
    notice = f"Demo feeds now sync from {served}{FEEDS_PATH}" if planned else None
    return FollowPlan(public_url=public_url, moves=planned, notice=notice)


def follow_served_origin(app: Flask, served: str) -> str | None:
    """At `huiju run` start-up, with the demo feeds on: take ``served`` as this process's public
    URL and re-point the stored demo feeds to it (idempotent: the reloader runs this twice).
    Returns the line to print, if any."""
    if not app.config["HUIJU_DEMO_FEEDS"]:
        return None
    with app.app_context():
        try:
            plan = plan_follow(app.config["HUIJU_PUBLIC_URL"], served, demo_feeds(), feed_names())
            repoint(plan.moves)
            db.session.commit()
        except SQLAlchemyError as error:  # no schema yet, or no database: the site says so too
            log.debug("demo feeds not re-pointed", exc_info=True)
            db.session.rollback()
            reason = type(getattr(error, "orig", None) or error).__name__
            return f"Demo feeds not re-pointed: the feeds cannot be read ({reason})."
    if plan.public_url:
        app.config["HUIJU_PUBLIC_URL"] = plan.public_url
    return plan.notice


def demo_feeds() -> list[tuple[int, str]]:
    """(id, URL) of the stored feeds that may be demo feeds; `demo_file` decides."""
    query = select(Feed.id, Feed.url).where(Feed.url.contains(FEEDS_PATH, autoescape=True))
    return [(feed_id, url) for feed_id, url in db.session.execute(query.order_by(Feed.id))]


def repoint(planned: dict[int, str]) -> None:
    """Move feeds to their new URLs, due now: a feed that failed at the old port is in backoff."""
    for feed_id, url in planned.items():
        feed = db.session.get(Feed, feed_id)
        if feed is None:
            continue
        audit.record("feed.repoint", feed, summary=f"{feed.url} -> {url}", actor="huiju run")
        feed.url, feed.next_sync_at = url, utcnow()
    db.session.flush()
