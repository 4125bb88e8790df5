"""Graph layout as a map: each category a region of its own, laid out with igraph's C core.

Two levels. Inside each category, seeded Fruchterman-Reingold over the links between its
concepts (plus a weak hub that keeps unlinked concepts in the region) gives a disc whose area
grows with the number of concepts. The categories themselves are placed by Fruchterman-Reingold
over a graph weighted by how many links join them, so categories that talk to each other sit
side by side; the discs are then pushed apart until no two regions overlap, and each region
is turned so that its links to other categories point towards them (short cross links).
"""

from __future__ import annotations

import math
import random
import threading
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager

__all__ = ["LAYOUT_VERSION", "compute_layout", "region_centres"]

#: Part of the layout cache key: bump when the algorithm or its parameters change.
LAYOUT_VERSION = 3
#: The seed every map is laid out with: the same pack always gives the same map.
LAYOUT_SEED = 42

#: Room per node in scene units: the side of the square each node gets on average.
SPACING = 110.0
#: Clear space between two regions, in scene units.
REGION_GAP = 0.6 * SPACING
#: Turns tried for each region (evenly spaced over a full circle).
TURNS = 12
#: Pull of the hub that keeps a category's concepts together, against a link's 1.0.
HUB_WEIGHT = 0.15
#: From this many nodes a region uses igraph's grid-based variant (exact below it).
GRID_FROM = 400

Point = tuple[float, float]


def compute_layout(
    node_ids: Sequence[str],
    edges: Iterable[tuple[str, str]],
    seed: int = LAYOUT_SEED,
    groups: Mapping[str, str] | None = None,
) -> dict[str, Point]:
    """Positions for `node_ids`, the same for the same input and seed.

    `groups` maps a node to its category; nodes of one category share a region. Without it
    the whole graph is one region.
    """
    if not node_ids:
        return {}
    group_of = {node: (groups or {}).get(node, "") for node in node_ids}
    members: dict[str, list[str]] = defaultdict(list)
    for node in node_ids:  # categories in order of first appearance: stable
        members[group_of[node]].append(node)
    pairs = sorted(
        {(min(a, b), max(a, b)) for a, b in edges if a in group_of and b in group_of and a != b}
    )
    with _seeded(seed):
        inner: dict[str, list[tuple[str, str]]] = defaultdict(list)
        for a, b in pairs:
            if group_of[a] == group_of[b]:
                inner[group_of[a]].append((a, b))
        regions = {group: _region(nodes, inner[group]) for group, nodes in members.items()}
        centres = _place_regions(list(members), regions, pairs, group_of)
    positions: dict[str, Point] = {}
    for group, local in regions.items():
        positions.update(_turned(group, local, centres, pairs, group_of))
    return {node: (round(x, 2), round(y, 2)) for node, (x, y) in positions.items()}


def region_centres(positions: Mapping[str, Point], groups: Mapping[str, str]) -> dict[str, Point]:
    """The centre of each group's nodes: where its name goes on the map."""
    sums: dict[str, list[float]] = {}
    for node, (x, y) in positions.items():
        group = groups.get(node)
        if group is None:
            continue
        total = sums.setdefault(group, [0.0, 0.0, 0.0])
        total[0] += x
        total[1] += y
        total[2] += 1
    return {group: (sx / n, sy / n) for group, (sx, sy, n) in sums.items()}


_IGRAPH_RNG = threading.Lock()


@contextmanager
def _seeded(seed: int) -> Iterator[None]:
    """igraph drawing from its own generator seeded with `seed`, one layout at a time.

    igraph draws from Python's `random` module by default: seeding that made a layout
    depend on every other thread that drew a random number meanwhile (a thread calling
    `random.random()` changed all 50 of 50 layouts of the same graph). A private
    `random.Random(seed)` gives the same numbers as seeding the module did, so the same
    layouts, and no other thread can take any of them.
    """
    import igraph  # imported here: only building a pack needs it

    with _IGRAPH_RNG:
        igraph.set_random_number_generator(random.Random(seed))
        try:
            yield
        finally:
            igraph.set_random_number_generator(random)


def _fruchterman_reingold(
    count: int, pairs: list[tuple[int, int]], weights: list[float] | None, niter: int = 500
) -> list[list[float]]:
    import igraph  # imported here: only building a pack needs it

    graph = igraph.Graph(n=count, edges=pairs, directed=False)
    if count > GRID_FROM:  # the grid variant is near-linear; fewer steps suffice for it
        return graph.layout_fruchterman_reingold(
            weights=weights, niter=niter // 3, grid="grid"
        ).coords
    return graph.layout_fruchterman_reingold(weights=weights, niter=niter, grid="nogrid").coords


def _region(nodes: list[str], links: list[tuple[str, str]]) -> dict[str, Point]:
    """One category laid out around (0, 0), in a disc of about `SPACING`² per node."""
    if len(nodes) == 1:
        return {nodes[0]: (0.0, 0.0)}
    index = {node: i for i, node in enumerate(nodes)}
    inner = [(index[a], index[b]) for a, b in links]
    hub = len(nodes)
    coords = _fruchterman_reingold(
        len(nodes) + 1,
        inner + [(i, hub) for i in range(len(nodes))],
        [1.0] * len(inner) + [HUB_WEIGHT] * len(nodes),
    )[: len(nodes)]
    cx = sum(c[0] for c in coords) / len(coords)
    cy = sum(c[1] for c in coords) / len(coords)
    reach = max(math.hypot(x - cx, y - cy) for x, y in coords) or 1.0
    factor = _radius(len(nodes)) / reach
    return {
        node: ((x - cx) * factor, (y - cy) * factor)
        for node, (x, y) in zip(nodes, coords, strict=True)
    }


def _radius(count: int) -> float:
    """A region's radius: a disc with a little more than `SPACING`² per node."""
    return max(SPACING * math.sqrt(1.2 * count / math.pi), 0.5 * SPACING)


def _place_regions(
    order: list[str],
    regions: Mapping[str, Mapping[str, Point]],
    pairs: list[tuple[str, str]],
    group_of: Mapping[str, str],
) -> dict[str, Point]:
    """Each region's centre: linked categories near each other, no two regions overlapping."""
    if len(order) == 1:
        return {order[0]: (0.0, 0.0)}
    index = {group: i for i, group in enumerate(order)}
    weight: dict[tuple[int, int], int] = defaultdict(int)
    for a, b in pairs:
        ga, gb = index[group_of[a]], index[group_of[b]]
        if ga != gb:
            weight[(min(ga, gb), max(ga, gb))] += 1
    links = sorted(weight)
    coords = _fruchterman_reingold(
        len(order), links, [float(weight[link]) for link in links] or None, niter=1000
    )
    radius = [_radius(len(regions[group])) for group in order]
    # Scale so that close categories roughly touch, then push apart the ones that overlap.
    gaps = sorted(
        math.dist(coords[i], coords[j]) for i in range(len(order)) for j in range(i + 1, len(order))
    )
    typical = gaps[len(gaps) // 4] or 1.0
    scale = 2 * sum(radius) / len(radius) / typical
    centre = [[x * scale, y * scale] for x, y in coords]
    for _sweep in range(500):
        moved = False
        for i in range(len(order)):
            for j in range(i + 1, len(order)):
                dx = centre[j][0] - centre[i][0]
                dy = centre[j][1] - centre[i][1]
                distance = math.hypot(dx, dy) or 1e-6
                need = radius[i] + radius[j] + REGION_GAP
                if distance < need - 1e-6:
                    push = (need - distance) / (2 * distance)
                    centre[i][0] -= dx * push
                    centre[i][1] -= dy * push
                    centre[j][0] += dx * push
                    centre[j][1] += dy * push
                    moved = True
        if not moved:
            break
    cx = sum(c[0] for c in centre) / len(centre)
    cy = sum(c[1] for c in centre) / len(centre)
    return {group: (centre[i][0] - cx, centre[i][1] - cy) for group, i in index.items()}


def _turned(
    group: str,
    local: Mapping[str, Point],
    centres: Mapping[str, Point],
    pairs: list[tuple[str, str]],
    group_of: Mapping[str, str],
) -> dict[str, Point]:
    """The region moved to its centre and turned so its cross links are shortest."""
    cx, cy = centres[group]
    reaching: list[tuple[float, float, float, float]] = []  # local x, y -> other region x, y
    for a, b in pairs:
        if (group_of[a] == group) == (group_of[b] == group):
            continue
        inside, other = (a, b) if group_of[a] == group else (b, a)
        ox, oy = centres[group_of[other]]
        reaching.append((*local[inside], ox - cx, oy - cy))
    best_turn, best_cost = 0.0, math.inf
    for step in range(TURNS if reaching else 1):
        turn = 2 * math.pi * step / TURNS
        cos, sin = math.cos(turn), math.sin(turn)
        cost = sum(
            math.hypot(x * cos - y * sin - ox, x * sin + y * cos - oy) for x, y, ox, oy in reaching
        )
        if cost < best_cost - 1e-9:
            best_turn, best_cost = turn, cost
    cos, sin = math.cos(best_turn), math.sin(best_turn)
    return {
        node: (cx + x * cos - y * sin, cy + x * sin + y * cos) for node, (x, y) in local.items()
    }
