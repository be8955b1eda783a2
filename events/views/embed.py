"""The calendars partners embed on their own sites (``<iframe src="/embed/zh/partners/…">``):
upcoming events of a partner, a region or any filter of the list page, in either language;
compact, no scripts, and framable from the sites ``HUIJU_EMBED_FRAME_ANCESTORS`` names while
every other page keeps refusing to be framed (core.security)."""

from __future__ import annotations

from typing import Any

from flask import abort, current_app, make_response, render_template, request, url_for
from sqlalchemy import select
from werkzeug.datastructures import MultiDict

from core.db_types import utcnow
from core.extensions import db
from core.i18n import LOCALES
from core.security import CSP
from events import queries
from events.criteria import FilterError, parse
from partners.models import Partner
from partners.regions import Region
from partners.sections import partner_section

EMBED_SIZE = 10  # events shown unless ``per_page`` says otherwise


def embed_csp() -> str:
    """The site's policy with the embedding sites as frame ancestors."""
    ancestors = current_app.config["HUIJU_EMBED_FRAME_ANCESTORS"].strip() or "'none'"
    return CSP.replace("frame-ancestors 'none'", f"frame-ancestors {ancestors}")


def embed_events() -> Any:
    return _embed(request.args, title=None)


def embed_partner(slug: str) -> Any:
    partner = db.session.scalar(select(Partner).where(Partner.slug == slug))
    if partner is None:
        abort(404)
    return _embed(_with(request.args, partner=slug), title=partner)


def embed_region(region: str) -> Any:
    if region not in {r.value for r in Region}:
        abort(404)
    return _embed(_with(request.args, region=region), title=None)


def _with(args: MultiDict, **values: str) -> MultiDict:
    merged = MultiDict(args)
    for key, value in values.items():
        merged.setlist(key, [value])
    if "per_page" not in merged:
        merged["per_page"] = str(EMBED_SIZE)
    return merged


def _embed(args: MultiDict, title: Partner | None) -> Any:
    try:
        f = parse(_with(args))
    except FilterError as error:
        body, status = render_template("events/embed.html", error=str(error), partner=title), 400
    else:
        page = queries.listing(f, utcnow())
        body, status = render_template("events/embed.html", page=page, f=f, partner=title), 200
    response = make_response(body, status)
    response.headers["Content-Security-Policy"] = embed_csp()
    return response


@partner_section(order=15)
def embed_snippet_section(partner: Partner) -> str:
    """The partner page's snippet generator: the iframe code for its own site, in the chosen
    language and length (a plain GET form, no script)."""
    lang = request.args.get("embed_lang") if request.args.get("embed_lang") in LOCALES else "zh"
    count = _bounded(request.args.get("embed_count"), EMBED_SIZE, 1, 50)
    src = url_for("events.embed_partner", lang=lang, slug=partner.slug, _external=True)
    src += f"?per_page={count}" if count != EMBED_SIZE else ""
    height = 80 + 64 * min(count, 10)
    snippet = (
        f'<iframe src="{src}" title="{partner.name(lang)}" loading="lazy" '
        f'style="width:100%;max-width:640px;height:{height}px;border:0"></iframe>'
    )
    return render_template(
        "events/_embed_snippet.html", snippet=snippet, lang=lang, count=count, src=src
    )


def _bounded(value: str | None, default: int, low: int, high: int) -> int:
    return min(max(int(value), low), high) if value and value.isdigit() else default
