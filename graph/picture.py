"""The network picture for one request: a cached base SVG plus the request's own marks.

The base drawing of 2,000 partners and 10,000 links is the page's heaviest part, so it is
rendered once per snapshot, language, colouring and filters and reused; an introduction path
and a focused partner are drawn as overlays on top of it instead of changing it.

Names are placed by :func:`graph.labels.place_labels` in four sets, each free of overlaps at
its own type size: wide screens and phones, each at the first view and zoomed in (the
stylesheet shows one set, ``network.js`` switches to the zoomed one).
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
from graph.labels import Candidate, PlacedLabel, circle_box, place_labels
from partners.forms import KIND_LABELS
from partners.regions import REGION_LABELS

# (set, type size in picture units, most names shown): the picture is 1,000 units wide, so
# 12 units read as 9–13 px on a wide screen and 30 units as ~10 px on a 390 px phone.
LABEL_SETS = (
    ("wide", 12.0, 30),
    ("wide-zoom", 6.0, 400),
    ("narrow", 30.0, 10),
    ("narrow-zoom", 15.0, 60),
)
LABEL_MAX_CHARS = 22
FILTER_KEYS = ("colour", "kind", "region", "since", "until")


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


def focus_hrefs(snap: Snapshot, args: dict[str, str]) -> dict[int, str]:
    """Each partner's ``?focus=`` URL on this page, keeping the filters in ``args``."""
    kept = {key: args[key] for key in FILTER_KEYS if args.get(key)}
    pattern = url_for("graph.network", focus="__slug__", **kept) + "#network-figure"
    key = "&".join(f"{k}={v}" for k, v in sorted(kept.items()))
    return snap.part(
        f"focus-{current_lang()}-{key}",
        lambda s: {n: pattern.replace("__slug__", slug) for n, slug in s.graph.nodes(data="slug")},
    )


def picture(
    snap: Snapshot,
    colour: str,
    shown: list[int],
    *,
    filtered: bool,
    path: Sequence[int],
    args: dict[str, str],
    focus: int | None = None,
) -> dict[str, Any]:
    """The base SVG (cached per filters), the path and focus overlays and the legend."""
    _, legend = drawing.colour_classes(_groups(snap, colour))
    kept = "&".join(f"{k}={args[k]}" for k in FILTER_KEYS if args.get(k))
    key = f"svg-{current_lang()}-{colour}-{kept}"
    links = focus_hrefs(snap, args)
    if filtered:
        base = _base_svg(snap, colour, shown, links)
    else:
        base = snap.part(key, lambda s: _base_svg(s, colour, None, links))
    positions, sizes = analysis.positions(snap), _sizes(snap)
    overlay_edges, overlay_nodes = drawing.path_overlay(snap.graph, positions, sizes, path)
    focus_edges, focus_nodes = _focus_overlay(snap, focus)
    return {
        "svg": base,
        "count": len(shown),
        "overlay_edges": overlay_edges,
        "overlay_nodes": overlay_nodes,
        "focus_edges": focus_edges,
        "focus_nodes": focus_nodes,
        "legend": [(_group_label(snap, colour, g), cls, k) for g, cls, k in legend],
        "hrefs": hrefs(snap),
        "focus_hrefs": links,
        "partner_pattern": url_for("partners.partner_detail", slug="__slug__")
        if has_endpoint("partners.partner_detail")
        else "",
        "width": drawing.WIDTH,
        "height": drawing.HEIGHT,
    }


def _focus_overlay(snap: Snapshot, focus: int | None) -> tuple[list, list]:
    """The focused partner's links and ring, drawn over the base picture."""
    if focus is None:
        return [], []
    g, positions, sizes = snap.graph, analysis.positions(snap), _sizes(snap)
    edges, nodes = [], []
    for other in g[focus]:
        e, _n = drawing.path_overlay(g, positions, sizes, [focus, other])
        edges += e
    _e, nodes = drawing.path_overlay(g, positions, sizes, [focus])
    return edges, nodes


def focus_panel(snap: Snapshot, focus: int | None) -> dict[str, Any] | None:
    """What the side panel says of the focused partner: who it is and every link it has."""
    if focus is None:
        return None
    g, label, rank = snap.graph, names(snap), analysis.ranking(snap)
    ties = sorted(g[focus].items(), key=lambda item: (-item[1]["weight"], label[item[0]]))
    return {
        "id": focus,
        "name": label[focus],
        "kind": g.nodes[focus]["kind"],
        "region": g.nodes[focus]["region"],
        "degree": g.degree(focus),
        "pagerank": rank[focus]["pagerank"],
        "community": community_names(snap)[rank[focus]["community"]],
        "ties": [(n, label[n], data["weight"], data["kinds"]) for n, data in ties],
        "href": hrefs(snap).get(focus),
    }


def community_names(snap: Snapshot) -> dict[int, str]:
    """Each community named after its most central partner, in the visitor's language."""
    label = names(snap)
    return {
        c: _("Around %(name)s", name=label[leader])
        for c, leader in analysis.community_leaders(snap).items()
    }


def _base_svg(
    snap: Snapshot, colour: str, shown: list[int] | None, links: dict[int, str]
) -> Markup:
    colours, _ = drawing.colour_classes(_groups(snap, colour))
    edges, nodes = drawing.scene(
        snap.graph, analysis.positions(snap), _sizes(snap), colours, (), shown
    )
    html = render_template(
        "graph/_svg.html",
        edges=edges,
        nodes=nodes,
        names=names(snap),
        hrefs=links,
        label_sets=label_sets(nodes, names(snap), _sizes(snap)),
    )
    return Markup(html)


def label_sets(
    nodes: Sequence[drawing.NodeMark], label: dict[int, str], sizes: dict[int, float]
) -> list[tuple[str, float, list[PlacedLabel]]]:
    """The names of the largest partners, placed without overlaps for each label set."""
    ranked = sorted(nodes, key=lambda m: (-sizes.get(m.id, 0.0), label[m.id]))
    candidates = [Candidate(m.id, m.x, m.y, m.r, _short(label[m.id])) for m in ranked]
    bounds = (0.0, 0.0, float(drawing.WIDTH), float(drawing.HEIGHT))
    # No name may hide one of the partners most worth naming (all of them would leave a
    # dense network of 2,000 without a single name on a phone).
    circles = [circle_box(m.x, m.y, m.r) for m in ranked]
    return [
        (name, size, place_labels(candidates, size, bounds, limit, circles[: 2 * limit]))
        for name, size, limit in LABEL_SETS
    ]


def _short(name: str) -> str:
    """A long name cut for the picture (the full name is the circle's tooltip)."""
    return name if len(name) <= LABEL_MAX_CHARS else name[: LABEL_MAX_CHARS - 1].rstrip() + "…"


def _sizes(snap: Snapshot) -> dict[int, float]:
    return snap.part("sizes", lambda s: {n: r["pagerank"] for n, r in analysis.ranking(s).items()})


def _groups(snap: Snapshot, colour: str) -> dict[int, str | int]:
    if colour == "community":
        return {n: r["community"] for n, r in analysis.ranking(snap).items()}
    key = "region" if colour == "region" else "kind"
    return dict(snap.graph.nodes(data=key))


def _group_label(snap: Snapshot, colour: str, group: Any) -> str:
    if group is None:
        return _("Others")
    if colour == "community":
        return community_names(snap)[group]
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
