"""Graph layout: seeded Fruchterman-Reingold with igraph's C core (near-linear, grid-based)."""

from __future__ import annotations

import math
import random
from collections.abc import Iterable, Sequence

__all__ = ["LAYOUT_VERSION", "compute_layout"]

#: Part of the layout cache key: bump when the algorithm or its parameters change.
LAYOUT_VERSION = 2

#: Room per node in scene units: the side of the square each node gets on average.
SPACING = 110.0


def compute_layout(
    node_ids: Sequence[str],
    edges: Iterable[tuple[str, str]],
    seed: int = 42,
) -> dict[str, tuple[float, float]]:
    """Positions for `node_ids`, the same for the same input and seed."""
    import igraph  # imported here: only building a pack needs it

    if not node_ids:
        return {}
    index = {node: i for i, node in enumerate(node_ids)}
    pairs = sorted(
        {
            tuple(sorted((index[a], index[b])))
            for a, b in edges
            if a in index and b in index and a != b
        }
    )
    graph = igraph.Graph(n=len(node_ids), edges=pairs, directed=False)
    state = random.getstate()
    random.seed(seed)  # igraph draws from Python's `random`
    try:
        grid = "grid" if len(node_ids) > 1000 else "nogrid"
        coords = graph.layout_fruchterman_reingold(niter=500, grid=grid).coords
    finally:
        random.setstate(state)
    return _scaled(node_ids, coords)


def _scaled(node_ids: Sequence[str], coords: list[list[float]]) -> dict[str, tuple[float, float]]:
    """Centre the layout and scale it so each node has about `SPACING`² of room.

    Scaling by area rather than by edge length keeps big graphs from being squeezed by their
    few long edges, so labels have room at the same zoom whatever the size.
    """
    xs = [c[0] for c in coords]
    ys = [c[1] for c in coords]
    area = max(max(xs) - min(xs), 1e-9) * max(max(ys) - min(ys), 1e-9)
    factor = SPACING * math.sqrt(len(coords) / area) if len(coords) > 1 else 1.0
    cx, cy = sum(xs) / len(xs), sum(ys) / len(ys)
    return {
        node: (round((x - cx) * factor, 2), round((y - cy) * factor, 2))
        for node, (x, y) in zip(node_ids, coords, strict=True)
    }
