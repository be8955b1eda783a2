"""growth_by_year on a small dated network whose yearly figures are counted by hand."""

from __future__ import annotations

from datetime import date

import pytest

from graph.build import LinkEdge, PartnerNode
from graph.errors import UnknownPartner
from graph.growth import YearRow, growth_by_year


def partner(pid: int, region: str, joined: date | None) -> PartnerNode:
    return PartnerNode(pid, f"p{pid}", f"P{pid}", "", "base", region, "CN", "", joined)


PARTNERS = [
    partner(1, "shanghai", date(2020, 1, 10)),  # Changyang-like park
    partner(2, "anhui", date(2020, 6, 1)),  # a Hefei base
    partner(3, "overseas", date(2021, 3, 1)),  # Helsinki
    partner(4, "jiangsu", date(2023, 2, 1)),  # Suzhou
    partner(5, "overseas", date(2023, 5, 1)),  # Sydney
    partner(6, "zhejiang", None),  # joined before records began
]
LINKS = [
    LinkEdge(1, 2, "alliance", 1, date(2020, 7, 1)),
    LinkEdge(1, 6, "alliance", 1, None, None),  # undated: in no year's new links
    LinkEdge(1, 3, "mou", 1, date(2021, 4, 1)),
    LinkEdge(1, 3, "cohost", 1, date(2021, 9, 1)),  # the same pair again: a new link still
    LinkEdge(2, 3, "lead", 1, date(2021, 1, 1), date(2021, 6, 30)),  # ended mid-2021
    LinkEdge(4, 5, "referral", 1, date(2023, 6, 1)),  # a second, separate cluster
    LinkEdge(4, 4, "lead", 1, date(2023, 7, 1)),  # a self-link: ignored, as by build_graph
]


def test_growth_rows_by_hand() -> None:
    assert growth_by_year(PARTNERS, LINKS) == [
        # 2020: the star 1-{2, 6}, 6 being there from before records began
        YearRow(2020, 2, 1, 1, 0, 1),
        # 2021: 1-3 twice and 2-3, all cross-region and international; 2-3 has ended
        # by 31 December, leaving the star 1-{2, 3, 6}: still one community
        YearRow(2021, 1, 3, 3, 3, 1),
        YearRow(2022, 0, 0, 0, 0, 1),  # a quiet year still gets its row
        # 2023: Suzhou-Sydney forms a second community
        YearRow(2023, 2, 1, 1, 1, 2),
    ]


def test_nothing_dated_means_no_rows() -> None:
    assert growth_by_year([partner(1, "shanghai", None)], []) == []


def test_link_to_unknown_partner_is_refused() -> None:
    with pytest.raises(UnknownPartner, match="7"):
        growth_by_year(PARTNERS[:1], [LinkEdge(1, 7, "mou", 1, date(2020, 1, 1))])
