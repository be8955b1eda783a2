"""Security headers on every response: a strict CSP (no inline scripts), no sniffing, no framing;
and a session cookie marked Secure whenever the site is served over https."""

from __future__ import annotations

from flask import Flask, Response, abort, has_request_context, request
from flask.sessions import SecureCookieSessionInterface

CSP = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "object-src 'none'",
        "base-uri 'none'",
        "frame-ancestors 'none'",
        "form-action 'self'",
    ]
)


class HttpsAwareSessionInterface(SecureCookieSessionInterface):
    """Flask's signed-cookie session, with the Secure flag also set on any request that came in
    over https: behind a TLS proxy (with ProxyFix) or with HUIJU_PUBLIC_URL unset, the
    configuration alone cannot know."""

    def get_cookie_secure(self, app: Flask) -> bool:
        configured = bool(app.config["SESSION_COOKIE_SECURE"])
        return configured or (has_request_context() and request.is_secure)


def init_app(app: Flask) -> None:
    if str(app.config.get("HUIJU_PUBLIC_URL") or "").lower().startswith("https://"):
        app.config.update(SESSION_COOKIE_SECURE=True, REMEMBER_COOKIE_SECURE=True)
    app.session_interface = HttpsAwareSessionInterface()
    app.before_request(refuse_nul_bytes)
    app.after_request(add_security_headers)


def refuse_nul_bytes() -> None:
    """No text this site takes may hold NUL: PostgreSQL refuses it (a 500 waiting to happen
    in any query) and no person types it. Uploaded files and pushed bodies are not form fields."""
    if b"%00" in request.query_string or b"\x00" in request.query_string:
        abort(400)
    if request.mimetype in ("application/x-www-form-urlencoded", "multipart/form-data") and any(
        "\x00" in value for value in request.form.values()
    ):
        abort(400)


def add_security_headers(response: Response) -> Response:
    headers = response.headers
    headers.setdefault("Content-Security-Policy", CSP)
    headers.setdefault("X-Content-Type-Options", "nosniff")
    headers.setdefault("Referrer-Policy", "strict-origin-when-cross-origin")
    # A page that allows framing (the /embed/ calendars) says so in its own frame-ancestors;
    # X-Frame-Options cannot name the sites that may, so it is left off there.
    if "frame-ancestors 'none'" in headers["Content-Security-Policy"]:
        headers.setdefault("X-Frame-Options", "DENY")
    if request.is_secure:
        headers.setdefault("Strict-Transport-Security", "max-age=31536000; includeSubDomains")
    return response
