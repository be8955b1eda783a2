"""The network picture for one request: a cached base SVG plus the request's own marks.

The base drawing of 2,000 partners and 10,000 links is the page's heaviest part, so it is
rendered once per snapshot, language and colouring and reused; an introduction path is
drawn as an overlay on top of it instead of changing it.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from flask import render_template, url_for
from flask_babel import gettext as _
from markupsafe import Markup, escape

from core.i18n import current_lang
from core.navigation import has_endpoint
from graph import analysis, drawing
from graph.cache import Snapshot
from partners.forms import KIND_LABELS
from partners.regions import REGION_LABELS

LABEL_ALL_MAX_NODES = 40


def names(snap: Snapshot) -> dict[int, str]:
    """Partner names in the visitor's language, falling back to the other language."""
    lang = current_lang()
    first, second = ("name_zh", "name_en") if lang == "zh" else ("name_en", "name_zh")
    return snap.part(
        f"names-{lang}",
        lambda s: {n: d[first] or d[second] for n, d in s.graph.nodes(data=True)},
    )


def hrefs(snap: Snapshot) -> dict[int, str]:
    """Each partner's page, built from one URL pattern rather than one url_for per node."""
    if not has_endpoint("partners.partner_detail"):
        return {}
    pattern = url_for("partners.partner_detail", slug="__slug__")
    return snap.part(
        f"hrefs-{current_lang()}",
        lambda s: {n: pattern.replace("__slug__", slug) for n, slug in s.graph.nodes(data="slug")},
    )


def picture(
    snap: Snapshot, colour: str, shown: list[int], *, filtered: bool, path: Sequence[int]
) -> dict[str, Any]:
    """The base SVG (cached unless filtered), the path overlay and the legend."""
    _, legend = drawing.colour_classes(_groups(snap, colour))
    if filtered:
        base = _base_svg(snap, colour, shown)
    else:
        base = snap.part(f"svg-{current_lang()}-{colour}", lambda s: _base_svg(s, colour, None))
    overlay_edges, overlay_nodes = drawing.path_overlay(
        snap.graph, analysis.positions(snap), _sizes(snap), path
    )
    return {
        "svg": base,
        "count": len(shown),
        "overlay_edges": overlay_edges,
        "overlay_nodes": overlay_nodes,
        "legend": [(_group_label(colour, g), cls, k) for g, cls, k in legend],
        "hrefs": hrefs(snap),
        "width": drawing.WIDTH,
        "height": drawing.HEIGHT,
    }


def _base_svg(snap: Snapshot, colour: str, shown: list[int] | None) -> Markup:
    colours, _ = drawing.colour_classes(_groups(snap, colour))
    edges, nodes = drawing.scene(
        snap.graph, analysis.positions(snap), _sizes(snap), colours, (), shown
    )
    html = render_template(
        "graph/_svg.html",
        edges=edges,
        nodes=nodes,
        names=names(snap),
        hrefs=hrefs(snap),
        labelled=len(nodes) <= LABEL_ALL_MAX_NODES,
    )
    return Markup(html)


def _sizes(snap: Snapshot) -> dict[int, float]:
    return snap.part("sizes", lambda s: {n: r["pagerank"] for n, r in analysis.ranking(s).items()})


def _groups(snap: Snapshot, colour: str) -> dict[int, str | int]:
    if colour == "community":
        return {n: r["community"] for n, r in analysis.ranking(snap).items()}
    key = "region" if colour == "region" else "kind"
    return dict(snap.graph.nodes(data=key))


def _group_label(colour: str, group: Any) -> str:
    if group is None:
        return _("Others")
    if colour == "community":
        return _("Community %(number)s", number=group + 1)
    labels = REGION_LABELS if colour == "region" else KIND_LABELS
    return str(labels.get(group, group))


def path_options(snap: Snapshot, selected: str | None) -> Markup:
    """The ``<option>`` list of every partner by name, ``selected`` marked.

    Two selects of 2,000 partners are rendered from one cached string per language.
    """
    options = snap.part(f"options-{current_lang()}", _options)
    if not selected:
        return options
    value = f'value="{escape(selected)}"'
    return Markup(options.replace(value, f"{value} selected", 1))


def _options(snap: Snapshot) -> Markup:
    label = names(snap)
    ordered = sorted(snap.graph.nodes(data="slug"), key=lambda item: (label[item[0]], item[1]))
    items = [f'<option value="{escape(slug)}">{escape(label[n])}</option>' for n, slug in ordered]
    return Markup('<option value="">—</option>' + "".join(items))
