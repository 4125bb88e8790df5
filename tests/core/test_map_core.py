"""The map's core: clustered regions in the layout, and names placed by priority without overlap."""

from __future__ import annotations

import math
import random
from collections import defaultdict

import pytest

from app.core.labels import Candidate, overlaps, place_labels
from app.core.layout import SPACING, compute_layout, region_centres

# -- layout ------------------------------------------------------------------------------


def _clustered_graph(seed: int, groups: int = 6, per: int = 25) -> tuple[list[str], list, dict]:
    rng = random.Random(seed)
    nodes = [f"g{g}-n{i}" for g in range(groups) for i in range(per)]
    group_of = {n: n.split("-")[0] for n in nodes}
    edges = []
    for n in nodes:
        same = [m for m in nodes if group_of[m] == group_of[n] and m != n]
        edges += [(n, rng.choice(same)) for _ in range(2)]
        if rng.random() < 0.15:  # a few links across categories
            edges.append((n, rng.choice(nodes)))
    return nodes, edges, group_of


def test_each_category_gets_a_region_of_its_own() -> None:
    nodes, edges, group_of = _clustered_graph(1)
    positions = compute_layout(nodes, edges, groups=group_of)
    centres = region_centres(positions, group_of)
    # Nearly every concept is nearer its own region's centre than any other region's.
    at_home = sum(
        min(centres, key=lambda g: math.dist(positions[n], centres[g])) == group_of[n]
        for n in nodes
    )
    assert at_home / len(nodes) >= 0.97
    # Regions do not overlap: the discs around their members are apart.
    reach = defaultdict(float)
    for n in nodes:
        g = group_of[n]
        reach[g] = max(reach[g], math.dist(positions[n], centres[g]))
    for a in centres:
        for b in centres:
            if a < b:
                assert math.dist(centres[a], centres[b]) >= reach[a] + reach[b]


def test_layout_is_deterministic_and_spaced() -> None:
    nodes, edges, group_of = _clustered_graph(2)
    first = compute_layout(nodes, edges, seed=5, groups=group_of)
    assert first == compute_layout(nodes, edges, seed=5, groups=group_of)
    assert first != compute_layout(nodes, edges, seed=6, groups=group_of)
    # No two concepts on top of each other: labels need room.
    points = sorted(first.values())
    closest = min(math.dist(a, b) for i, a in enumerate(points) for b in points[i + 1 : i + 8])
    assert closest > SPACING / 10


def test_layout_of_odd_inputs() -> None:
    assert compute_layout([], []) == {}
    assert compute_layout(["a"], [], groups={"a": "x"}) == {"a": (0.0, 0.0)}
    lonely = compute_layout(["a", "b", "c"], [], groups={"a": "x", "b": "y", "c": "y"})
    assert set(lonely) == {"a", "b", "c"} and len(set(lonely.values())) == 3


# -- labels ------------------------------------------------------------------------------


def _all_apart(placed: dict) -> bool:
    rects = list(placed.values())
    return not any(overlaps(a, b, 0) for i, a in enumerate(rects) for b in rects[i + 1 :])


def test_higher_priority_wins_a_contested_place() -> None:
    spot = (10.0, 10.0, 50.0, 14.0)
    placed = place_labels([Candidate("first", [spot]), Candidate("second", [spot])])
    assert placed == {"first": spot}


def test_a_label_takes_its_next_place_when_the_first_is_taken() -> None:
    below, right = (0.0, 20.0, 40.0, 14.0), (30.0, 0.0, 40.0, 14.0)
    placed = place_labels([Candidate("a", [below]), Candidate("b", [below, right])])
    assert placed == {"a": below, "b": right}


def test_forced_labels_are_always_placed_and_unforced_stay_in_bounds() -> None:
    spot = (0.0, 0.0, 30.0, 10.0)
    outside = (500.0, 500.0, 30.0, 10.0)
    placed = place_labels(
        [
            Candidate("taken", [spot]),
            Candidate("forced", [spot], forced=True),
            Candidate("out", [outside]),
            Candidate("forced-out", [outside], forced=True),
        ],
        bounds=(0.0, 0.0, 200.0, 200.0),
    )
    assert placed["forced"] == spot and placed["forced-out"] == outside
    assert "out" not in placed


def test_blocked_areas_take_no_unforced_label() -> None:
    legend = (0.0, 100.0, 80.0, 100.0)
    placed = place_labels(
        [Candidate("under", [(10.0, 120.0, 30.0, 10.0)]), Candidate("free", [(100, 0, 30, 10)])],
        bounds=(0.0, 0.0, 200.0, 200.0),
        blocked=[legend],
    )
    assert set(placed) == {"free"}


@pytest.mark.parametrize("seed", range(5))
def test_random_crowds_never_overlap_and_stop_when_full(seed: int) -> None:
    rng = random.Random(seed)
    candidates = []
    for i in range(3000):
        x, y, w = rng.uniform(0, 800), rng.uniform(0, 500), rng.uniform(20, 160)
        candidates.append(Candidate(i, [(x, y, w, 15.0), (x + 10, y - 20, w, 15.0)]))
    seen = []

    def counted():
        for c in candidates:
            seen.append(c.key)
            yield c

    placed = place_labels(counted(), bounds=(0.0, 0.0, 800.0, 500.0), max_misses=100)
    assert _all_apart(placed) and len(placed) > 50
    assert len(seen) < len(candidates)  # a full screen stops the walk early
    assert list(placed) == sorted(placed)  # placed in priority order


def test_a_thread_drawing_random_numbers_meanwhile_does_not_move_the_map() -> None:
    import random
    import threading

    nodes, edges, group_of = _clustered_graph(2)
    alone = compute_layout(nodes, edges, seed=5, groups=group_of)
    stop = threading.Event()

    def draw() -> None:  # as FSRS's fuzzing or any library on another thread might
        while not stop.is_set():
            random.random()

    drawer = threading.Thread(target=draw)
    drawer.start()
    try:
        beside = [compute_layout(nodes, edges, seed=5, groups=group_of) for _ in range(5)]
    finally:
        stop.set()
        drawer.join()
    assert all(layout == alone for layout in beside)
