"""The local graph's layout: a concept in the middle, each ring one link further out.

The global layout places ten thousand concepts so that clusters show; around one concept it
packs neighbours so close that their labels overlap. The local view lays its few concepts out
again: rings by distance, neighbours grouped by relation, each concept near the one that
leads to it, and the rings spread until no two concepts' boxes (disc and label) touch.
"""

from __future__ import annotations

import math
from collections.abc import Collection, Mapping

import networkx as nx

from app.core.graph import relations_of

__all__ = ["Box", "radial_layout", "overlapping"]

#: A concept's extent around its position: left, top, width, height (its disc and label).
Box = tuple[float, float, float, float]

#: Distance between two rings at least, in scene units.
RING_STEP = 170.0
#: Clear space kept between any two boxes.
MARGIN = 10.0
#: A long ring becomes a band of at most this many concentric circles.
MAX_BANDS = 4
_DEFAULT_BOX: Box = (-60.0, -15.0, 120.0, 40.0)


def radial_layout(
    graph: nx.MultiDiGraph,
    centre: str,
    members: Collection[str],
    boxes: Mapping[str, Box] | None = None,
) -> dict[str, tuple[float, float]]:
    """Positions for `members` (which include `centre`), with `centre` at (0, 0).

    Ring 1 follows the centre's relations in their usual order (prerequisites together, then
    what it leads to, its parts...). Each later concept goes where its links into the ring
    inside point, on average, so few links cross. A member reached only through concepts
    left out sits on the ring of its distance in the whole graph, by its nearest shown
    ancestor; one not reached at all, on a ring of its own outside. Same input, same output.
    """
    if centre not in graph:
        return {}
    kept = set(members) | {centre}
    rings, parent = _rings(graph, centre, kept)
    angles = _angles(rings, parent, _links_among(graph, kept))
    boxes = boxes or {}
    box = {node: boxes.get(node, _DEFAULT_BOX) for ring in rings for node in ring}
    ring_of = {node: depth for depth, ring in enumerate(rings) for node in ring}
    radii = [0.0]
    bands = [1]
    for ring in rings[1:]:
        # A circumference with room for the ring's boxes side by side. A ring too long for
        # one circle near the one inside becomes a band of concentric circles, its concepts
        # taking turns, so a deep neighbourhood stays compact instead of one huge ring.
        around = sum(box[node][2] + MARGIN for node in ring) / (2 * math.pi)
        inner = radii[-1] + (bands[-1] - 1) * _band_step(rings[len(radii) - 1], box)
        start = inner + RING_STEP
        count = min(MAX_BANDS, max(1, math.ceil(around / start))) if len(radii) > 1 else 1
        bands.append(count)
        radii.append(max(start, around / count))
    positions = _place(rings, radii, angles, bands, box)
    for _attempt in range(60):  # each step spreads a clash's ring and those outside it
        clashes = overlapping(positions, box)
        if not clashes:
            break
        first = min(max(ring_of[a], ring_of[b]) for a, b in clashes)
        growth = [1.0 if depth < first else 1.1 for depth in range(len(radii))]
        radii = [r * g for r, g in zip(radii, growth, strict=True)]
        positions = _place(rings, radii, angles, bands, box)
    return positions


def _band_step(ring: list[str], box: Mapping[str, Box]) -> float:
    """Distance between the circles of one ring's band: its tallest box and a margin."""
    return max((box[node][3] for node in ring), default=0.0) + MARGIN


def _links_among(graph: nx.MultiDiGraph, kept: set[str]) -> dict[str, set[str]]:
    """Each kept concept's linked concepts that are kept too, either direction."""
    near: dict[str, set[str]] = {node: set() for node in kept}
    for node in kept:
        for other in (*graph.successors(node), *graph.predecessors(node)):
            if other in kept and other != node:
                near[node].add(other)
    return near


def _rings(
    graph: nx.MultiDiGraph, centre: str, members: set[str]
) -> tuple[list[list[str]], dict[str, str]]:
    """Members by distance from `centre`, in display order, and each one's nearest parent.

    Breadth-first over the whole graph (a member may be reached through a concept that is
    left out), visiting a concept's neighbours in `relations_of` order.
    """
    order: list[list[str]] = [[centre]]
    parent: dict[str, str] = {}
    seen = {centre}
    frontier = [centre]
    found = 1
    while frontier and found < len(members):
        next_frontier: list[str] = []
        for node in frontier:
            for _relation, ids in relations_of(graph, node):
                for other in ids:
                    if other not in seen:
                        seen.add(other)
                        parent[other] = node
                        next_frontier.append(other)
                        found += other in members
        order.append(next_frontier)
        frontier = next_frontier
    rings = [[node for node in ring if node in members] for ring in order]
    rings = [ring for ring in rings if ring]
    unreached = sorted(members - seen)
    if unreached:
        rings.append(unreached)
    # The nearest ancestor that is shown: the one to sit next to.
    shown_parent: dict[str, str] = {}
    for ring in rings[1:]:
        for node in ring:
            up = parent.get(node)
            while up is not None and up not in members:
                up = parent.get(up)
            if up is not None:
                shown_parent[node] = up
    return rings, shown_parent


def _angles(
    rings: list[list[str]], parent: Mapping[str, str], near: Mapping[str, set[str]]
) -> dict[str, float]:
    """Each concept's angle around the centre; the same at every spread of the rings.

    Ring 1 keeps its order, from the top clockwise. A concept further out wants the mean
    angle of its links into the ring inside (its shown parent's, if it has none there);
    its ring is sorted by that, cut at the widest gap, and turned so that on the whole
    each concept sits at the angle it wants.
    """
    angles: dict[str, float] = {rings[0][0]: 0.0}
    inner = set(rings[0])
    for depth, ring in enumerate(rings[1:], start=1):
        step = 2 * math.pi / len(ring)
        if depth == 1:
            order, offset = ring, -math.pi / 2
        else:
            wanted = {}
            for node in ring:
                pulls = [angles[m] for m in near[node] if m in inner]
                if not pulls and parent.get(node) in angles:
                    pulls = [angles[parent[node]]]
                wanted[node] = _mean_angle(pulls) if pulls else 0.0
            start = _widest_gap_end(sorted(wanted.values()))
            order = sorted(ring, key=lambda n: ((wanted[n] - start) % (2 * math.pi), n))
            offset = _mean_angle([wanted[n] - i * step for i, n in enumerate(order)])
        for index, node in enumerate(order):
            angles[node] = offset + index * step
        inner = set(ring)
    return angles


def _widest_gap_end(values: list[float]) -> float:
    """Of angles sorted ascending, the one after the widest empty arc: where a circle cuts."""
    if len(values) < 2:
        return values[0] if values else 0.0
    full = 2 * math.pi
    gaps = [((values[(i + 1) % len(values)] - v) % full, i) for i, v in enumerate(values)]
    _gap, before = max(gaps)
    return values[(before + 1) % len(values)]


def _place(
    rings: list[list[str]],
    radii: list[float],
    angles: Mapping[str, float],
    bands: list[int],
    box: Mapping[str, Box],
) -> dict[str, tuple[float, float]]:
    positions: dict[str, tuple[float, float]] = {}
    for ring, radius, count in zip(rings, radii, bands, strict=True):
        step = _band_step(ring, box)
        by_angle = sorted(ring, key=lambda n: (angles[n] % (2 * math.pi), n))
        for index, node in enumerate(by_angle):
            angle = angles[node]
            at = radius + (index % count) * step
            positions[node] = (round(at * math.cos(angle), 2), round(at * math.sin(angle), 2))
    return positions


def _mean_angle(angles: list[float]) -> float:
    x = sum(math.cos(a) for a in angles)
    y = sum(math.sin(a) for a in angles)
    return math.atan2(y, x) if (x or y) else angles[0]


def overlapping(
    positions: Mapping[str, tuple[float, float]], boxes: Mapping[str, Box]
) -> list[tuple[str, str]]:
    """Pairs of concepts whose boxes, placed at `positions`, come closer than `MARGIN`."""
    placed = []
    for node, (x, y) in positions.items():
        left, top, width, height = boxes.get(node, _DEFAULT_BOX)
        placed.append((x + left, y + top, x + left + width, y + top + height, node))
    placed.sort()
    pairs: list[tuple[str, str]] = []
    for i, (_left, top, right, bottom, node) in enumerate(placed):
        for other in placed[i + 1 :]:
            if other[0] >= right + MARGIN:
                break  # sorted by left edge: nothing further right can touch this one
            if other[1] < bottom + MARGIN and top < other[3] + MARGIN:
                pairs.append((node, other[4]))
    return pairs
