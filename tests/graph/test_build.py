"""build_graph: partner and link rows -> one merged, date-filtered nx.Graph."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from graph.build import LinkEdge, PartnerNode, build_graph
from graph.errors import GraphError, UnknownPartner


def partner(pid: int, region: str = "shanghai", **extra: object) -> PartnerNode:
    """A partner with readable defaults; ``slug`` is ``p<id>``."""
    fields = {"slug": f"p{pid}", "name_en": f"Partner {pid}", "name_zh": f"伙伴{pid}"}
    fields |= {"kind": "park", "region": region, "country": "CN", "city": "Shanghai"}
    return PartnerNode(id=pid, **(fields | extra))


def test_nodes_carry_partner_attributes_and_delta_flag() -> None:
    hefei = partner(1, "anhui", city="Hefei", kind="base", joined_on=date(2020, 3, 1))
    helsinki = partner(2, "overseas", country="FI", city="Helsinki", kind="international")
    g = build_graph([hefei, helsinki], [])
    assert g.nodes[1] == {
        "slug": "p1", "name_en": "Partner 1", "name_zh": "伙伴1", "kind": "base",
        "region": "anhui", "country": "CN", "city": "Hefei", "delta": True,
        "joined_on": date(2020, 3, 1),
    }  # fmt: skip
    assert g.nodes[2]["delta"] is False
    assert g.number_of_edges() == 0  # unlinked partners stay in the network


def test_links_between_one_pair_merge_into_one_edge() -> None:
    links = [
        LinkEdge(1, 2, "mou", 1.0, date(2021, 5, 1), date(2022, 1, 1)),
        LinkEdge(2, 1, "cohost", 2.0, date(2020, 9, 1), date(2021, 1, 1)),
        LinkEdge(1, 2, "mou", 1.0, None, None),
    ]
    g = build_graph([partner(1), partner(2)], links)
    assert g.number_of_edges() == 1
    assert g.edges[1, 2] == {
        "weight": 4.0, "kinds": ("cohost", "mou"), "count": 3, "since": date(2020, 9, 1),
        "until": None, "distance": 0.25,
    }  # fmt: skip


def test_merged_until_is_the_latest_end_when_all_links_end() -> None:
    links = [
        LinkEdge(1, 2, "mou", 1, date(2020, 1, 1), date(2020, 6, 1)),
        LinkEdge(1, 2, "lead", 1, date(2020, 2, 1), date(2021, 6, 1)),
    ]
    g = build_graph([partner(1), partner(2)], links)
    assert g.edges[1, 2]["until"] == date(2021, 6, 1)
    assert isinstance(g.edges[1, 2]["weight"], float)


@pytest.mark.parametrize(
    ("since", "until", "kept"),
    [
        (date(2019, 1, 1), date(2020, 12, 31), False),  # ended before the window
        (date(2019, 1, 1), date(2021, 1, 1), True),  # ends on the first day: overlaps
        (date(2022, 12, 31), None, True),  # starts on the last day
        (date(2023, 1, 1), None, False),  # starts after the window
        (None, None, True),  # undated: active throughout
        (None, date(2020, 1, 1), False),
        (date(2018, 1, 1), date(2030, 1, 1), True),  # spans the whole window
    ],
)
def test_date_range_keeps_links_overlapping_the_window(
    since: date | None, until: date | None, kept: bool
) -> None:
    link = LinkEdge(1, 2, "mou", 1.0, since, until)
    window = {"start": date(2021, 1, 1), "end": date(2022, 12, 31)}
    g = build_graph([partner(1), partner(2)], [link], **window)
    assert g.has_edge(1, 2) is kept
    assert set(g) == {1, 2}


def test_open_window_bounds() -> None:
    links = [LinkEdge(1, 2, "mou", 1, date(2015, 1, 1), date(2016, 1, 1))]
    assert build_graph([partner(1), partner(2)], links, end=date(2016, 6, 1)).has_edge(1, 2)
    assert not build_graph([partner(1), partner(2)], links, start=date(2016, 6, 1)).has_edge(1, 2)


def test_self_links_are_ignored() -> None:
    g = build_graph([partner(1)], [LinkEdge(1, 1, "alliance")])
    assert g.number_of_edges() == 0


def test_link_to_unknown_partner_is_refused_with_its_id() -> None:
    with pytest.raises(UnknownPartner, match="99") as caught:
        build_graph([partner(1)], [LinkEdge(1, 99, "mou")])
    assert caught.value.partner == 99


def test_filtered_out_link_to_unknown_partner_is_not_an_error() -> None:
    old = LinkEdge(1, 99, "mou", 1, date(2010, 1, 1), date(2011, 1, 1))
    assert build_graph([partner(1)], [old], start=date(2020, 1, 1)).number_of_edges() == 0


def test_duplicate_partner_ids_are_refused() -> None:
    with pytest.raises(GraphError, match="share id 1"):
        build_graph([partner(1), partner(1, slug="other")], [])


@pytest.mark.parametrize("weight", [0, -1.0, float("inf"), float("nan")])
def test_link_weight_must_be_positive_and_finite(weight: float) -> None:
    with pytest.raises(GraphError, match="positive weight"):
        LinkEdge(1, 2, "mou", weight)


def test_link_cannot_end_before_it_starts() -> None:
    with pytest.raises(GraphError, match="before it starts"):
        LinkEdge(1, 2, "mou", 1, date(2021, 1, 1), date(2020, 1, 1))


pairs = st.tuples(st.integers(0, 5), st.integers(0, 5)).filter(lambda p: p[0] != p[1])
weights = st.floats(0.1, 10, allow_nan=False)


@given(st.lists(st.tuples(pairs, weights), max_size=30))
def test_merging_keeps_total_weight_and_one_edge_per_pair(rows: list) -> None:
    links = [LinkEdge(a, b, "mou", w) for (a, b), w in rows]
    g = build_graph([partner(i) for i in range(6)], links)
    assert g.number_of_edges() == len({frozenset(p) for p, _ in rows})
    assert g.size(weight="weight") == pytest.approx(sum(w for _, w in rows))
    assert sum(c for _, _, c in g.edges(data="count")) == len(rows)
    for _, _, data in g.edges(data=True):
        assert data["distance"] == pytest.approx(1 / data["weight"])
