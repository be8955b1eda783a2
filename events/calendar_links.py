"""Links that hand an event or a feed to other calendars (pure: strings in, URLs out)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from urllib.parse import quote, urlencode, urlsplit, urlunsplit

from events.models import Event

DESCRIPTION_LIMIT = 1000  # calendar services cut long URLs; the .ics download has everything


def _utc_stamp(value: datetime) -> str:
    return value.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def google_event(event: Event, lang: str, page_url: str) -> str:
    title, _ = event.text("title", lang)
    place, _ = event.text("location", lang)
    description, _ = event.text("description", lang)
    if event.all_day and event.start_date:
        end = event.end_date or event.start_date + timedelta(days=1)
        dates = f"{event.start_date:%Y%m%d}/{end:%Y%m%d}"
    else:
        dates = f"{_utc_stamp(event.start_at)}/{_utc_stamp(event.end_at)}"
    details = f"{description[:DESCRIPTION_LIMIT]}\n\n{page_url}".strip()
    query = {
        "action": "TEMPLATE",
        "text": title,
        "dates": dates,
        "details": details,
        "location": place,
    }
    return "https://calendar.google.com/calendar/render?" + urlencode(query, quote_via=quote)


def outlook_event(event: Event, lang: str, page_url: str) -> str:
    title, _ = event.text("title", lang)
    place, _ = event.text("location", lang)
    if event.all_day and event.start_date:
        end = event.end_date or event.start_date + timedelta(days=1)
        start_s, end_s, all_day = event.start_date.isoformat(), end.isoformat(), "true"
    else:
        start_s = event.start_at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        end_s = event.end_at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        all_day = "false"
    query = {
        "path": "/calendar/action/compose",
        "rru": "addevent",
        "subject": title,
        "startdt": start_s,
        "enddt": end_s,
        "allday": all_day,
        "location": place,
        "body": page_url,
    }
    return "https://outlook.live.com/calendar/0/deeplink/compose?" + urlencode(
        query, quote_via=quote
    )


def webcal(https_url: str) -> str:
    """The same feed with the ``webcal:`` scheme, which calendar apps open as a subscription."""
    parts = urlsplit(https_url)
    return urlunsplit(("webcal", *parts[1:]))


def google_subscribe(https_url: str) -> str:
    """Google Calendar's add-by-URL page for a feed."""
    return "https://calendar.google.com/calendar/r?" + urlencode({"cid": webcal(https_url)})
