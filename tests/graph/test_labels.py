"""Names on the network picture: the most central first, never two overlapping (pure)."""

import random
from itertools import combinations

from hypothesis import given, settings
from hypothesis import strategies as st

from graph.labels import Candidate, circle_box, overlaps, place_labels, text_width

BOUNDS = (0.0, 0.0, 1000.0, 680.0)


def _crowd(n: int, seed: int = 7) -> list[Candidate]:
    rng = random.Random(seed)
    return [
        Candidate(i, rng.uniform(0, 1000), rng.uniform(0, 680), rng.uniform(3, 14), f"Partner {i}")
        for i in range(n)
    ]


def _assert_readable(placed, bounds=BOUNDS) -> None:
    for a, b in combinations(placed, 2):
        assert not overlaps(a.box, b.box), (a, b)
    for label in placed:
        left, top, right, bottom = label.box
        assert bounds[0] <= left and right <= bounds[2] and bounds[1] <= top and bottom <= bounds[3]


def test_a_crowded_centre_gets_no_overlapping_names() -> None:
    crowd = [Candidate(i, 500 + i % 5, 340 + i // 5, 6, f"Innovation Base {i}") for i in range(40)]
    placed = place_labels(crowd, 11, BOUNDS)
    _assert_readable(placed)
    assert 2 <= len(placed) < 10
    assert placed[0].id == 0 and placed[0].anchor == "middle"  # the first is the most central


def test_names_move_aside_rather_than_vanish() -> None:
    pair = [Candidate(1, 500, 300, 5, "Fudan"), Candidate(2, 500, 316, 5, "Tongji")]
    placed = place_labels(pair, 11, BOUNDS)
    assert [label.id for label in placed] == [1, 2]
    _assert_readable(placed)


def test_the_limit_and_the_edges_of_the_picture_hold() -> None:
    placed = place_labels(_crowd(500), 11, BOUNDS, limit=30)
    assert len(placed) == 30
    _assert_readable(placed)
    corner = place_labels([Candidate(1, 24, 24, 3, "Corner partner")], 11, BOUNDS)
    _assert_readable(corner)
    assert corner and corner[0].anchor == "start"  # neither above, below nor left fits


def test_chinese_names_are_measured_wider() -> None:
    assert text_width("长阳创谷", 10) == 40
    assert text_width("KIC", 10) < text_width("创智", 10)


@settings(max_examples=25, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.floats(0, 1000),
            st.floats(0, 680),
            st.floats(0, 20),
            st.text(min_size=1, max_size=30),
        ),
        max_size=80,
    ),
    st.sampled_from([5.5, 11.0, 30.0]),
)
def test_no_two_placed_names_ever_overlap(nodes, size) -> None:
    candidates = [Candidate(i, x, y, r, text) for i, (x, y, r, text) in enumerate(nodes)]
    placed = place_labels(candidates, size, BOUNDS)
    _assert_readable(placed)
    assert len({label.id for label in placed}) == len(placed)


def test_no_name_hides_a_circle_given_as_an_obstacle() -> None:
    hub, neighbour = Candidate(1, 500, 300, 10, "Delta Alliance Office"), (500, 276, 8)
    placed = place_labels([hub], 12, BOUNDS, obstacles=[circle_box(*neighbour)])
    assert len(placed) == 1 and placed[0].y > hub.y  # above is taken: below it goes
    assert not overlaps(placed[0].box, circle_box(*neighbour))
