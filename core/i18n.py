"""Locales: URL prefixes ``/en`` and ``/zh``, Accept-Language negotiation, catalog compilation,
and Babel formatting helpers for templates."""

from __future__ import annotations

import os
from datetime import date, datetime
from pathlib import Path

from babel.dates import format_date, format_datetime, format_time
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from flask import Flask, g, request, url_for
from flask_babel import get_locale, gettext
from markupsafe import Markup
from werkzeug.routing import BaseConverter
from werkzeug.routing.map import Map

from core.office import SHANGHAI

TRANSLATIONS_DIR = Path(__file__).resolve().parent.parent / "translations"
# URL code -> Babel locale. flask-babel does not find "zh_CN" catalogs for zh-Hans: see STYLE.md.
LOCALES = {"en": "en", "zh": "zh_Hans_CN"}
HTML_LANG = {"en": "en", "zh": "zh-Hans"}
DEFAULT_LANG = "en"


class LangConverter(BaseConverter):
    """``<lang:lang>`` matches exactly the site's locale codes."""

    def __init__(self, url_map: Map) -> None:
        super().__init__(url_map)
        self.regex = "(?:" + "|".join(LOCALES) + ")"


def negotiate(accept_language: str | None) -> str:
    """The site language for an Accept-Language header: any Chinese tag → "zh", else "en"."""
    if not accept_language:
        return DEFAULT_LANG
    for tag, _quality in _parse_accept(accept_language):
        primary = tag.split("-")[0].split("_")[0]
        if primary == "zh":
            return "zh"
        if primary in LOCALES or tag == "*":
            return primary if primary in LOCALES else DEFAULT_LANG
    return DEFAULT_LANG


def _parse_accept(header: str) -> list[tuple[str, float]]:
    tags = []
    for part in header.split(","):
        tag, _, params = part.strip().partition(";")
        quality = 1.0
        if params.strip().startswith("q="):
            try:
                quality = float(params.strip()[2:])
            except ValueError:
                quality = 0.0
        if tag and quality > 0:
            tags.append((tag.strip().lower(), quality))
    return sorted(tags, key=lambda t: -t[1])


def current_lang() -> str:
    """The language of the current request: the URL's prefix, else negotiation."""
    lang = g.get("lang")
    if lang in LOCALES:
        return lang
    if not request:
        return DEFAULT_LANG
    prefix = request.path.split("/", 2)[1] if request.path.count("/") >= 2 else ""
    if prefix in LOCALES:  # e.g. a 404 under /zh/: no route matched, so no view set g.lang
        return prefix
    return negotiate(request.headers.get("Accept-Language"))


def select_locale() -> str:
    return LOCALES[current_lang()]


def switch_url(lang: str) -> str:
    """The current page in ``lang``, keeping its path arguments and query string."""
    if not request.endpoint or "lang" not in (request.view_args or {}) and not g.get("lang"):
        return url_for("events.home", lang=lang)
    args = {**(request.view_args or {}), **request.args.to_dict(flat=False), "lang": lang}
    try:
        return url_for(request.endpoint, **args)
    except Exception:  # an endpoint that does not take a language (error pages, API)
        return url_for("events.home", lang=lang)


def compile_catalogs(source: Path = TRANSLATIONS_DIR, target: Path | None = None) -> Path:
    """Compile every ``.po`` under ``source`` whose ``.mo`` is missing or older, so a fresh
    clone just works; returns the folder holding the compiled catalogs.

    The ``.mo`` files go beside the ``.po`` files (a source checkout), or under ``target``
    when the package folder is read-only (a system-wide ``pip install .``)."""
    out = source if os.access(source, os.W_OK) or target is None else target
    for po_path in source.glob("*/LC_MESSAGES/*.po"):
        mo_path = out / po_path.relative_to(source).with_suffix(".mo")
        if mo_path.exists() and mo_path.stat().st_mtime >= po_path.stat().st_mtime:
            continue
        with po_path.open("rb") as po_file:
            catalog = read_po(po_file, locale=po_path.parts[-3])
        mo_path.parent.mkdir(parents=True, exist_ok=True)
        tmp = mo_path.with_name(f"{mo_path.name}.{os.getpid()}.tmp")
        with tmp.open("wb") as mo_file:
            write_mo(mo_file, catalog)
        tmp.replace(mo_path)  # atomic: concurrent workers never read half a catalog
    return out


def register_locale_routing(app: Flask) -> None:
    """Pop ``lang`` from URLs into ``g.lang`` and put it back when building URLs."""
    app.url_map.converters["lang"] = LangConverter

    @app.url_value_preprocessor
    def pull_lang(endpoint: str | None, values: dict | None) -> None:
        # Forget any earlier request's language: an app context can outlive one request
        # (tests, streamed responses), and flask-babel caches the locale on ``g``.
        g.pop("lang", None)
        g.pop("_flask_babel", None)
        if values and "lang" in values:
            g.lang = values.pop("lang")

    @app.url_defaults
    def add_lang(endpoint: str, values: dict) -> None:
        if "lang" in values or not app.url_map.is_endpoint_expecting(endpoint, "lang"):
            return
        values["lang"] = current_lang()


def shanghai_datetime(value: datetime, format: str = "medium") -> str:
    """A UTC timestamp as Shanghai wall time, formatted for the current locale by Babel."""
    return format_datetime(value, format, tzinfo=SHANGHAI, locale=get_locale())


def local_date(value: date, format: str = "medium") -> str:
    """A calendar date (all-day events, follow-ups) formatted for the current locale."""
    return format_date(value, format, locale=get_locale())


def staff_time(value: datetime | None) -> Markup:
    """A timestamp on a staff page: Shanghai wall time in the locale's medium date and short
    time, always followed by its zone ("Dec 2, 2026, 11:59 AM Shanghai time",
    "2026年12月2日 11:59 上海时间"), in a ``<time>`` element carrying the exact instant."""
    if value is None:
        return Markup("")
    local = value.astimezone(SHANGHAI)
    locale = get_locale()
    text = locale.datetime_formats["medium"].format(
        format_time(local, "short", locale=locale), format_date(local, "medium", locale=locale)
    )
    return Markup(
        '<time class="staff-time" datetime="{}">{}</time> <span class="zone">{}</span>'
    ).format(value.isoformat(), text, gettext("Shanghai time"))
