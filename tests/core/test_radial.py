"""The local graph's layout: rings by distance, relations grouped, no two boxes touching."""

from __future__ import annotations

import math

import pytest

from app.core.graph import build_graph, neighbourhood
from app.core.model import ConceptSummary, Link, Text
from app.core.radial import MARGIN, overlapping, radial_layout
from app.core.store import ContentStore


def _graph(links: list[tuple[str, str, str]]):  # noqa: ANN202
    ids = sorted({end for a, b, _k in links for end in (a, b)})
    summaries = [ConceptSummary(i, Text(i, i), "c") for i in ids]
    return build_graph(summaries, [Link(a, b, k) for a, b, k in links])


def _distance(point: tuple[float, float]) -> float:
    return math.hypot(*point)


def test_rings_by_distance_with_the_centre_in_the_middle() -> None:
    graph = _graph([
        ("a", "hub", "prerequisite-of"), ("hub", "b", "prerequisite-of"),
        ("c", "hub", "part-of"), ("b", "b2", "related-to"), ("b2", "b3", "related-to"),
    ])  # fmt: skip
    members = neighbourhood(graph, "hub", 3)
    layout = radial_layout(graph, "hub", members)
    assert set(layout) == members and layout["hub"] == (0.0, 0.0)
    ring1 = {_distance(layout[n]) for n in ("a", "b", "c")}
    assert len({round(r, 1) for r in ring1}) == 1  # one ring
    assert min(ring1) < _distance(layout["b2"]) < _distance(layout["b3"])
    assert radial_layout(graph, "hub", members) == layout  # same input, same output
    assert radial_layout(graph, "nope", members) == {}


def test_ring_one_follows_the_relations_order_from_the_top() -> None:
    graph = _graph([
        ("z-prereq", "x", "prerequisite-of"), ("x", "a-next", "prerequisite-of"),
        ("x", "m-part", "part-of"),
    ])  # fmt: skip
    layout = radial_layout(graph, "x", {"x", "z-prereq", "a-next", "m-part"})
    first = layout["z-prereq"]  # prerequisites come first, whatever their names
    assert first[0] == pytest.approx(0.0, abs=0.01) and first[1] < 0  # straight up
    angles = [math.atan2(layout[n][1], layout[n][0]) % (2 * math.pi) for n in ("a-next", "m-part")]
    assert angles == sorted(angles)  # then clockwise on screen (y grows downwards)


def test_a_concept_sits_near_the_one_that_leads_to_it() -> None:
    links = [(f"p{i}", "centre", "related-to") for i in range(6)]
    links += [(f"p{i}", f"p{i}-child", "part-of") for i in range(6)]
    graph = _graph(links)
    layout = radial_layout(graph, "centre", set(graph))
    for i in range(6):
        child, parent = layout[f"p{i}-child"], layout[f"p{i}"]
        others = [layout[f"p{j}"] for j in range(6)]
        nearest = min(others, key=lambda p: math.dist(p, child))
        assert nearest == parent


def test_wide_labels_push_the_rings_apart_until_nothing_touches() -> None:
    graph = _graph([("centre", f"n{i}", "related-to") for i in range(12)])
    wide = {n: (-160.0, -12.0, 320.0, 44.0) for n in graph}  # long Korean titles, say
    layout = radial_layout(graph, "centre", set(graph), wide)
    assert overlapping(layout, wide) == []
    narrow = radial_layout(graph, "centre", set(graph))
    assert _distance(layout["n0"]) > _distance(narrow["n0"])


def test_a_member_reached_only_through_a_hidden_concept_keeps_its_distance() -> None:
    graph = _graph([("a", "hidden", "related-to"), ("hidden", "far", "related-to")])
    layout = radial_layout(graph, "a", {"a", "far"})  # the category of `hidden` is filtered out
    assert set(layout) == {"a", "far"} and _distance(layout["far"]) > 0


def test_overlapping_finds_touching_boxes_only() -> None:
    box = {n: (-10.0, -10.0, 20.0, 20.0) for n in "abc"}
    apart = {"a": (0.0, 0.0), "b": (20 + MARGIN + 1, 0.0), "c": (0.0, 20 + MARGIN + 1)}
    assert overlapping(apart, box) == []
    close = {"a": (0.0, 0.0), "b": (25.0, 5.0), "c": (500.0, 500.0)}
    assert overlapping(close, box) == [("a", "b")]


def test_every_bundled_neighbourhood_lays_out_clear(bundled_db) -> None:  # noqa: ANN001
    with ContentStore(bundled_db) as store:
        graph = build_graph(store.summaries(), store.links())
    for depth in (1, 2):
        for concept in graph:
            members = neighbourhood(graph, concept, depth)
            layout = radial_layout(graph, concept, members)
            assert set(layout) == members
            assert overlapping(layout, {}) == [], (concept, depth)
