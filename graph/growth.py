"""How the cooperation network grew, year by year (pure): the indicator monitoring the
action plan asks for.

Undated rows cannot be placed in a year: a partner without ``joined_on`` or a link
without ``since`` is counted in no year's "new" figures. Undated partners count as
present in every year's network, and undated links as active whenever their ``until``
allows, which is how :func:`graph.build.build_graph` treats them too.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from graph.build import OVERSEAS, LinkEdge, PartnerNode, build_graph
from graph.errors import UnknownPartner
from graph.metrics import communities


@dataclass(frozen=True)
class YearRow:
    """One year of growth.

    ``cross_region_links`` join partners in different regions (Shanghai–Anhui,
    Zhejiang–overseas …); ``international_links`` have at least one overseas end.
    ``communities`` counts Louvain communities of two or more partners in the network
    as it stood on 31 December; a partner with no link is not a community.
    """

    year: int
    new_partners: int
    new_links: int
    cross_region_links: int
    international_links: int
    communities: int


def growth_by_year(partners: Iterable[PartnerNode], links: Iterable[LinkEdge]) -> list[YearRow]:
    """One :class:`YearRow` per year from the first dated partner or link to the last.

    Years without any change still get a row, so a chart's time axis has no gaps.
    Each link row counts once in "new links", even when it repeats a pair's cooperation.

    Raises:
        UnknownPartner: a link names a partner id not among ``partners``.
    """
    partners, links = list(partners), list(links)
    region = {p.id: p.region for p in partners}
    for link in links:
        for end_id in (link.source, link.target):
            if end_id not in region:
                raise UnknownPartner(end_id, f"the partners given (link kind {link.kind!r})")
    # As in build_graph: a partner "cooperating" with itself is no growth of the network.
    links = [link for link in links if link.source != link.target]
    years = _dated_years(partners, links)
    if not years:
        return []
    joined = Counter(p.joined_on.year for p in partners if p.joined_on)
    return [_year_row(year, joined[year], partners, links, region) for year in years]


def _dated_years(partners: list[PartnerNode], links: list[LinkEdge]) -> range:
    """Every year from the earliest to the latest dated partner or link."""
    dated = [p.joined_on.year for p in partners if p.joined_on]
    dated += [link.since.year for link in links if link.since]
    return range(min(dated), max(dated) + 1) if dated else range(0)


def _year_row(
    year: int,
    new_partners: int,
    partners: list[PartnerNode],
    links: list[LinkEdge],
    region: dict[int, str],
) -> YearRow:
    """Count ``year``'s new links by type and the communities standing at its end."""
    new = [link for link in links if link.since and link.since.year == year]
    ends = [(region[link.source], region[link.target]) for link in new]
    return YearRow(
        year=year,
        new_partners=new_partners,
        new_links=len(new),
        cross_region_links=sum(1 for a, b in ends if a != b),
        international_links=sum(1 for a, b in ends if OVERSEAS in (a, b)),
        communities=_communities_at(date(year, 12, 31), partners, links),
    )


def _communities_at(day: date, partners: list[PartnerNode], links: list[LinkEdge]) -> int:
    """How many communities of two or more partners the network had on ``day``."""
    present = [p for p in partners if p.joined_on is None or p.joined_on <= day]
    ids = {p.id for p in present}
    # A link recorded before one of its partners officially joined is left out until
    # the partner has joined: the join date is the authoritative one.
    standing = [link for link in links if link.source in ids and link.target in ids]
    g = build_graph(present, standing, start=day, end=day)
    return sum(1 for c in communities(g) if len(c) > 1)
