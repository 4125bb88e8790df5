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
_DEFAULT_BOX: Box = (-60.0, -15.0, 120.0, 40.0)


def radial_layout(
    graph: nx.MultiDiGraph,
    centre: str,
    members: Collection[str],
    boxes: Mapping[str, Box] | None = None,
) -> dict[str, tuple[float, float]]:
    """Positions for `members` (which include `centre`), with `centre` at (0, 0).

    Ring 1 follows the centre's relations in their usual order (prerequisites together, then
    what it leads to, its parts...); each later ring follows the one inside it. A member
    reached only through concepts left out sits on the ring of its distance in the whole
    graph; one not reached at all, on a ring of its own outside. Same input, same output.
    """
    if centre not in graph:
        return {}
    rings, parent = _rings(graph, centre, set(members) | {centre})
    boxes = boxes or {}
    box = {node: boxes.get(node, _DEFAULT_BOX) for ring in rings for node in ring}
    radii = [0.0]
    for ring in rings[1:]:
        # Room on the circumference for the ring's widest box at every slot.
        widest = max(box[node][2] for node in ring) + MARGIN
        radii.append(max(radii[-1] + RING_STEP, len(ring) * widest / (2 * math.pi)))
    positions = _place(rings, radii, parent)
    for _attempt in range(40):  # every step spreads by 15%, so this always ends clear
        if not overlapping(positions, box):
            break
        radii = [r * 1.15 for r in radii]
        positions = _place(rings, radii, parent)
    return positions


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


def _place(
    rings: list[list[str]], radii: list[float], parent: Mapping[str, str]
) -> dict[str, tuple[float, float]]:
    positions: dict[str, tuple[float, float]] = {rings[0][0]: (0.0, 0.0)}
    angles: dict[str, float] = {}
    for ring, radius in zip(rings[1:], radii[1:], strict=True):
        step = 2 * math.pi / len(ring)
        # Turn the ring so its concepts sit, on the whole, next to their parents: the mean
        # of each parent's angle less the slot's own. Ring 1 starts at the top.
        pulls = [
            angles[parent[n]] - i * step for i, n in enumerate(ring) if parent.get(n) in angles
        ]
        offset = _mean_angle(pulls) if pulls else -math.pi / 2
        for index, node in enumerate(ring):
            angle = offset + index * step
            angles[node] = angle
            positions[node] = (
                round(radius * math.cos(angle), 2),
                round(radius * math.sin(angle), 2),
            )
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
