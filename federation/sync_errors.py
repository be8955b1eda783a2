"""Sync errors as codes with parameters, put into words when they are shown (pure).

The pipeline raises its errors with :func:`coded` messages: a ``str`` (the English sentence the
CLI prints and the logs keep) that also remembers its code and parameters. What a sync stores
in ``Feed.last_error``, ``Feed.held_reason`` and ``SyncRun.error`` is :func:`stored`: a small
JSON object ``{"code", "params", "text"}``, so the feed-health page shows the sentence in the
reader's language (:func:`translated`) and the CLI keeps its English one-liner
(:func:`english`). Rows written before codes existed hold plain English text and are shown
as they are.

A parameter may itself be a coded message (the advice after an HTTP status), translated in
turn. ``N_`` only marks a msgid for extraction: the English text must not be translated here.
"""

from __future__ import annotations

import json
from typing import Any


def N_(message: str) -> str:
    return message


MESSAGES = {
    "fetch.failed": N_("Fetching the feed failed (%(kind)s). We will retry."),
    "fetch.redirects": N_(
        "The feed URL redirected more than %(count)s times (a redirect loop?): ask the partner "
        "for the feed's final address and register that one."
    ),
    "fetch.too_large": N_(
        "The feed is larger than %(cap)s; we stopped reading it there. Ask the partner to "
        "publish a shorter range of events."
    ),
    "fetch.announced_too_large": N_(
        "The feed is %(size)s, larger than %(cap)s. Ask the partner to publish a shorter range "
        "of events."
    ),
    "fetch.too_slow": N_(
        "The server at %(host)s was too slow: the feed did not arrive within %(seconds)s s. "
        "We will retry."
    ),
    "fetch.tls": N_(
        "The secure connection to %(host)s failed: its HTTPS certificate is invalid, expired or "
        "made for another name. Ask the partner to fix it."
    ),
    "fetch.connect_timeout": N_(
        "Connecting to %(host)s timed out after %(seconds)s s. We will retry."
    ),
    "fetch.read_timeout": N_(
        "The server at %(host)s did not answer within %(seconds)s s. We will retry."
    ),
    "fetch.dns": N_(
        "The host %(host)s could not be found (DNS): check the spelling of the feed URL."
    ),
    "fetch.refused": N_(
        "%(host)s refused the connection: the partner's server is down or the port in the "
        "feed URL is wrong. We will retry."
    ),
    "fetch.connection": N_("The connection to %(host)s failed or was cut off. We will retry."),
    "fetch.stalled": N_(
        "The server at %(host)s stopped sending the feed for %(seconds)s s. We will retry."
    ),
    "fetch.broken": N_(
        "The connection to %(host)s broke while the feed was downloading. We will retry."
    ),
    "fetch.encoding": N_(
        "The server compressed the feed as %(encoding)s, which we did not ask for and cannot "
        "read. Ask the partner to serve it plain or gzip-compressed."
    ),
    "fetch.corrupt": N_(
        "The server sent a compressed feed that is damaged or cut off before its end. We will "
        "retry."
    ),
    "fetch.http": N_("The server answered %(status)s %(phrase)s: %(advice)s"),
    "advice.not_public": N_(
        "the feed is not public: ask the partner to publish it, or for its secret address."
    ),
    "advice.not_found": N_("check the feed URL."),
    "advice.gone": N_(
        "the feed is gone for good: ask the partner for its new address, or remove it."
    ),
    "advice.too_often": N_("we are asking too often; %(later)s."),
    "advice.unavailable": N_("the partner's server is unavailable for now; %(later)s."),
    "advice.server_failed": N_("the partner's server failed; %(later)s."),
    "advice.check": N_("check the feed URL and that the feed is public."),
    "retry.later": N_("we will retry"),
    "retry.in": N_("we will retry in %(seconds)s s"),
    "parse.not_calendar": N_(
        "The feed is not an iCalendar file: it has no BEGIN:VCALENDAR and no VEVENT. Check "
        "that the URL points at the calendar's .ics export."
    ),
    "parse.empty": N_(
        "The feed is empty: the server returned no content. Check that the calendar is "
        "published and the URL is complete."
    ),
    "parse.html": N_(
        "The URL returned a web page (HTML), not a calendar: it may need a login or point at "
        "the calendar's page instead of its .ics export."
    ),
    "guard.invalid": N_("The feed URL %(url)s is not a valid URL (%(error)s)."),
    "guard.scheme": N_("The feed URL %(url)s must start with http://, https:// or webcal://."),
    "guard.no_host": N_("The feed URL %(url)s has no host name."),
    "guard.bad_ip": N_("The host %(host)s is not a valid IP address."),
    "guard.not_public": N_(
        "The feed URL's host %(host)s is not a public address (%(reason)s); feeds must be "
        "published on the public internet."
    ),
    "guard.port": N_(
        "The feed URL's host %(host)s uses port %(port)s; feeds must be served on the standard "
        "ports 80 (http) or 443 (https)."
    ),
    "sync.held": N_(
        "The feed now has %(after)s events instead of %(before)s. It was not applied, in case "
        "the partner's calendar export failed. Confirm to apply it, or wait for the next sync."
    ),
    "sync.held_week": N_(
        "The feed now has %(after)s events instead of %(before)s over the past week. It was not "
        "applied, in case the partner's calendar export failed. Confirm to apply it, or wait "
        "for the next sync."
    ),
    "sync.kept_changing": N_("Feed %(feed)s kept changing while it was applied; retrying later."),
    "sync.internal": N_("Internal error while applying the feed (%(kind)s); retrying later."),
    # Why a component of a feed gave no event (the feed pages' "skipped" lists). The English
    # sentences are those the CLI and the JSON API have always printed.
    "skip.internal": N_(
        "the event could not be read because of an error in Huiju, not in the feed; "
        "it has been logged for the site's maintainers"
    ),
    "skip.no_start": N_("no DTSTART"),
    "skip.bad_date": N_("%(name)s is not a valid date (%(value)s)"),
    "skip.out_of_range": N_("the event could not be read (%(error)s)"),
    "skip.invalid_rule": N_("invalid RRULE or RDATE (%(error)s)"),
    "skip.rule_outside": N_("the recurrence rule produces no date in the sync window (%(rule)s)"),
    "skip.rule_never": N_("the recurrence rule never produces a date (%(rule)s)"),
    "skip.rule_never_tried": N_(
        "the recurrence rule never produces a date (%(rule)s): none in %(count)s candidates "
        "examined"
    ),
    "skip.rule_too_costly": N_(
        "the recurrence rule needs more than %(count)s candidates to reach the window (%(rule)s)"
    ),
    "skip.duplicate": N_(
        "duplicate UID %(uid)s: the copy at line %(line)s (higher SEQUENCE or later) is used "
        "instead"
    ),
    "skip.duplicate_instance": N_(
        "duplicate UID %(uid)s RECURRENCE-ID %(instance)s: the copy at line %(line)s (higher "
        "SEQUENCE or later) is used instead"
    ),
}

# What federation.guard says of an address it refuses (the coded ``reason`` of
# guard.not_public, code "address.<kind>"); "address.inside" for an IPv4 address carried in IPv6.
ADDRESS_KINDS = {
    "cloud metadata": N_("cloud metadata"),
    "broadcast": N_("broadcast"),
    "unspecified": N_("unspecified"),
    "private": N_("private"),
    "carrier-grade NAT": N_("carrier-grade NAT"),
    "loopback": N_("loopback"),
    "link-local": N_("link-local"),
    "reserved": N_("reserved"),
    "documentation": N_("documentation"),
    "benchmarking": N_("benchmarking"),
    "multicast": N_("multicast"),
    "IPv4-compatible": N_("IPv4-compatible"),
    "Teredo": N_("Teredo"),
    "unique local (private)": N_("unique local (private)"),
    "site-local": N_("site-local"),
}
MESSAGES.update({f"address.{kind}": words for kind, words in ADDRESS_KINDS.items()})
MESSAGES["address.inside"] = N_("%(kind)s (inside %(wrapper)s)")


class CodedMessage(str):
    """An English sentence that remembers the code and parameters it was made from."""

    code: str
    params: dict[str, Any]

    def __new__(cls, code: str, params: dict[str, Any]) -> CodedMessage:
        message = super().__new__(cls, MESSAGES[code] % params if params else MESSAGES[code])
        message.code, message.params = code, params
        return message

    def as_json(self) -> dict[str, Any]:
        params = {
            k: v.as_json() if isinstance(v, CodedMessage) else v for k, v in self.params.items()
        }
        return {"code": self.code, "params": params}


def coded_parts(message: str) -> dict[str, Any]:
    """``{"code", "params"}`` of a coded message, for JSON beside its English text; {} for
    plain text."""
    return message.as_json() if isinstance(message, CodedMessage) else {}


def coded(code: str, **params: Any) -> CodedMessage:
    """``coded("fetch.dns", host="example.org")``: the English sentence, with its code."""
    return CodedMessage(code, params)


def message_of(error: BaseException) -> str:
    """The message an error was raised with: its coded message if it has one."""
    first = error.args[0] if error.args else ""
    return first if isinstance(first, CodedMessage) else str(error)


def stored(message: str | None) -> str:
    """What the database keeps: JSON for a coded message, the text itself otherwise."""
    if isinstance(message, CodedMessage):
        return json.dumps({**message.as_json(), "text": str(message)}, ensure_ascii=False)
    return message or ""


def _decoded(value: str | None) -> dict[str, Any] | None:
    if not value or not value.startswith('{"code"'):
        return None
    try:
        data = json.loads(value)
    except ValueError:
        return None
    return data if isinstance(data, dict) and data.get("code") in MESSAGES else None


def english(value: str | None) -> str:
    """The stored error as the CLI prints it: the English sentence."""
    data = _decoded(value)
    return str(data.get("text", "")) if data else (value or "")


def in_words(error: BaseException) -> str:
    """An error just raised, in the current language when its message is coded."""
    return translated(stored(message_of(error)))


def translated(value: str | None) -> str:
    """The stored error in the current language; old free-text rows as they are."""
    data = _decoded(value)
    return _words(data) if data else (value or "")


def skip_reason(item: dict[str, Any]) -> str:
    """A skipped component's reason (``{"uid", "reason", "code"?, "params"?}`` as a sync run
    keeps it) in the current language; a reason stored before codes, as it is."""
    if item.get("code") in MESSAGES:
        return _words({"code": item["code"], "params": item.get("params") or {}})
    return str(item.get("reason", ""))


def _words(data: dict[str, Any]) -> str:
    # Imported here: the pure stages (split, guard) import this module for ``coded`` and
    # must not pull in Flask; only display needs Babel's gettext.
    from flask_babel import gettext

    params = {
        k: _words(v) if isinstance(v, dict) and v.get("code") in MESSAGES else v
        for k, v in (data.get("params") or {}).items()
    }
    return gettext(MESSAGES[data["code"]], **params)
