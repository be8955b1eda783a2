"""The federation error hierarchy: every error carries a message a partner can act on."""

from __future__ import annotations


class FederationError(Exception):
    """Base of everything the feed pipeline raises on purpose.

    ``str(error)`` is a complete sentence for the feed-health page: what went wrong
    and, where possible, what the partner can do about it.
    """


class FetchError(FederationError):
    """The feed could not be fetched; no stored event may change because of it.

    ``http_status`` is the server's status code when one was received;
    ``retry_after`` is the number of seconds the server asked us to wait (Retry-After).
    """

    def __init__(
        self, message: str, *, http_status: int | None = None, retry_after: float | None = None
    ) -> None:
        super().__init__(message)
        self.http_status = http_status
        self.retry_after = retry_after


class AddressRefused(FetchError):
    """The URL's host is, or resolves to, an address feeds may not be fetched from."""


class FeedTooLarge(FetchError):
    """The body (decompressed) went past the size cap."""


class FeedParseError(FederationError):
    """The bytes are not an iCalendar feed we can use at all (HTML, empty, not VCALENDAR)."""


class PushRefused(Exception):
    """A push the API answers with ``status`` and the message as JSON (here, not in the push
    view, so that the blueprint can name it without importing the view and the sync)."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
