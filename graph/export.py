"""The cooperation network as files other tools open: GEXF (Gephi), GraphML, node-link
JSON (D3) and a pair of CSV tables (spreadsheets) (pure).

GEXF and GraphML hold only strings, numbers and booleans, so every export first makes a
flat copy of the graph: dates become ISO strings (``2021-05-01``), tuples and sets
become ``;``-joined strings in sorted order (``cohost;mou``), and unknown (``None``)
values are left out rather than written as a fake value.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

import networkx as nx

from core.spreadsheet_cells import csv_records

LIST_SEPARATOR = ";"
NODE_COLUMNS = (
    "id",
    "slug",
    "name_en",
    "name_zh",
    "kind",
    "region",
    "country",
    "city",
    "delta",
    "joined_on",
)
EDGE_COLUMNS = (
    "source",
    "target",
    "source_slug",
    "target_slug",
    "weight",
    "count",
    "kinds",
    "since",
    "until",
    "distance",
)

Scalar = str | int | float | bool


def flat_value(value: Any) -> Scalar:
    """``value`` as something every format can hold (see the module docstring)."""
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, set | frozenset | tuple | list):
        return LIST_SEPARATOR.join(sorted(str(item) for item in value))
    if isinstance(value, str | int | float | bool):
        return value
    return str(value)


def flat_attrs(attrs: Mapping[str, Any]) -> dict[str, Scalar]:
    """``attrs`` with every value flattened and unknown (``None``) values dropped."""
    return {key: flat_value(value) for key, value in attrs.items() if value is not None}


def flat_graph(g: nx.Graph) -> nx.Graph:
    """A copy of ``g`` whose node and edge attributes are all flat scalars."""
    flat = nx.Graph()
    flat.add_nodes_from((n, flat_attrs(data)) for n, data in g.nodes(data=True))
    flat.add_edges_from((u, v, flat_attrs(data)) for u, v, data in g.edges(data=True))
    return flat


def to_gexf(g: nx.Graph) -> bytes:
    """GEXF 1.2 for Gephi; nodes are labelled with their English name when known."""
    flat = flat_graph(g)
    for n, data in flat.nodes(data=True):
        # Gephi shows ``label``; networkx would otherwise fall back to the bare id.
        data.setdefault("label", data.get("name_en", str(n)))
    buffer = io.BytesIO()
    nx.write_gexf(flat, buffer)
    return buffer.getvalue()


def to_graphml(g: nx.Graph) -> bytes:
    """GraphML (UTF-8), readable by ``nx.read_graphml(..., node_type=int)``."""
    buffer = io.BytesIO()
    # One type per attribute name even when a graph mixes ints and floats in "weight".
    nx.write_graphml(flat_graph(g), buffer, infer_numeric_types=True)
    return buffer.getvalue()


def to_node_link_json(g: nx.Graph) -> dict[str, Any]:
    """Node-link data for D3 (``{"nodes": [...], "links": [...]}``), ready for ``json.dumps``."""
    return nx.node_link_data(flat_graph(g), edges="links")


def to_csv(g: nx.Graph) -> tuple[str, str]:
    """``(nodes_csv, edges_csv)``: one row per partner, one per (merged) link.

    The usual columns always come first, in a fixed order, so spreadsheets built on the
    export keep working; any other attributes follow alphabetically. Each edge row names
    its partners by id and by slug.
    """
    nodes = [{"id": n, **flat_attrs(data)} for n, data in g.nodes(data=True)]
    edges = [_edge_row(g, u, v, data) for u, v, data in g.edges(data=True)]
    return _csv_text(nodes, NODE_COLUMNS), _csv_text(edges, EDGE_COLUMNS)


def _edge_row(g: nx.Graph, u: int, v: int, data: Mapping[str, Any]) -> dict[str, Scalar]:
    """One edge as a CSV row, its ends named by id and by slug (when the nodes have one)."""
    ends = {"source": u, "target": v}
    slugs = {"source_slug": g.nodes[u].get("slug"), "target_slug": g.nodes[v].get("slug")}
    return {**ends, **flat_attrs(slugs), **flat_attrs(data)}


def _csv_text(rows: list[dict[str, Scalar]], preferred: Iterable[str]) -> str:
    """``rows`` as CSV text, ``preferred`` columns first; missing values are empty cells.
    Partner names come from forms and imports: ``csv_records`` neutralises formulas."""
    columns = list(preferred)
    columns += sorted({key for row in rows for key in row} - set(columns))
    return csv_records(columns, rows)
