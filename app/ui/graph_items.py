"""The graph scene: node items carrying their concept id, and batched edge and dot layers."""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping

from PySide6.QtCore import QLineF, QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QPainter, QPen, QPolygonF
from PySide6.QtWidgets import (
    QGraphicsEllipseItem,
    QGraphicsItem,
    QGraphicsScene,
    QGraphicsSimpleTextItem,
    QStyleOptionGraphicsItem,
    QWidget,
)

from app.core.model import Category, ConceptSummary, Link, Text

__all__ = ["EDGE_STYLES", "NodeItem", "EdgesItem", "DotsItem", "GraphScene", "mastery_colour"]

#: kind -> (colour, width, pen style, arrow at the target)
EDGE_STYLES: dict[str, tuple[str, float, Qt.PenStyle, bool]] = {
    "prerequisite-of": ("#5b6b8c", 2.2, Qt.PenStyle.SolidLine, True),
    "part-of": ("#3f8f6b", 1.8, Qt.PenStyle.SolidLine, True),
    "example-of": ("#8a6fb0", 1.6, Qt.PenStyle.SolidLine, True),
    "used-for": ("#b07a3a", 1.6, Qt.PenStyle.SolidLine, True),
    "contrasts-with": ("#c0392b", 2.0, Qt.PenStyle.DashDotLine, False),
    "related-to": ("#8c8c8c", 1.2, Qt.PenStyle.DashLine, False),
}
_DIM = QColor(150, 150, 150, 45)
_PARENTHESES = re.compile(r"\s*[(（][^()（）]*[)）]\s*$")
LABEL_FONT_PX = 13


def mastery_colour(value: float | None) -> QColor:
    """Grey for never studied; red → amber → green as retrievability rises."""
    if value is None:
        return QColor("#9e9e9e")
    value = max(0.0, min(1.0, value))
    if value < 0.5:
        return QColor.fromRgbF(0.85, 0.25 + 0.9 * value, 0.2)
    return QColor.fromRgbF(0.85 - 1.3 * (value - 0.5), 0.7, 0.25)


class NodeItem(QGraphicsEllipseItem):
    """One concept: a disc sized by degree, coloured by category, labelled; `data(0)` is its id."""

    def __init__(self, summary: ConceptSummary, radius: float, colour: QColor) -> None:
        super().__init__(-radius, -radius, 2 * radius, 2 * radius)
        self.concept_id = summary.id
        self.title = summary.title
        self.radius = radius
        self.colour = colour
        self.setData(0, summary.id)
        self.setBrush(QBrush(colour))
        self.setPen(QPen(colour.darker(140), 1.5))
        self.setZValue(2)
        self.setAcceptHoverEvents(True)
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIsMovable, True)
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemSendsScenePositionChanges, True)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.label = QGraphicsSimpleTextItem(self)
        font = QFont()
        font.setPixelSize(LABEL_FONT_PX)
        self.label.setFont(font)
        self.label.setZValue(3)

    def set_label(self, text: str, colour: QColor) -> None:
        # "Object-Relational Mapping (ORM)" → "Object-Relational Mapping": the panel has the rest.
        short = _PARENTHESES.sub("", text).strip()
        self.label.setText(short or text)
        self.label.setBrush(QBrush(colour))
        width = self.label.boundingRect().width()
        self.label.setPos(-width / 2, self.radius + 2)

    def itemChange(self, change: QGraphicsItem.GraphicsItemChange, value: object) -> object:
        if change == QGraphicsItem.GraphicsItemChange.ItemScenePositionHasChanged:
            scene = self.scene()
            if isinstance(scene, GraphScene):
                scene.node_moved(self.concept_id)
        return super().itemChange(change, value)

    def hoverEnterEvent(self, event: object) -> None:
        scene = self.scene()
        if isinstance(scene, GraphScene):
            scene.set_hovered(self.concept_id)
        super().hoverEnterEvent(event)  # type: ignore[arg-type]

    def hoverLeaveEvent(self, event: object) -> None:
        scene = self.scene()
        if isinstance(scene, GraphScene):
            scene.set_hovered(None)
        super().hoverLeaveEvent(event)  # type: ignore[arg-type]


class _LayerItem(QGraphicsItem):
    """A whole-graph layer: covers every node, ignores the mouse, caches what it draws."""

    def __init__(self, scene: GraphScene, z: float) -> None:
        super().__init__()
        self.graph_scene = scene
        self._bounds = QRectF()
        self.setZValue(z)
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)

    def invalidate(self) -> None:
        """Nodes moved or were filtered: drop the cached geometry and repaint."""
        self._forget()
        self.prepareGeometryChange()
        self._bounds = self.graph_scene.nodes_rect().adjusted(-20, -20, 20, 20)
        self.update()

    def _forget(self) -> None:
        raise NotImplementedError

    def boundingRect(self) -> QRectF:
        return self._bounds


class EdgesItem(_LayerItem):
    """Every edge in one item: one `drawLines` call per link kind, arrows only when readable.

    Big graphs keep their shown edges in a coarse grid, so a zoomed-in frame walks only
    the edges near the viewport instead of all of them.
    """

    GRID_FROM = 2000  # edges; below this, culling costs more than it saves
    CELL = 300.0  # scene units

    def __init__(self, scene: GraphScene, links: list[Link]) -> None:
        super().__init__(scene, 0)
        self.links = [link for link in links if link.kind in EDGE_STYLES]
        self.arrows = True
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemUsesExtendedStyleOption, True)
        self._shown: list[tuple[Link, QLineF]] | None = None
        self._heads: dict[tuple[str, str, str], QPolygonF | None] = {}
        self._by_kind: dict[str, list[QLineF]] = {}
        self._grid: dict[tuple[int, int], list[int]] = {}
        self._long: list[int] = []

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
                shown.append((link, QLineF(a.pos(), b.pos())))
            self._shown = shown
            self._by_kind = {
                kind: [line for link, line in shown if link.kind == kind] for kind in EDGE_STYLES
            }
            self._grid, self._long = ({}, []) if len(shown) < self.GRID_FROM else self._index(shown)
        return self._shown

    def _index(
        self, shown: list[tuple[Link, QLineF]]
    ) -> tuple[dict[tuple[int, int], list[int]], list[int]]:
        grid: dict[tuple[int, int], list[int]] = {}
        long: list[int] = []
        cell = self.CELL
        for index, (_link, line) in enumerate(shown):
            x0, x1 = sorted((line.x1(), line.x2()))
            y0, y1 = sorted((line.y1(), line.y2()))
            cx0, cx1, cy0, cy1 = int(x0 // cell), int(x1 // cell), int(y0 // cell), int(y1 // cell)
            if (cx1 - cx0 + 1) * (cy1 - cy0 + 1) > 64:
                long.append(index)  # crosses much of the graph: checked every frame
                continue
            for cx in range(cx0, cx1 + 1):
                for cy in range(cy0, cy1 + 1):
                    grid.setdefault((cx, cy), []).append(index)
        return grid, long

    def _near(self, rect: QRectF) -> list[tuple[Link, QLineF]]:
        """Edges that may cross `rect` (all of them for small graphs)."""
        shown = self._prepare()
        if not self._grid and not self._long:
            return shown
        cell = self.CELL
        found: set[int] = set(self._long)
        for cx in range(int(rect.left() // cell), int(rect.right() // cell) + 1):
            for cy in range(int(rect.top() // cell), int(rect.bottom() // cell) + 1):
                found.update(self._grid.get((cx, cy), ()))
        return [shown[i] for i in sorted(found)]

    def paint(
        self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None
    ) -> None:
        exposed = option.exposedRect.intersected(_device_rect_in_item(painter))
        shown = self._prepare()
        if (self._grid or self._long) and not exposed.contains(self._bounds):
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
        for kind, (colour, width, style, _arrow) in EDGE_STYLES.items():
            if by_kind.get(kind):
                painter.setPen(QPen(_DIM if hovered else QColor(colour), width, style))
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
                colour, width, style, _arrow = EDGE_STYLES[link.kind]
                painter.setPen(QPen(QColor(colour), width + 1.2, style))
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
            colour, _width, _style, arrow = EDGE_STYLES[link.kind]
            if not arrow or not exposed.contains(line.p2()):
                continue
            head = self._arrow_head(link, line)
            if head is None:
                continue
            dim = hovered is not None and hovered not in (link.source, link.target)
            wanted = _DIM if dim else QColor(colour)
            if wanted != current:
                painter.setBrush(QBrush(wanted))
                current = wanted
            painter.drawPolygon(head)


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
            for concept_id, item in scene.nodes.items():
                if scene.is_shown(concept_id):
                    points.setdefault(item.brush().color().name(), []).append(item.pos())
            self._points = points
        for colour, points in self._points.items():
            pen = QPen(QColor(colour), 14)
            pen.setCapStyle(Qt.PenCapStyle.SquareCap)
            painter.setPen(pen)
            painter.drawPoints(points)


class GraphScene(QGraphicsScene):
    """Holds the items for one graph; knows which nodes are shown and which is hovered."""

    def __init__(self, parent: object = None) -> None:
        super().__init__(parent)  # type: ignore[arg-type]
        # The BSP index costs seconds to build on big scenes and every move re-indexes.
        self.setItemIndexMethod(QGraphicsScene.ItemIndexMethod.NoIndex)
        self.nodes: dict[str, NodeItem] = {}
        self.neighbours: dict[str, set[str]] = {}
        self.hovered: str | None = None
        self.shown: set[str] | None = None  # None: every node
        self.lang = "en"
        self.label_colour = QColor("#202020")
        self.edges: EdgesItem | None = None
        self.dots: DotsItem | None = None
        self.dots_mode = False
        self.labels_on = True
        self.selected: str | None = None
        self.cursor: str | None = None
        self._halo: QGraphicsEllipseItem | None = None
        self._cursor_ring: QGraphicsEllipseItem | None = None

    def set_graph(
        self,
        summaries: Iterable[ConceptSummary],
        links: list[Link],
        positions: Mapping[str, tuple[float, float]],
        categories: Iterable[Category],
        degrees: Mapping[str, int],
    ) -> None:
        self.clear()
        self.nodes = {}
        self.neighbours = {}
        colours = {c.id: QColor(c.colour) for c in categories}
        for index, summary in enumerate(summaries):
            radius = 7 + 3.2 * math.sqrt(degrees.get(summary.id, 0))
            item = NodeItem(summary, radius, colours.get(summary.category, QColor("#888888")))
            x, y = positions.get(
                summary.id,
                (math.cos(index) * 40 * math.sqrt(index), math.sin(index) * 40 * math.sqrt(index)),
            )
            item.setPos(x, y)
            item.set_label(summary.title.get(self.lang), self.label_colour)
            self.addItem(item)
            self.nodes[summary.id] = item
            self.neighbours[summary.id] = set()
        for link in links:
            if link.source in self.nodes and link.target in self.nodes:
                self.neighbours[link.source].add(link.target)
                self.neighbours[link.target].add(link.source)
        self.edges = EdgesItem(self, links)
        self.dots = DotsItem(self)
        self.dots.setVisible(False)
        self.addItem(self.edges)
        self.addItem(self.dots)
        self.edges.invalidate()
        self.dots.invalidate()
        self._halo = self._ring(QPen(QColor("#ffb300"), 5))
        dashed = QPen(QColor("#1e88e5"), 3, Qt.PenStyle.DashLine)
        self._cursor_ring = self._ring(dashed)
        self.selected = self.cursor = None
        self.setSceneRect(self.nodes_rect().adjusted(-400, -400, 400, 400))

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
        item = self.nodes.get(concept_id) if concept_id else None
        if item is None:
            ring.setVisible(False)
            return
        r = item.radius + gap
        ring.setRect(-r, -r, 2 * r, 2 * r)
        ring.setPos(item.pos())
        ring.setVisible(self.is_shown(item.concept_id))

    def set_selected(self, concept_id: str | None) -> None:
        self.selected = concept_id
        self._place_ring(self._halo, concept_id, 5)

    def set_cursor(self, concept_id: str | None) -> None:
        self.cursor = concept_id
        self._place_ring(self._cursor_ring, concept_id, 10)

    def set_mastery(self, mastery: Mapping[str, float | None] | None) -> None:
        """Ring every node in its mastery colour; None restores the category outline."""
        for concept_id, item in self.nodes.items():
            if mastery is None:
                item.setPen(QPen(item.colour.darker(140), 1.5))
            else:
                item.setPen(QPen(mastery_colour(mastery.get(concept_id)), 5))

    def nodes_rect(self, only_shown: bool = False) -> QRectF:
        xs: list[float] = []
        ys: list[float] = []
        for concept_id, item in self.nodes.items():
            if only_shown and not self.is_shown(concept_id):
                continue
            xs.append(item.x())
            ys.append(item.y())
        if not xs:
            return QRectF(-100, -100, 200, 200)
        return QRectF(min(xs) - 60, min(ys) - 60, max(xs) - min(xs) + 120, max(ys) - min(ys) + 120)

    def is_shown(self, concept_id: str) -> bool:
        return self.shown is None or concept_id in self.shown

    def set_shown(self, shown: set[str] | None) -> None:
        """Show only `shown` (None: all). Hides items; never rebuilds the scene."""
        self.shown = shown
        for concept_id, item in self.nodes.items():
            item.setVisible(not self.dots_mode and self.is_shown(concept_id))
        self._refresh_layers()
        self.set_selected(self.selected)
        self.set_cursor(self.cursor)

    def set_language(self, lang: str, label_colour: QColor) -> None:
        self.lang = lang
        self.label_colour = label_colour
        for item in self.nodes.values():
            item.set_label(item.title.get(lang), label_colour)

    def set_level_of_detail(self, scale: float) -> None:
        """Labels and arrows only when readable; dots instead of items far out on big graphs."""
        labels = scale >= 0.42
        dots = len(self.nodes) > 1500 and scale < 0.22
        if self.edges is not None:
            arrows = scale >= 0.45
            if arrows != self.edges.arrows:
                self.edges.arrows = arrows
                self.edges.update()
        if dots != self.dots_mode:
            self.dots_mode = dots
            for concept_id, item in self.nodes.items():
                item.setVisible(not dots and self.is_shown(concept_id))
            if self.dots is not None:
                self.dots.setVisible(dots)
        if labels != self.labels_on:
            self.labels_on = labels
            for item in self.nodes.values():
                item.label.setVisible(labels)

    def node_moved(self, concept_id: str) -> None:
        self._refresh_layers()
        if concept_id == self.selected:
            self.set_selected(concept_id)
        if concept_id == self.cursor:
            self.set_cursor(concept_id)

    def _refresh_layers(self) -> None:
        if self.edges is not None:
            self.edges.invalidate()
        if self.dots is not None:
            self.dots.invalidate()

    def set_hovered(self, concept_id: str | None) -> None:
        if concept_id == self.hovered:
            return
        self.hovered = concept_id
        near = self.neighbours.get(concept_id, set()) | {concept_id} if concept_id else None
        if len(self.nodes) <= 3000:  # dimming ten thousand items per hover is not worth it
            for other, item in self.nodes.items():
                item.setOpacity(1.0 if near is None or other in near else 0.25)
        if self.edges is not None:
            self.edges.update()

    def node_at(self, point: QPointF, tolerance: float) -> str | None:
        """The shown node nearest `point` within `tolerance` scene units (works in dots mode)."""
        best: tuple[float, str] | None = None
        for concept_id, item in self.nodes.items():
            if not self.is_shown(concept_id):
                continue
            distance = math.hypot(item.x() - point.x(), item.y() - point.y()) - item.radius
            if distance <= tolerance and (best is None or distance < best[0]):
                best = (distance, concept_id)
        return best[1] if best else None

    def titles(self) -> dict[str, Text]:
        return {cid: item.title for cid, item in self.nodes.items()}
