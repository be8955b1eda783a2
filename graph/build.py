"""Plain partner and link rows -> one undirected ``nx.Graph`` keyed by partner id (pure).

The database layer turns its rows into :class:`PartnerNode` and :class:`LinkEdge` values
and calls :func:`build_graph`; everything else in ``graph/`` works on the returned graph.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

import networkx as nx

from graph.errors import GraphError, UnknownPartner
from partners.regions import DELTA_REGIONS

"""The Yangtze River Delta: the alliance's home regions."""

OVERSEAS = "overseas"
"""The region of every partner outside China."""

# The vocabularies of PartnerNode.kind and LinkEdge.kind, for the layers that validate
# input; the graph itself accepts any string, so a new kind never breaks the analysis.
LINK_KINDS: frozenset[str] = frozenset(
    {"alliance", "mou", "cohost", "investment", "tech_transfer", "incubation", "referral", "lead"}
)


@dataclass(frozen=True)
class PartnerNode:
    """A partner organisation as the graph sees it.

    ``region`` is one of ``shanghai``, ``jiangsu``, ``zhejiang``, ``anhui`` or ``overseas``;
    ``country`` an ISO 3166 code (``"CN"``, ``"FI"``); ``joined_on`` is when the partner
    joined the network, ``None`` when unknown.
    """

    id: int
    slug: str
    name_en: str
    name_zh: str
    kind: str
    region: str
    country: str
    city: str
    joined_on: date | None = None

    @property
    def delta(self) -> bool:
        """Whether the partner is in the Yangtze River Delta."""
        return self.region in DELTA_REGIONS


@dataclass(frozen=True)
class LinkEdge:
    """One cooperation between two partners (an MOU, a co-hosted event, an investment …).

    ``weight`` must be positive: it measures how strong the tie is, and repeated
    cooperation between the same pair adds up. ``since``/``until`` bound when the
    cooperation was active; ``None`` means open-ended (or unknown) on that side.
    """

    source: int
    target: int
    kind: str
    weight: float = 1.0
    since: date | None = None
    until: date | None = None

    def __post_init__(self) -> None:
        # Rejected here, at the row, because a zero or negative weight would turn into an
        # infinite or negative distance and silently corrupt every shortest path later.
        if not (math.isfinite(self.weight) and self.weight > 0):
            raise GraphError(
                f"Link {self.source}–{self.target} ({self.kind}) has weight {self.weight!r}; "
                "a cooperation link needs a positive weight."
            )
        if self.since and self.until and self.until < self.since:
            raise GraphError(
                f"Link {self.source}–{self.target} ({self.kind}) ends on {self.until} "
                f"before it starts on {self.since}."
            )

    def active_within(self, start: date | None, end: date | None) -> bool:
        """Whether the link's active period overlaps ``[start, end]`` (``None`` = unbounded)."""
        began_in_time = self.since is None or end is None or self.since <= end
        still_running = self.until is None or start is None or self.until >= start
        return began_in_time and still_running


def build_graph(
    partners: Iterable[PartnerNode],
    links: Iterable[LinkEdge],
    *,
    start: date | None = None,
    end: date | None = None,
) -> nx.Graph:
    """Build the cooperation network from partner and link rows.

    Nodes are partner ids with attributes ``slug``, ``name_en``, ``name_zh``, ``kind``,
    ``region``, ``country``, ``city``, ``delta`` (True inside the Delta) and ``joined_on``.
    Every partner becomes a node, linked or not, so isolated partners stay visible.

    Links active at some point within ``[start, end]`` are kept (either bound may be
    ``None``); the others are left out. Several links between one pair merge into one
    edge with ``weight`` (sum), ``kinds`` (sorted tuple), ``count``, ``since`` (earliest
    known), ``until`` (latest, ``None`` if any is open-ended) and ``distance`` = 1/weight,
    the length shortest-path algorithms use so that strong ties are short.

    A link from a partner to itself is ignored (it says nothing about the network).

    Raises:
        UnknownPartner: a kept link names a partner id not among ``partners``.
        GraphError: two partners share an id.
    """
    g = nx.Graph()
    for partner in partners:
        _add_partner(g, partner)
    for link in links:
        if link.source != link.target and link.active_within(start, end):
            _merge_link(g, link)
    for _, _, data in g.edges(data=True):
        data["kinds"] = tuple(sorted(data["kinds"]))
        data["distance"] = 1.0 / data["weight"]
    return g


def _add_partner(g: nx.Graph, partner: PartnerNode) -> None:
    """Add ``partner`` as a node, refusing a second partner with the same id."""
    if partner.id in g:
        raise GraphError(
            f"Two partners share id {partner.id!r} "
            f"({g.nodes[partner.id]['slug']!r} and {partner.slug!r})."
        )
    g.add_node(
        partner.id,
        slug=partner.slug,
        name_en=partner.name_en,
        name_zh=partner.name_zh,
        kind=partner.kind,
        region=partner.region,
        country=partner.country,
        city=partner.city,
        delta=partner.delta,
        joined_on=partner.joined_on,
    )


def _merge_link(g: nx.Graph, link: LinkEdge) -> None:
    """Add ``link`` to ``g``, adding up with any link already joining the same pair."""
    for end_id in (link.source, link.target):
        if end_id not in g:
            raise UnknownPartner(end_id, f"the partners given (link kind {link.kind!r})")
    if not g.has_edge(link.source, link.target):
        g.add_edge(
            link.source,
            link.target,
            weight=float(link.weight),
            kinds={link.kind},
            count=1,
            since=link.since,
            until=link.until,
        )
        return
    data = g.edges[link.source, link.target]
    data["weight"] += link.weight
    data["kinds"].add(link.kind)
    data["count"] += 1
    data["since"] = _earliest(data["since"], link.since)
    # An open-ended link keeps the pair open-ended, whatever the others say.
    if data["until"] is not None:
        data["until"] = None if link.until is None else max(data["until"], link.until)


def _earliest(a: date | None, b: date | None) -> date | None:
    """The earlier of two optional dates, ignoring an unknown one."""
    known = [d for d in (a, b) if d is not None]
    return min(known) if known else None
