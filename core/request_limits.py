"""How large a request may be: small for ordinary forms, larger on the few views that take a
file (a calendar, a spreadsheet) or a pushed body.

Without a limit Werkzeug writes a multipart body to a temporary file in full before any view
runs: an anonymous 300 MB POST to the sign-in page filled the disk before the CSRF check
refused it. With ``MAX_CONTENT_LENGTH`` set, a declared Content-Length over the limit is
refused (413) before a byte of the body is read, and a body without one is cut off at the
limit. The limit is raised per request, before CSRF's check reads the form, for the views
marked with ``accepts_upload``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from flask import Flask, current_app, request
from flask_login import current_user

from core.lazy import resolved

F = TypeVar("F", bound=Callable[..., Any])

# The room a multipart envelope (boundaries, part headers, the CSRF token) takes around a file.
MULTIPART_ROOM = 64 * 1024
SPREADSHEET_MAX_BYTES = 5 * 1024 * 1024  # partner, link and lead lists: thousands of rows


def init_app(app: Flask) -> None:
    """Call before ``csrf.init_app``: CSRF's before-request reads the form."""
    # Flask's own MAX_FORM_MEMORY_SIZE (500 kB per text field) and MAX_FORM_PARTS (1,000)
    # already bound what a form that fits under this limit can cost.
    if app.config.get("MAX_CONTENT_LENGTH") is None:
        app.config["MAX_CONTENT_LENGTH"] = app.config["HUIJU_FORM_MAX_BYTES"]
    app.before_request(raise_limit_for_uploads)


def accepts_upload(limit: Callable[[], int], *, signed_in: bool = True) -> Callable[[F], F]:
    """Mark a view that takes a body of up to ``limit()`` bytes (read from the config at
    request time). Put it outermost, above the access decorators. With ``signed_in`` the
    limit is raised only for a signed-in user: an anonymous visitor's body would be refused
    after it was read, so it is refused before."""

    def mark(view: F) -> F:
        view.upload_limit = limit  # type: ignore[attr-defined]
        view.upload_signed_in = signed_in  # type: ignore[attr-defined]
        return view

    return mark


def feed_limit() -> int:
    """A calendar file in a multipart form: the feed cap and the envelope around it."""
    return current_app.config["HUIJU_FEED_MAX_BYTES"] + MULTIPART_ROOM


def pushed_feed_limit() -> int:
    """A pushed calendar is the body itself; one byte more lets the push API say the cap."""
    return current_app.config["HUIJU_FEED_MAX_BYTES"] + 1


def spreadsheet_limit() -> int:
    return SPREADSHEET_MAX_BYTES + MULTIPART_ROOM


def raise_limit_for_uploads() -> None:
    view = resolved(current_app.view_functions.get(request.endpoint or ""))
    limit = getattr(view, "upload_limit", None)
    if limit is None:
        return
    if getattr(view, "upload_signed_in", True) and not current_user.is_authenticated:
        return
    request.max_content_length = limit()


def limit_in_mb() -> str:
    """The limit of the current request in MB, for the 413 page."""
    limit = request.max_content_length or 0
    return f"{limit / (1024 * 1024):.1f}".removesuffix(".0")
