"""The graph scene: a record per concept, items where needed, and batched edge, disc and dot layers."""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping

from PySide6.QtCore import QEasingCurve, QPointF, QRectF, Qt, QVariantAnimation
from PySide6.QtGui import QColor, QPen
from PySide6.QtWidgets import QGraphicsEllipseItem, QGraphicsScene

from app.core.layout import region_centres
from app.core.model import Category, ConceptSummary, Link, Text
from app.core.radial import Box
from app.ui.graph_labels import MapLabels
from app.ui.graph_layers import DiscsItem, DotsItem, EdgesItem
from app.ui.graph_nodes import Node, NodeGrid, NodeItem, NodeItems

__all__ = ["NodeItem", "GraphScene", "mastery_colour"]


def mastery_colour(value: float | None) -> QColor:
    """Grey for never studied; red → amber → green as retrievability rises."""
    if value is None:
        return QColor("#9e9e9e")
    value = max(0.0, min(1.0, value))
    if value < 0.5:
        return QColor.fromRgbF(0.85, 0.25 + 0.9 * value, 0.2)
    return QColor.fromRgbF(0.85 - 1.3 * (value - 0.5), 0.7, 0.25)


class GraphScene(QGraphicsScene):
    """Holds one graph: a `Node` per concept in `nodes`, their items and layers; knows which
    nodes are shown and which is hovered.

    Small graphs get a `NodeItem` per node up front. Big ones draw their nodes from the
    batched discs layer and get items only where the view needs them (`NodeItems`), so a
    10,000-concept graph opens without 10,000 Qt items.
    """

    #: How long nodes take to glide into a local layout and back.
    ARRANGE_MS = 350

    def __init__(self, parent: object = None) -> None:
        super().__init__(parent)  # type: ignore[arg-type]
        # The BSP index costs seconds to build on big scenes and every move re-indexes.
        self.setItemIndexMethod(QGraphicsScene.ItemIndexMethod.NoIndex)
        self.nodes: dict[str, Node] = {}
        self.node_items = NodeItems(self)
        self.max_radius = 0.0
        self.neighbours: dict[str, set[str]] = {}
        self.hovered: str | None = None
        #: The hovered node and its neighbours (None: nothing hovered, nothing dimmed).
        self.near: set[str] | None = None
        self.shown: set[str] | None = None  # None: every node
        self.lang = "en"
        self.label_colour = QColor("#202020")
        self.edges: EdgesItem | None = None
        self.dots: DotsItem | None = None
        self.discs: DiscsItem | None = None  # big graphs: the nodes without items
        self.dots_mode = False
        self.selected: str | None = None
        self.cursor: str | None = None
        self.categories: dict[str, Category] = {}
        #: Concept ids by importance (most links first): the order names are given room in.
        self.rank: list[str] = []
        self.search_hits: list[str] = []
        #: Bumped whenever nodes move or are shown or hidden: caches compare against it.
        self.version = 0
        self._regions: tuple[int, dict[str, tuple[float, float]]] = (-1, {})
        self._grid: tuple[int, NodeGrid] = (-1, NodeGrid(()))
        self.labels = MapLabels(self)
        self._halo: QGraphicsEllipseItem | None = None
        self._cursor_ring: QGraphicsEllipseItem | None = None
        # Nodes a local layout moved, and where each stood in the whole graph before.
        self.home: dict[str, QPointF] = {}
        self._targets: dict[str, QPointF] = {}
        self._starts: dict[str, QPointF] = {}
        self._moving = False  # nodes moved as one: layers refresh once per step, not per node
        self.animation = QVariantAnimation(self, startValue=0.0, endValue=1.0)
        self.animation.setDuration(self.ARRANGE_MS)
        self.animation.setEasingCurve(QEasingCurve.Type.InOutCubic)
        self.animation.valueChanged.connect(self._step)
        self.animation.finished.connect(self._targets.clear)
        self.animation.finished.connect(self.node_items.on_screen)

    def set_graph(
        self,
        summaries: Iterable[ConceptSummary],
        links: list[Link],
        positions: Mapping[str, tuple[float, float]],
        categories: Iterable[Category],
        degrees: Mapping[str, int],
    ) -> None:
        self.animation.stop()
        self.home = {}
        self._targets.clear()
        self.clear()
        self.nodes = {}
        self.neighbours = {}
        self.hovered, self.near, self.dots_mode = None, None, False
        self.categories = {c.id: c for c in categories}
        grey = QColor("#888888")
        colours = {c.id: QColor(c.colour) for c in self.categories.values()}
        pens = {cid: QPen(colour.darker(140), 1.5) for cid, colour in colours.items()}
        grey_pen = QPen(grey.darker(140), 1.5)
        for index, summary in enumerate(summaries):
            radius = 7 + 3.2 * math.sqrt(degrees.get(summary.id, 0))
            x, y = positions.get(
                summary.id,
                (math.cos(index) * 40 * math.sqrt(index), math.sin(index) * 40 * math.sqrt(index)),
            )
            category = summary.category
            node = Node(self, summary, radius, colours.get(category, grey),
                        pens.get(category, grey_pen), x, y, index)  # fmt: skip
            self.nodes[summary.id] = node
            self.neighbours[summary.id] = set()
        self.max_radius = max((node.radius for node in self.nodes.values()), default=0.0)
        for link in links:
            if link.source in self.nodes and link.target in self.nodes:
                self.neighbours[link.source].add(link.target)
                self.neighbours[link.target].add(link.source)
        self.node_items.reset(len(self.nodes))
        if not self.node_items.lazy:
            self.node_items.make(self.nodes.values())
        self.edges = EdgesItem(self, links)
        self.dots = DotsItem(self)
        self.dots.setVisible(False)
        self.addItem(self.edges)
        self.addItem(self.dots)
        self.discs = DiscsItem(self) if self.node_items.lazy else None
        if self.discs is not None:
            self.addItem(self.discs)
        self._halo = self._ring(QPen(QColor("#ffb300"), 5))
        dashed = QPen(QColor("#1e88e5"), 3, Qt.PenStyle.DashLine)
        self._cursor_ring = self._ring(dashed)
        self.selected = self.cursor = None
        self.search_hits = []
        self.rank = sorted(self.nodes, key=lambda cid: (-degrees.get(cid, 0), cid))
        self.labels.forget_texts()
        self._refresh_layers()
        self.setSceneRect(self.nodes_rect().adjusted(-400, -400, 400, 400))

    def grid(self) -> NodeGrid:
        """The shown nodes by cell, as they stand now."""
        version, grid = self._grid
        if version != self.version:
            shown = self.shown
            nodes = self.nodes.values()
            grid = NodeGrid(nodes if shown is None else (n for n in nodes if n.concept_id in shown))
            self._grid = (self.version, grid)
        return grid

    def _ring(self, pen: QPen) -> QGraphicsEllipseItem:
        ring = QGraphicsEllipseItem()
        ring.setPen(pen)
        ring.setBrush(Qt.BrushStyle.NoBrush)
        ring.setZValue(1.5)
        ring.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
        ring.setVisible(False)
        self.addItem(ring)
        return ring

    def _place_ring(
        self, ring: QGraphicsEllipseItem | None, concept_id: str | None, gap: float
    ) -> None:
        if ring is None:
            return
        node = self.nodes.get(concept_id) if concept_id else None
        if node is None:
            ring.setVisible(False)
            return
        r = node.radius + gap
        ring.setRect(-r, -r, 2 * r, 2 * r)
        ring.setPos(node.cx, node.cy)
        ring.setVisible(self.is_shown(node.concept_id))

    def set_selected(self, concept_id: str | None) -> None:
        self.selected = concept_id
        self._place_ring(self._halo, concept_id, 5)

    def set_cursor(self, concept_id: str | None) -> None:
        self.cursor = concept_id
        self._place_ring(self._cursor_ring, concept_id, 10)

    def set_mastery(self, mastery: Mapping[str, float | None] | None) -> None:
        """Ring every node in its mastery colour; None restores the category outline."""
        outlines: dict[int, QPen] = {}
        rings: dict[int, QPen] = {}
        for concept_id, node in self.nodes.items():
            if mastery is None:
                key = node.colour.rgba()
                pen = outlines.get(key)
                if pen is None:
                    pen = outlines[key] = QPen(node.colour.darker(140), 1.5)
            else:
                colour = mastery_colour(mastery.get(concept_id))
                pen = rings.get(colour.rgba())
                if pen is None:
                    pen = rings[colour.rgba()] = QPen(colour, 5)
            node.set_pen(pen)
        if self.discs is not None:
            self.discs.update()

    def nodes_rect(self, only_shown: bool = False, settled: bool = False) -> QRectF:
        """Around the nodes where they are, or (`settled`) where a running move leaves them."""
        if (not only_shown or self.shown is None) and (not settled or not self._targets):
            nodes = self.nodes.values()  # every node where it stands: 13 -> 5 ms at 10k
            xs = [node.cx for node in nodes]
            ys = [node.cy for node in nodes]
            return _around(xs, ys)
        xs = []
        ys = []
        for concept_id, node in self.nodes.items():
            if only_shown and not self.is_shown(concept_id):
                continue
            point = self._targets.get(concept_id) if settled else None
            xs.append(point.x() if point is not None else node.cx)
            ys.append(point.y() if point is not None else node.cy)
        return _around(xs, ys)

    def settled_pos(self, concept_id: str) -> QPointF:
        """Where a node stands once a running glide ends."""
        target = self._targets.get(concept_id)
        return target if target is not None else self.nodes[concept_id].pos()

    def is_shown(self, concept_id: str) -> bool:
        return self.shown is None or concept_id in self.shown

    def set_shown(self, shown: set[str] | None) -> None:
        """Show only `shown` (None: all). Hides items; never rebuilds the scene."""
        self.shown = shown
        self.node_items.sync_visible()
        self._refresh_layers()
        self.set_selected(self.selected)
        self.set_cursor(self.cursor)
        self.node_items.on_screen()

    def set_language(self, lang: str, label_colour: QColor) -> None:
        self.lang = lang
        self.label_colour = label_colour
        self.update()

    @property
    def dark(self) -> bool:
        """Drawn on a dark background (light text): edges take their dark-theme colours."""
        return self.label_colour.lightness() > 128

    def set_search_hits(self, concept_ids: list[str]) -> None:
        """Concepts the search box lists: named before others of their zoom."""
        self.search_hits = list(concept_ids)
        self.update()

    def region_centres(self) -> dict[str, tuple[float, float]]:
        """Where each category's name goes: the middle of its shown concepts."""
        version, centres = self._regions
        if version != self.version:
            positions = {
                cid: (node.cx, node.cy) for cid, node in self.nodes.items() if self.is_shown(cid)
            }
            groups = {cid: node.category for cid, node in self.nodes.items()}
            centres = region_centres(positions, groups)
            self._regions = (self.version, centres)
        return centres

    def set_level_of_detail(self, scale: float) -> None:
        """Arrows only when readable; dots instead of items far out on big graphs."""
        dots = len(self.nodes) > 1500 and scale < 0.22
        if self.edges is not None:
            arrows = scale >= 0.45
            if arrows != self.edges.arrows:
                self.edges.arrows = arrows
                self.edges.update()
        if dots != self.dots_mode:
            self.dots_mode = dots
            self.node_items.sync_visible()
            if self.dots is not None:
                self.dots.setVisible(dots)
            if self.discs is not None:
                self.discs.setVisible(not dots)

    def move_node(self, node: Node, x: float, y: float) -> None:
        """Put `node` (and its item) at (x, y); edges, rings and names follow."""
        old_x, old_y = node.cx, node.cy
        node.cx, node.cy = x, y
        if node.item is not None:
            node.item.setPos(x, y)  # a no-op when the mouse moved it there
        if self._moving:
            return
        grid_version, grid = self._grid
        self.node_moved(node.concept_id)
        if grid_version == self.version - 1:  # one node moved: no need to sort all into cells
            grid.move(node, old_x, old_y)
            self._grid = (self.version, grid)

    def node_moved(self, concept_id: str) -> None:
        if self._moving:
            return
        self._refresh_layers(moved=concept_id)
        if concept_id == self.selected:
            self.set_selected(concept_id)
        if concept_id == self.cursor:
            self.set_cursor(concept_id)

    def _refresh_layers(self, moved: str | None = None) -> None:
        """Nodes moved or were shown or hidden (`moved`: only that one node moved)."""
        self.version += 1
        bounds = self.nodes_rect()  # once for every layer: a drag step on 10,000 nodes
        if self.edges is not None:
            if moved is None:
                self.edges.invalidate(bounds)
            else:
                self.edges.node_moved(moved, bounds)
        for layer in (self.dots, self.discs):
            if layer is not None:
                layer.invalidate(bounds)

    def set_hovered(self, concept_id: str | None) -> None:
        if concept_id == self.hovered:
            return
        self.hovered = concept_id
        self.near = self.neighbours.get(concept_id, set()) | {concept_id} if concept_id else None
        self.node_items.sync_opacity()  # the items made; the discs layer dims the rest
        if self.edges is not None:
            self.edges.update()
        if self.discs is not None:
            self.discs.update()

    def node_at(self, point: QPointF, tolerance: float) -> str | None:
        """The shown node nearest `point` within `tolerance` scene units (works in dots mode)."""
        best: tuple[float, str] | None = None
        reach = tolerance + self.max_radius
        area = QRectF(point.x() - reach, point.y() - reach, 2 * reach, 2 * reach)
        for node in self.grid().inside(area):
            distance = math.hypot(node.cx - point.x(), node.cy - point.y()) - node.radius
            if distance <= tolerance and (best is None or distance < best[0]):
                best = (distance, node.concept_id)
        return best[1] if best else None

    # -- local layouts: nodes glide to new places and back home --------------------------

    def arrange(self, targets: Mapping[str, tuple[float, float]], animate: bool = True) -> None:
        """Move these nodes to `targets`, remembering where each stood before its first move.

        A node arranged before but not now goes straight home (it is hidden by then).
        """
        self._settle_now()  # a glide still running ends where it was going first
        leaving = [c for c in self.home if c not in targets]
        self._move_now({concept_id: self.home.pop(concept_id) for concept_id in leaving})
        moves: dict[str, QPointF] = {}
        for concept_id, (x, y) in targets.items():
            node = self.nodes.get(concept_id)
            if node is not None:
                self.home.setdefault(concept_id, node.pos())
                moves[concept_id] = QPointF(x, y)
        if moves:  # the view must be able to scroll to wherever the layout reaches
            xs = [p.x() for p in moves.values()]
            ys = [p.y() for p in moves.values()]
            reach = QRectF(min(xs), min(ys), max(xs) - min(xs), max(ys) - min(ys))
            self.setSceneRect(self.sceneRect().united(reach.adjusted(-400, -400, 400, 400)))
        self._glide(moves, animate)

    def go_home(self, animate: bool = True) -> None:
        """Every arranged node back to its place in the whole graph (dragged ones too)."""
        self._settle_now()
        moves, self.home = self.home, {}
        self._glide(moves, animate)

    @property
    def arranging(self) -> bool:
        return self.animation.state() == QVariantAnimation.State.Running

    def label_boxes(self, concept_ids: Iterable[str], named: Iterable[str] = ()) -> dict[str, Box]:
        """Each node's extent as (left, top, width, height) around its centre, at 1:1.

        `named` concepts get room for their label below the disc; the rest only their disc
        and a margin, which keeps a deep neighbourhood compact (their names come and go
        with the zoom).
        """
        named = set(named)
        boxes: dict[str, Box] = {}
        for concept_id in concept_ids:
            node = self.nodes.get(concept_id)
            if node is None:
                continue
            r = node.radius
            if concept_id in named:
                width, height = self.labels.label_size(concept_id)
                half = max(width / 2, r)
                boxes[concept_id] = (-half, -r, 2 * half, 2 * r + 1 + height)
            else:
                boxes[concept_id] = (-r - 8, -r - 8, 2 * r + 16, 2 * r + 16)
        return boxes

    def _settle_now(self) -> None:
        if self.arranging:
            self.animation.stop()
            self._move_now(dict(self._targets))
        self._targets.clear()

    def _glide(self, moves: dict[str, QPointF], animate: bool) -> None:
        if not animate or not moves:
            self._move_now(moves)
            return
        self._targets.update(moves)
        self._starts = {cid: self.nodes[cid].pos() for cid in moves if cid in self.nodes}
        self.animation.start()

    def _step(self, value: object) -> None:
        t = float(value)  # type: ignore[arg-type]
        if t >= 1.0:  # exactly there: no rounding left over from the interpolation
            self._move_now(dict(self._targets))
            return
        starts = self._starts
        self._move_now(
            {cid: start + (self._targets[cid] - start) * t for cid, start in starts.items()}
        )

    def _move_now(self, moves: Mapping[str, QPointF]) -> None:
        self._moving = True
        try:
            for concept_id, point in moves.items():
                node = self.nodes.get(concept_id)
                if node is not None:
                    self.move_node(node, point.x(), point.y())
        finally:
            self._moving = False
        if moves:
            self._refresh_layers()
            self.set_selected(self.selected)
            self.set_cursor(self.cursor)
            if not self.arranging:  # settled: items for what now stands on screen
                self.node_items.on_screen()

    def titles(self) -> dict[str, Text]:
        return {cid: node.title for cid, node in self.nodes.items()}


def _around(xs: list[float], ys: list[float]) -> QRectF:
    """The rectangle around these node centres, with room for a node and its name."""
    if not xs:
        return QRectF(-100, -100, 200, 200)
    left, top = min(xs), min(ys)
    return QRectF(left - 60, top - 60, max(xs) - left + 120, max(ys) - top + 120)
