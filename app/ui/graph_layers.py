"""The batched layers of the graph scene: all edges in one item; nodes as discs or dots in others."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from PySide6.QtCore import QLineF, QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QPainter, QPen, QPolygonF
from PySide6.QtWidgets import QGraphicsItem, QStyleOptionGraphicsItem, QWidget

from app.core.model import Link
from app.ui.graph_nodes import DIMMED

if TYPE_CHECKING:
    from app.ui.graph_items import GraphScene

__all__ = ["EDGE_STYLES", "edge_colour", "EdgesItem", "DotsItem", "DiscsItem"]

#: kind -> (colour, width, pen style, arrow at the target)
EDGE_STYLES: dict[str, tuple[str, float, Qt.PenStyle, bool]] = {
    "prerequisite-of": ("#5b6b8c", 2.2, Qt.PenStyle.SolidLine, True),
    "part-of": ("#3f8f6b", 1.8, Qt.PenStyle.SolidLine, True),
    "example-of": ("#8a6fb0", 1.6, Qt.PenStyle.SolidLine, True),
    "used-for": ("#b07a3a", 1.6, Qt.PenStyle.SolidLine, True),
    "contrasts-with": ("#c0392b", 2.0, Qt.PenStyle.DashDotLine, False),
    "related-to": ("#8c8c8c", 1.2, Qt.PenStyle.DashLine, False),
}
#: The same kinds on a dark background: each at least 4.5:1 on #1e1f22, hue kept.
_DARK_COLOURS = {
    "prerequisite-of": "#7d8baa",
    "part-of": "#439872",
    "example-of": "#977fb9",
    "used-for": "#ba813d",
    "contrasts-with": "#db695d",
    "related-to": "#8c8c8c",
}
_DIM = QColor(150, 150, 150, 45)


def edge_colour(kind: str, dark: bool = False) -> QColor:
    """The colour a link kind is drawn in, on a light or a dark background."""
    return QColor(_DARK_COLOURS[kind] if dark else EDGE_STYLES[kind][0])


class _LayerItem(QGraphicsItem):
    """A whole-graph layer: covers every node, ignores the mouse, caches what it draws."""

    def __init__(self, scene: GraphScene, z: float) -> None:
        super().__init__()
        self.graph_scene = scene
        self._bounds = QRectF()
        self.setZValue(z)
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)

    def invalidate(self, nodes_rect: QRectF | None = None) -> None:
        """Nodes moved or were filtered: drop the cached geometry and repaint. `nodes_rect`:
        the scene's `nodes_rect()` when the caller has it already."""
        self._forget()
        self.prepareGeometryChange()
        rect = nodes_rect if nodes_rect is not None else self.graph_scene.nodes_rect()
        self._bounds = rect.adjusted(-20, -20, 20, 20)
        self.update()

    def _forget(self) -> None:
        raise NotImplementedError

    def boundingRect(self) -> QRectF:
        return self._bounds


class EdgesItem(_LayerItem):
    """Every edge in one item: one `drawLines` call per link kind, arrows only when readable.

    Big graphs keep their shown edges in grids, so a zoomed-in frame walks only the edges
    near the viewport instead of all of them (`_place` says which grid and cells an edge
    goes in). A dragged node redoes only its own edges (`node_moved`).
    """

    GRID_FROM = 2000  # edges; below this, culling costs more than it saves
    CELL = 300.0  # scene units
    #: Cell sides of the grids, finest first. The coarser ones take the edges too long for
    #: the finest: at 50,000 concepts ~9,000, which were clipped in every 1:1 frame.
    LEVELS = (CELL, CELL * 3, CELL * 9, CELL * 27)

    def __init__(self, scene: GraphScene, links: list[Link]) -> None:
        super().__init__(scene, 0)
        self.links = [link for link in links if link.kind in EDGE_STYLES]
        self.arrows = True
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemUsesExtendedStyleOption, True)
        self._shown: list[tuple[Link, QLineF]] | None = None
        self._heads: dict[tuple[str, str, str], QPolygonF | None] = {}
        self._by_kind: dict[str, list[QLineF]] = {}
        # Built by the first frame that culls (a fitted frame draws every edge and needs none).
        self._grids: list[dict[tuple[int, int], list[int]]] | None = None
        self._long: list[int] = []  # edges too long even for the coarsest grid
        self._indexed = False  # enough edges that a zoomed-in frame culls them
        self._slots: list[int] = []  # each shown edge's place in its kind's list
        self._touching: dict[str, list[int]] = {}  # concept id -> its shown edges

    def _forget(self) -> None:
        self._shown = None
        self._heads = {}

    def _prepare(self) -> list[tuple[Link, QLineF]]:
        if self._shown is None:
            scene = self.graph_scene
            shown: list[tuple[Link, QLineF]] = []
            for link in self.links:
                a = scene.nodes.get(link.source)
                b = scene.nodes.get(link.target)
                if (
                    a is None
                    or b is None
                    or not (scene.is_shown(link.source) and scene.is_shown(link.target))
                ):
                    continue
                shown.append((link, QLineF(a.cx, a.cy, b.cx, b.cy)))
            self._shown = shown
            by_kind: dict[str, list[QLineF]] = {kind: [] for kind in EDGE_STYLES}
            self._slots = []
            self._touching = {}
            for index, (link, line) in enumerate(shown):
                lines = by_kind[link.kind]
                self._slots.append(len(lines))
                lines.append(line)
                self._touching.setdefault(link.source, []).append(index)
                self._touching.setdefault(link.target, []).append(index)
            self._by_kind = by_kind
            self._grids, self._long = None, []
            self._indexed = len(shown) >= self.GRID_FROM
        return self._shown

    def _grids_of(self, shown: list[tuple[Link, QLineF]]) -> list[dict[tuple[int, int], list[int]]]:
        if self._grids is None:
            grids: list[dict[tuple[int, int], list[int]]] = [{} for _ in self.LEVELS]
            self._long = []
            for index, (_link, line) in enumerate(shown):
                self._file(grids, index, line)
            self._grids = grids
        return self._grids

    def _place(self, line: QLineF) -> tuple[int, list[tuple[int, int]]] | None:
        """The grid that takes `line` and its cells there, or None when it crosses much of
        the graph even in the coarsest (such lines are checked every frame).

        An edge whose box spans at most 64 fine cells is filed under all of them (cheap,
        and most edges are short). A longer one goes under the cells it passes through, in
        the finest grid where those are at most 64 (columns + rows - 1 bounds them): a long
        diagonal edge is then found only near where it runs, not wherever its box reaches.
        """
        x0, y0, x1, y1 = line.x1(), line.y1(), line.x2(), line.y2()
        for level, cell in enumerate(self.LEVELS):
            cx0, cx1 = sorted((int(x0 // cell), int(x1 // cell)))
            cy0, cy1 = sorted((int(y0 // cell), int(y1 // cell)))
            if level == 0 and (cx1 - cx0 + 1) * (cy1 - cy0 + 1) <= 64:
                return level, [(cx, cy) for cx in range(cx0, cx1 + 1) for cy in range(cy0, cy1 + 1)]
            if (cx1 - cx0) + (cy1 - cy0) + 1 <= 64:
                return level, _cells_along(x0, y0, x1, y1, cell)
        return None

    def _members(
        self, grids: list[dict[tuple[int, int], list[int]]], line: QLineF
    ) -> list[list[int]]:
        """The lists an edge along `line` is filed in: its cells' in one grid, or the long ones."""
        place = self._place(line)
        if place is None:
            return [self._long]
        level, cells = place
        return [grids[level].setdefault(key, []) for key in cells]

    def _file(
        self, grids: list[dict[tuple[int, int], list[int]]], index: int, line: QLineF
    ) -> None:
        for members in self._members(grids, line):
            members.append(index)

    def _unfile(
        self, grids: list[dict[tuple[int, int], list[int]]], index: int, line: QLineF
    ) -> None:
        for members in self._members(grids, line):
            members.remove(index)

    def node_moved(self, concept_id: str, nodes_rect: QRectF) -> None:
        """One node moved (a drag step): redo its edges only, not all of them."""
        if self._shown is None:
            self.invalidate(nodes_rect)
            return
        nodes = self.graph_scene.nodes
        shown = self._shown
        for index in self._touching.get(concept_id, ()):
            link, old = shown[index]
            a, b = nodes[link.source], nodes[link.target]
            line = QLineF(a.cx, a.cy, b.cx, b.cy)
            shown[index] = (link, line)
            self._by_kind[link.kind][self._slots[index]] = line
            self._heads.pop((link.source, link.target, link.kind), None)
            if self._grids is not None:
                self._unfile(self._grids, index, old)
                self._file(self._grids, index, line)
        self.prepareGeometryChange()
        self._bounds = nodes_rect.adjusted(-20, -20, 20, 20)
        self.update()

    def _near(self, rect: QRectF) -> list[tuple[Link, QLineF]]:
        """Edges that may cross `rect` (all of them for small graphs)."""
        shown = self._prepare()
        if not self._indexed:
            return shown
        found: set[int] = set(self._long)
        for grid, cell in zip(self._grids_of(shown), self.LEVELS, strict=True):
            for cx in range(int(rect.left() // cell), int(rect.right() // cell) + 1):
                for cy in range(int(rect.top() // cell), int(rect.bottom() // cell) + 1):
                    found.update(grid.get((cx, cy), ()))
        return [shown[i] for i in sorted(found)]

    def paint(
        self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None
    ) -> None:
        exposed = option.exposedRect.intersected(_device_rect_in_item(painter))
        shown = self._prepare()
        if self._indexed and not _shows_much_of(exposed, self._bounds):
            near = self._near(exposed)
            by_kind: dict[str, list[QLineF]] = {kind: [] for kind in EDGE_STYLES}
            # Qt strokes a dashed line along its whole length before clipping: cut long
            # lines to the visible area first (a 10k-concept 1:1 frame: 17 ms -> ~6 ms).
            area = exposed.adjusted(-20, -20, 20, 20)
            inside = area.contains
            for link, line in near:
                clipped = line if inside(line.p1()) and inside(line.p2()) else _clip(line, area)
                if clipped is not None:
                    by_kind[link.kind].append(clipped)
        else:
            near, by_kind = shown, self._by_kind
        hovered = self.graph_scene.hovered
        dark = self.graph_scene.dark
        for kind, (_colour, width, style, _arrow) in EDGE_STYLES.items():
            if by_kind.get(kind):
                painter.setPen(QPen(_DIM if hovered else edge_colour(kind, dark), width, style))
                painter.drawLines(by_kind[kind])
        if hovered:
            self._paint_highlight(painter, hovered, near)
        if self.arrows:
            self._paint_arrows(painter, exposed, hovered, near)

    def _paint_highlight(
        self, painter: QPainter, hovered: str, near: list[tuple[Link, QLineF]]
    ) -> None:
        for link, line in near:
            if hovered in (link.source, link.target):
                _colour, width, style, _arrow = EDGE_STYLES[link.kind]
                colour = edge_colour(link.kind, self.graph_scene.dark)
                painter.setPen(QPen(colour, width + 1.2, style))
                painter.drawLine(line)

    def _arrow_head(self, link: Link, line: QLineF) -> QPolygonF | None:
        """The triangle at the target's rim, computed once per layout change."""
        key = (link.source, link.target, link.kind)
        if key in self._heads:
            return self._heads[key]
        head = None
        length = math.hypot(line.dx(), line.dy())
        if length > 1e-6:
            width = EDGE_STYLES[link.kind][1]
            radius = self.graph_scene.nodes[link.target].radius
            ux, uy = line.dx() / length, line.dy() / length
            tip = QPointF(line.x2() - ux * (radius + 1), line.y2() - uy * (radius + 1))
            size = 7 + width * 2
            base = QPointF(tip.x() - ux * size, tip.y() - uy * size)
            left = QPointF(base.x() - uy * size * 0.5, base.y() + ux * size * 0.5)
            right = QPointF(base.x() + uy * size * 0.5, base.y() - ux * size * 0.5)
            head = QPolygonF([tip, left, right])
        self._heads[key] = head
        return head

    def _paint_arrows(
        self,
        painter: QPainter,
        exposed: QRectF,
        hovered: str | None,
        near: list[tuple[Link, QLineF]],
    ) -> None:
        painter.setPen(Qt.PenStyle.NoPen)
        current: QColor | None = None
        for link, line in sorted(near, key=lambda pair: pair[0].kind):
            _colour, _width, _style, arrow = EDGE_STYLES[link.kind]
            if not arrow or not exposed.contains(line.p2()):
                continue
            head = self._arrow_head(link, line)
            if head is None:
                continue
            dim = hovered is not None and hovered not in (link.source, link.target)
            wanted = _DIM if dim else edge_colour(link.kind, self.graph_scene.dark)
            if wanted != current:
                painter.setBrush(QBrush(wanted))
                current = wanted
            painter.drawPolygon(head)


def _cells_along(x0: float, y0: float, x1: float, y1: float, cell: float) -> list[tuple[int, int]]:
    """The grid cells the segment passes through, column by column."""
    if x0 > x1:
        x0, y0, x1, y1 = x1, y1, x0, y0
    first, last = int(x0 // cell), int(x1 // cell)
    pad = cell * 1e-6  # a point on a cell's border counts in both cells
    if first == last:
        rows = range(int((min(y0, y1) - pad) // cell), int((max(y0, y1) + pad) // cell) + 1)
        return [(first, row) for row in rows]
    slope = (y1 - y0) / (x1 - x0)
    cells: list[tuple[int, int]] = []
    for column in range(first, last + 1):
        # Where the segment enters and leaves this column.
        ya = y0 + (max(x0, column * cell) - x0) * slope
        yb = y0 + (min(x1, (column + 1) * cell) - x0) * slope
        low, high = (ya, yb) if slope >= 0 else (yb, ya)
        cells.extend(
            (column, row) for row in range(int((low - pad) // cell), int((high + pad) // cell) + 1)
        )
    return cells


def _shows_much_of(exposed: QRectF, bounds: QRectF) -> bool:
    """Whether a frame shows enough of the edges' area that drawing them all, as batched,
    is cheaper than finding and clipping the visible ones in Python.

    At 10,000 concepts (benchmarks/): a view fitted 20 units short of the bounds took 29 ms
    culled and 10 ms batched; 2% was the best cut from fit to 1:1 (at 1:1 a frame shows
    under 1% and culls: 32 ms, where drawing every dashed line in full took 161 ms).
    """
    seen = exposed.intersected(bounds)
    return seen.width() * seen.height() >= 0.02 * bounds.width() * bounds.height()


def _clip(line: QLineF, rect: QRectF) -> QLineF | None:
    """`line` cut to `rect` (Liang-Barsky), or None when it misses it."""
    x1, y1, dx, dy = line.x1(), line.y1(), line.dx(), line.dy()
    low, high = 0.0, 1.0
    for p, q in (
        (-dx, x1 - rect.left()),
        (dx, rect.right() - x1),
        (-dy, y1 - rect.top()),
        (dy, rect.bottom() - y1),
    ):
        if p == 0:
            if q < 0:
                return None
            continue
        t = q / p
        if p < 0:
            low = max(low, t)
        else:
            high = min(high, t)
        if low > high:
            return None
    if low == 0.0 and high == 1.0:
        return line
    return QLineF(x1 + low * dx, y1 + low * dy, x1 + high * dx, y1 + high * dy)


def _device_rect_in_item(painter: QPainter) -> QRectF:
    """What the painter's device shows, in the item's coordinates (exposedRect alone is the
    whole item when a view is rendered with QGraphicsView.render)."""
    inverse, invertible = painter.worldTransform().inverted()
    device = painter.device()
    if not invertible or device is None:
        return QRectF(-1e12, -1e12, 2e12, 2e12)
    return inverse.mapRect(QRectF(0, 0, device.width(), device.height()))


class DotsItem(_LayerItem):
    """All nodes as points, one `drawPoints` call per category: the far-zoom view of big graphs."""

    def __init__(self, scene: GraphScene) -> None:
        super().__init__(scene, 1)
        self._points: dict[str, list[QPointF]] | None = None

    def _forget(self) -> None:
        self._points = None

    def paint(
        self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None
    ) -> None:
        scene = self.graph_scene
        if self._points is None:
            points: dict[str, list[QPointF]] = {}
            for concept_id, node in scene.nodes.items():
                if scene.is_shown(concept_id):
                    points.setdefault(node.colour.name(), []).append(QPointF(node.cx, node.cy))
            self._points = points
        for colour, points in self._points.items():
            pen = QPen(QColor(colour), 14)
            pen.setCapStyle(Qt.PenCapStyle.SquareCap)
            painter.setPen(pen)
            painter.drawPoints(points)


class DiscsItem(_LayerItem):
    """The discs of shown nodes that have no item yet (big graphs), as their items would draw
    them: fill, outline or mastery ring, hover dimming, later nodes over earlier ones. Only
    the grid cells in view are walked; brush and pen change only where the look does.
    """

    def __init__(self, scene: GraphScene) -> None:
        super().__init__(scene, 1.9)  # over the rings, under the items
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemUsesExtendedStyleOption, True)

    def _forget(self) -> None:
        pass  # nothing cached: the scene's grid follows the nodes

    def paint(
        self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None
    ) -> None:
        scene = self.graph_scene
        exposed = option.exposedRect.intersected(_device_rect_in_item(painter))
        reach = scene.max_radius + 5
        area = exposed.adjusted(-reach, -reach, reach, reach)
        opacity = painter.opacity()
        near = scene.near
        todo = [node for node in scene.grid().inside(area) if node.item is None]
        todo.sort(key=lambda node: node.index)  # stacked as their items would be
        colour: QColor | None = None
        pen: QPen | None = None
        dim: bool | None = None
        for node in todo:
            if node.colour is not colour:
                colour = node.colour
                painter.setBrush(colour)
            if node.pen() is not pen:
                pen = node.pen()
                painter.setPen(pen)
            dimmed = near is not None and node.concept_id not in near
            if dimmed != dim:
                dim = dimmed
                painter.setOpacity(opacity * (DIMMED if dim else 1.0))
            r = node.radius
            painter.drawEllipse(QRectF(node.cx - r, node.cy - r, 2 * r, 2 * r))
        painter.setOpacity(opacity)
