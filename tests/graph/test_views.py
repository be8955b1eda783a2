"""The network page, its downloads and the JSON data endpoint, as visitors meet them."""

from __future__ import annotations

import io
import json
import re
from datetime import date

import networkx as nx
import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import insert

from core.extensions import db
from partners.models import Link, Partner
from tests.factories import login, make_partner, make_user


@pytest.fixture
def chain(app: Flask) -> dict:
    """Changyang – KIC – Slush Shanghai in a chain, and an isolated Helsinki incubator."""
    a = make_partner(
        "changyang", name_en="Changyang Campus", name_zh="长阳创谷", joined_on=date(2019, 3, 1)
    )
    b = make_partner(
        "kic",
        name_en="KIC Knowledge & Innovation Community",
        name_zh="创智天地",
        kind="base",
        joined_on=date(2020, 1, 1),
    )
    c = make_partner(
        "slush",
        name_en="Slush Shanghai",
        name_zh="Slush 上海国际创投大会",
        region="overseas",
        country="FI",
        kind="international",
    )
    d = make_partner(
        "helsinki-lab",
        name_en="Helsinki Lab",
        name_zh="赫尔辛基实验室",
        region="overseas",
        country="FI",
        kind="incubator",
    )
    db.session.add_all(
        [
            Link(
                source_id=a.id,
                target_id=b.id,
                kind="mou",
                weight=3,
                since=date(2020, 6, 1),
                note_en="Joint demo days",
                note_zh="联合路演日",
            ),
            Link(source_id=b.id, target_id=c.id, kind="cohost", weight=2, since=date(2021, 9, 1)),
        ]
    )
    db.session.commit()
    return {"a": a, "b": b, "c": c, "d": d}


def page(client: FlaskClient, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, response.data[:500]
    return response.get_data(as_text=True)


@pytest.mark.parametrize(
    ("lang", "title", "name"),
    [("en", "Cooperation network", "Changyang Campus"), ("zh", "合作网络", "长阳创谷")],
)
def test_the_page_draws_the_network_in_both_languages(
    client: FlaskClient, chain: dict, lang: str, title: str, name: str
) -> None:
    html = page(client, f"/{lang}/network")
    assert f"<h1>{title}</h1>" in html
    assert '<svg id="network-svg"' in html
    assert html.count('class="node ') == 4 and html.count('<line class="edge') == 2
    assert f"<title>{name}</title>" in html
    assert f'href="/{lang}/partners/changyang"' in html
    assert 'name="since"' in html and 'name="kind"' in html and 'name="region"' in html
    assert 'class="growth-chart"' in html and "<td>2021</td>" in html
    assert 'src="/static/js/network.js"' in html and "<script>" not in html
    assert 'class="field-error"' not in html  # no filter chosen is no mistake


def test_the_path_finder_lists_and_highlights_the_chain(client: FlaskClient, chain: dict) -> None:
    html = page(client, "/en/network?a=changyang&b=slush")
    hops = re.search(r'<ol class="path-hops">(.*?)</ol>', html, re.S).group(1)
    assert re.findall(r">([^<>]+)</a>", hops) == [
        "Changyang Campus",
        "KIC Knowledge &amp; Innovation Community",
        "Slush Shanghai",
    ]
    overlay = re.search(r'<g class="path-overlay".*?</g>', html, re.S).group(0)
    assert overlay.count('class="path-ring on-path"') == 3
    assert overlay.count('<line class="edge on-path"') == 2
    assert "Joint demo days" not in html  # notes are for staff only


def test_the_path_finder_explains_when_there_is_no_path(client: FlaskClient, chain: dict) -> None:
    assert "No chain of cooperation links joins Changyang Campus and Helsinki Lab." in page(
        client, "/en/network?a=changyang&b=helsinki-lab"
    )
    assert "There is no partner “nobody” in this network." in page(
        client, "/en/network?a=nobody&b=slush"
    )
    assert "Choose two different partners." in page(client, "/en/network?a=kic&b=kic")


def test_filters_select_partners_and_bad_years_get_a_message(
    client: FlaskClient, chain: dict
) -> None:
    assert page(client, "/en/network?region=overseas").count('class="node ') == 2
    html = page(client, "/en/network?since=2022&until=2020")
    assert "The end year comes before the start year." in html
    assert "Not a valid integer value" in page(client, "/en/network?since=soon")
    assert page(client, "/en/network?until=2020").count('<line class="edge') == 1


def test_measures_sort_by_the_query_string(client: FlaskClient, chain: dict) -> None:
    html = page(client, "/en/network?sort=name")
    table = re.search(r'<table class="network-measures">(.*?)</table>', html, re.S).group(1)
    names = re.findall(r'partners/[\w-]+">([^<]+)</a>', table)
    assert names == sorted(names)
    html = page(client, "/en/network?sort=degree")
    table = re.search(r'<table class="network-measures">(.*?)</table>', html, re.S).group(1)
    assert re.findall(r'partners/[\w-]+">([^<]+)</a>', table)[0].startswith("KIC")


def test_staff_see_the_analysis_and_the_notes(client: FlaskClient, chain: dict) -> None:
    assert "Analysis for staff" not in page(client, "/en/network")
    login(client, make_user(role="staff"))
    db.session.commit()
    html = page(client, "/en/network?a=changyang&b=slush")
    assert "Analysis for staff" in html and "Betweenness" in html
    assert "Joint demo days" in html
    assert "Who should meet whom" in html  # Changyang and Slush share KIC


@pytest.mark.parametrize(
    ("fmt", "content_type", "read"),
    [
        ("gexf", "application/gexf+xml", lambda body: nx.read_gexf(io.BytesIO(body))),
        (
            "graphml",
            "application/graphml+xml",
            lambda body: nx.read_graphml(io.BytesIO(body), node_type=int),
        ),
        (
            "json",
            "application/json",
            lambda body: nx.node_link_graph(json.loads(body), edges="links"),
        ),
    ],
)
def test_exports_download_and_parse_back(
    client: FlaskClient, chain: dict, fmt: str, content_type: str, read
) -> None:
    response = client.get(f"/en/network/export.{fmt}")
    assert response.status_code == 200
    assert response.content_type.startswith(content_type)
    assert "attachment" in response.headers["Content-Disposition"]
    g = read(response.data)
    assert g.number_of_nodes() == 4 and g.number_of_edges() == 2


def test_csv_exports_hold_partners_and_links(client: FlaskClient, chain: dict) -> None:
    nodes = client.get("/en/network/export.nodes.csv")
    edges = client.get("/en/network/export.edges.csv")
    assert nodes.content_type.startswith("text/csv")
    assert "huiju-network-nodes.csv" in nodes.headers["Content-Disposition"]
    assert len(nodes.get_data(as_text=True).strip().splitlines()) == 5
    assert "changyang" in edges.get_data(as_text=True)
    assert client.get("/en/network/export.pdf").status_code == 404


def test_the_json_endpoint_revalidates_with_the_data_version(
    client: FlaskClient, chain: dict
) -> None:
    response = client.get("/api/v1/graph")
    assert response.status_code == 200 and response.headers["ETag"]
    data = response.get_json()
    assert {n["slug"] for n in data["nodes"]} == {"changyang", "kic", "slush", "helsinki-lab"}
    node = next(n for n in data["nodes"] if n["slug"] == "kic")
    assert {"x", "y", "pagerank", "community", "degree", "name_zh"} <= node.keys()
    assert node["degree"] == 2 and len(data["edges"]) == 2

    etag = response.headers["ETag"]
    again = client.get("/api/v1/graph", headers={"If-None-Match": etag})
    assert again.status_code == 304 and not again.data

    db.session.add(Link(source_id=chain["c"].id, target_id=chain["d"].id, kind="mou"))
    db.session.commit()
    changed = client.get("/api/v1/graph", headers={"If-None-Match": etag})
    assert changed.status_code == 200 and changed.headers["ETag"] != etag
    assert len(changed.get_json()["edges"]) == 3


def test_the_json_endpoint_refuses_a_bad_year(client: FlaskClient, chain: dict) -> None:
    response = client.get("/api/v1/graph?since=tomorrow")
    assert response.status_code == 400 and "year" in response.get_json()["error"]


def test_an_empty_network_still_renders(client: FlaskClient) -> None:
    html = page(client, "/en/network")
    assert "No partner matches these filters." in html
    assert client.get("/api/v1/graph").get_json()["nodes"] == []


def test_staff_see_the_brokers_of_a_large_network_at_once(client: FlaskClient) -> None:
    # Above the 300 partners the brokers used to be left to a background thread for.
    delta = [
        {
            "id": n,
            "slug": f"d{n}",
            "name_en": f"Delta {n}",
            "name_zh": f"三角{n}",
            "kind": "park",
            "region": "jiangsu",
            "country": "CN",
        }  # fmt: skip
        for n in range(1, 301)
    ]
    overseas = [
        {
            "id": n,
            "slug": f"o{n}",
            "name_en": f"Abroad {n}",
            "name_zh": f"海外{n}",
            "kind": "university",
            "region": "overseas",
            "country": "FI",
        }  # fmt: skip
        for n in range(301, 321)
    ]
    db.session.execute(insert(Partner), delta + overseas)
    ring = [(n, n % 300 + 1) for n in range(1, 301)]
    gate = [(1, n) for n in range(301, 321)]  # every overseas partner hangs on Delta 1
    links = [{"source_id": a, "target_id": b, "kind": "mou"} for a, b in ring + gate]
    db.session.execute(insert(Link), links)
    login(client, make_user(role="staff"))
    db.session.commit()
    html = page(client, "/en/network")
    assert "still being computed" not in html
    brokers = html[html.index("Who bridges the Delta and the world") :]
    # Delta 1 carries every (Delta, overseas) pair but its own 20: 5,980 of 6,000
    assert "<tr><td>Delta 1</td><td>99.7 %</td>" in brokers.split("</table>")[0]


def test_every_circle_focuses_the_page_and_the_panel_lists_its_links(
    client: FlaskClient, chain: dict
) -> None:
    html = page(client, "/en/network?colour=region")
    assert 'href="/en/network?focus=kic&amp;colour=region#network-figure"' in html
    assert 'id="network-details" aria-live="polite" hidden' in html  # nothing focused yet

    html = page(client, "/en/network?focus=kic&colour=region")
    panel = re.search(r'<aside class="network-details".*?</aside>', html, re.S).group(0)
    assert " hidden" not in panel.split(">", 1)[0]
    assert '<h2 data-field="name">KIC Knowledge &amp; Innovation Community</h2>' in panel
    ties = re.findall(r'<a href="([^"]+)">([^<]+)</a> <span class="muted">\((\d+)\)', panel)
    assert ties == [
        ("/en/network?focus=changyang&amp;colour=region#network-figure", "Changyang Campus", "3"),
        ("/en/network?focus=slush&amp;colour=region#network-figure", "Slush Shanghai", "2"),
    ]
    assert 'href="/en/partners/kic"' in panel
    assert 'href="/en/network?colour=region#network-figure"' in panel  # Close keeps the rest
    overlay = re.search(r'<g class="path-overlay".*?</g>', html, re.S).group(0)
    assert overlay.count('class="edge is-focus"') == 2 and overlay.count("focus-ring") == 1

    chinese = page(client, "/zh/network?focus=helsinki-lab")
    assert '<h2 data-field="name">赫尔辛基实验室</h2>' in chinese
    assert "这些年份里没有合作关系。" in chinese


def test_communities_are_named_after_their_most_central_partner(
    client: FlaskClient, chain: dict
) -> None:
    legend = re.search(r'<ul class="network-legend".*?</ul>', page(client, "/en/network"), re.S)
    assert "Around KIC Knowledge &amp; Innovation Community" in legend.group(0)
    assert "Community 1" not in legend.group(0)
    legend = re.search(r'<ul class="network-legend".*?</ul>', page(client, "/zh/network"), re.S)
    assert "以创智天地为中心" in legend.group(0)


def test_names_come_in_sets_for_wide_screens_phones_and_zoom(client: FlaskClient) -> None:
    hub = make_partner("hub", name_en="Hub Partner")
    spokes = [make_partner(f"s{i}", name_en=f"Spoke Partner Number {i}") for i in range(60)]
    db.session.add_all(
        [Link(source_id=hub.id, target_id=s.id, kind="mou", weight=1) for s in spokes]
    )
    db.session.commit()
    html = page(client, "/en/network")
    sets = dict(re.findall(r'<g class="labels labels-([\w-]+)"[^>]*>(.*?)</g>', html, re.S))
    assert set(sets) == {"wide", "wide-zoom", "narrow", "narrow-zoom"}
    counts = {name: body.count("<text") for name, body in sets.items()}
    assert 0 < counts["narrow"] <= 10 and counts["narrow"] < counts["wide"] <= 30
    assert counts["wide"] < counts["wide-zoom"]
    for body in sets.values():  # the most central partner is always named first
        assert re.search(r"<text[^>]*>([^<]+)</text>", body).group(1) == "Hub Partner"
