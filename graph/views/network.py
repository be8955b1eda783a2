"""The network page: the picture, the measures, introduction paths, growth and downloads."""

from __future__ import annotations

from typing import Any

from flask import Response, abort, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from core.i18n import current_lang
from graph import analysis, drawing, export
from graph.cache import Snapshot, current_snapshot
from graph.errors import GraphError, NoPath
from graph.forms import SORTS, NetworkFilterForm, PathForm
from graph.paths import PathResult, introduction_path
from graph.picture import (
    FILTER_KEYS,
    community_names,
    focus_panel,
    names,
    path_options,
    picture,
)
from graph.queries import link_notes
from partners.forms import KIND_LABELS
from partners.regions import REGION_LABELS

PER_PAGE = 25
EXPORTS = {
    "gexf": ("application/gexf+xml", "huiju-network.gexf"),
    "graphml": ("application/graphml+xml", "huiju-network.graphml"),
    "json": ("application/json", "huiju-network.json"),
    "nodes.csv": ("text/csv; charset=utf-8", "huiju-network-nodes.csv"),
    "edges.csv": ("text/csv; charset=utf-8", "huiju-network-edges.csv"),
}


def is_staff() -> bool:
    return bool(current_user.is_authenticated and current_user.is_staff)


def network() -> Any:
    filters = NetworkFilterForm(request.args)
    filters.validate()
    snap = current_snapshot(*filters.window())
    path_form, paths, path_error = _introduction(snap)
    shown = _shown(snap, filters.kind.data, filters.region.data)
    focus = _by_slug(snap).get(request.args.get("focus", ""))
    return render_template(
        "graph/network.html",
        filters=filters,
        path_form=path_form,
        paths=paths,
        path_error=path_error,
        picture=picture(
            snap,
            # An unknown colouring is the default one, never a new cache entry.
            "community" if "colour" in filters.errors else filters.colour.data or "community",
            shown,
            filtered=bool(filters.kind.data or filters.region.data),
            path=paths[0].nodes if paths else (),
            args=_valid_filters(filters),
            focus=focus,
        ),
        focus=focus_panel(snap, focus),
        unfocused_url=_unfocused_url(),
        path_options=lambda selected: path_options(snap, selected),
        table=_table(snap, shown),
        structure=analysis.structure(snap),
        brokerage=analysis.brokerage(snap) if is_staff() else None,
        growth=analysis.growth(snap),
        bars=drawing.growth_bars(analysis.growth(snap)),
        notes=_notes(paths) if is_staff() else {},
        names=names(snap),
        staff=is_staff(),
        export_args=request.args.to_dict(),
        kind_labels=KIND_LABELS,
        region_labels=REGION_LABELS,
        js_labels=_js_labels(snap),
    )


def _js_labels(snap: Snapshot) -> dict[str, Any]:
    """Labels the details panel shows, in the visitor's language (JS has no catalog)."""
    return {
        "kinds": {k: str(v) for k, v in KIND_LABELS.items()},
        "regions": {k: str(v) for k, v in REGION_LABELS.items()},
        "communities": community_names(snap),
    }


def network_export(fmt: str) -> Any:
    if fmt not in EXPORTS:
        abort(404)
    filters = NetworkFilterForm(request.args)
    filters.validate()
    snap = current_snapshot(*filters.window())
    body = snap.part(f"export-{fmt}", lambda s: _export_bytes(s, fmt))
    mimetype, filename = EXPORTS[fmt]
    response = Response(body, content_type=mimetype)
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _export_bytes(snap: Snapshot, fmt: str) -> bytes:
    if fmt == "gexf":
        return export.to_gexf(snap.graph)
    if fmt == "graphml":
        return export.to_graphml(snap.graph)
    if fmt == "json":
        return analysis.json_bytes(export.to_node_link_json(snap.graph))
    nodes, edges = export.to_csv(snap.graph)
    return (nodes if fmt == "nodes.csv" else edges).encode("utf-8")


def _shown(snap: Snapshot, kind: str | None, region: str | None) -> list[int]:
    g = snap.graph
    return [
        n
        for n, d in g.nodes(data=True)
        if (not kind or d["kind"] == kind) and (not region or d["region"] == region)
    ]


def _introduction(snap: Snapshot) -> tuple[PathForm, list[PathResult], str | None]:
    """The path form with its choices, and the paths (or why there are none)."""
    form = PathForm(request.args)
    by_slug = _by_slug(snap)
    if not (form.a.data and form.b.data):
        return form, [], None
    unknown = [slug for slug in (form.a.data, form.b.data) if slug not in by_slug]
    if unknown:
        return form, [], _("There is no partner “%(slug)s” in this network.", slug=unknown[0])
    a, b = by_slug[form.a.data], by_slug[form.b.data]
    try:
        return form, introduction_path(snap.graph, a, b), None
    except NoPath:
        return (
            form,
            [],
            _(
                "No chain of cooperation links joins %(a)s and %(b)s.",
                a=names(snap)[a],
                b=names(snap)[b],
            ),
        )
    except GraphError:
        return form, [], _("Choose two different partners.")


def _by_slug(snap: Snapshot) -> dict[str, int]:
    return snap.part("by_slug", lambda s: {d: n for n, d in s.graph.nodes(data="slug")})


def _notes(paths: list[PathResult]) -> dict[str, list[str]]:
    """Staff notes per hop, keyed ``"low-high"`` by partner id for the template."""
    pairs = {pair for path in paths for pair in zip(path.nodes, path.nodes[1:], strict=False)}
    return {f"{a}-{b}": notes for (a, b), notes in link_notes(pairs, current_lang()).items()}


def _table(snap: Snapshot, shown: list[int]) -> dict[str, Any]:
    """One page of the per-partner measures, sorted as the query string asks."""
    sort = request.args.get("sort", "pagerank")
    sort = sort if sort in SORTS else "pagerank"
    rows = _measure_rows(snap, shown)
    if sort == "name":
        rows.sort(key=lambda r: r["name"])
    else:
        rows.sort(key=lambda r: (-(r.get(sort) or 0), r["name"]))
    page = max(1, request.args.get("page", 1, type=int) or 1)
    pages = max(1, -(-len(rows) // PER_PAGE))
    return {
        "rows": rows[(page - 1) * PER_PAGE : page * PER_PAGE],
        "sort": sort,
        "page": min(page, pages),
        "pages": pages,
    }


def _measure_rows(snap: Snapshot, shown: list[int]) -> list[dict[str, Any]]:
    rank, label = analysis.ranking(snap), names(snap)
    brokerage = analysis.brokerage(snap) if is_staff() else None
    between = brokerage["betweenness"] if brokerage else {}
    g = snap.graph
    return [
        {
            "id": n,
            "name": label[n],
            "slug": g.nodes[n]["slug"],
            "kind": g.nodes[n]["kind"],
            "region": g.nodes[n]["region"],
            "betweenness": between.get(n),
            **rank[n],
        }
        for n in shown
    ]


def _valid_filters(filters: NetworkFilterForm) -> dict[str, str]:
    """The filters in the query string that the form accepted: only these make cache keys."""
    return {
        key: value
        for key in FILTER_KEYS
        if (value := request.args.get(key, "")) and key not in filters.errors
    }


def _unfocused_url() -> str:
    """This page without its focus (the side panel's Close)."""
    args = {k: v for k, v in request.args.items() if k != "focus"}
    return url_for("graph.network", **args) + "#network-figure"


def sort_url(sort: str) -> str:
    """This page sorted by ``sort``, at the measures table (the template's column links)."""
    args = {**request.args.to_dict(), "sort": sort, "page": 1}
    return url_for("graph.network", **args) + "#measures"
