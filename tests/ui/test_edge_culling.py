"""A zoomed-in frame finds every edge that crosses it, long diagonal ones included, and draws as before."""

from __future__ import annotations

import random

from PySide6.QtCore import QPointF, QRectF
from PySide6.QtGui import QImage, QPainter

from app.core.model import Category, ConceptSummary, Link, Text
from app.ui.graph_items import GraphScene
from app.ui.graph_layers import EdgesItem, _clip

CATEGORY = [Category("k", Text("K", "케이"), "#1e88e5")]


def _scene(seed: int) -> GraphScene:
    """3,000 concepts scattered over 60,000 units and 3,000 links between any two of them:
    most edges cross many grid cells, at every slope."""
    rng = random.Random(seed)
    ids = [f"c{i}" for i in range(3000)]
    summaries = [ConceptSummary(cid, Text(cid, cid), "k") for cid in ids]
    positions = {cid: (rng.uniform(-30_000, 30_000), rng.uniform(-30_000, 30_000)) for cid in ids}
    positions["c1"] = (positions["c0"][0], positions["c0"][1] + 5_000)  # one vertical edge
    positions["c3"] = (positions["c2"][0] + 5_000, positions["c2"][1])  # and one level edge
    links = [Link("c0", "c1", "related-to"), Link("c2", "c3", "part-of")]
    links += [Link(rng.choice(ids), rng.choice(ids), "related-to") for _ in range(3000)]
    scene = GraphScene()
    scene.set_graph(summaries, links, positions, CATEGORY, {cid: 1 for cid in ids})
    return scene


def _crossing(edges: EdgesItem, rect: QRectF) -> set[int]:
    """Every shown edge that crosses `rect`, found by clipping each one."""
    return {
        index
        for index, (_link, line) in enumerate(edges._prepare())
        if _clip(line, rect) is not None
    }


def test_the_grids_find_every_edge_that_crosses_a_view(qtbot) -> None:  # noqa: ANN001
    scene = _scene(7)
    edges = scene.edges
    assert edges is not None
    shown = edges._prepare()
    assert edges._indexed and len(shown) > EdgesItem.GRID_FROM
    rng = random.Random(11)
    found_some = 0
    for _ in range(300):
        width, height = rng.choice([(1280, 800), (400, 300), (6000, 4000)])
        rect = QRectF(rng.uniform(-32_000, 30_000), rng.uniform(-32_000, 30_000), width, height)
        near = {id(line) for _link, line in edges._near(rect)}
        crossing = _crossing(edges, rect)
        assert {id(shown[i][1]) for i in crossing} <= near
        found_some += bool(crossing)
    assert found_some > 100  # the views did cross edges
    # And the grids keep the search narrow: a 1:1 view looks at a few of the 3,000 edges.
    view = QRectF(-640, -400, 1280, 800)
    assert len(edges._near(view)) < 10 * max(len(_crossing(edges, view)), 10)


def test_a_moved_node_takes_its_edges_to_their_new_cells(qtbot) -> None:  # noqa: ANN001
    scene = _scene(3)
    edges = scene.edges
    assert edges is not None
    edges._near(QRectF(0, 0, 100, 100))  # the grids are built
    scene.nodes["c0"].setPos(QPointF(25_000, -25_000))
    for rect in (QRectF(24_900, -25_100, 200, 200), QRectF(-500, -500, 1000, 1000)):
        near = {id(line) for _link, line in edges._near(rect)}
        assert {id(edges._prepare()[i][1]) for i in _crossing(edges, rect)} <= near
    # Rebuilt from scratch, the same frame draws the same pixels.
    image = _render(scene, QRectF(24_000, -26_000, 2000, 2000))
    scene.set_shown(None)
    assert _render(scene, QRectF(24_000, -26_000, 2000, 2000)) == image


def _render(scene: GraphScene, area: QRectF) -> QImage:
    image = QImage(400, 400, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(0)
    painter = QPainter(image)
    scene.render(painter, QRectF(0, 0, 400, 400), area)
    painter.end()
    return image
