"""Concept nodes: a cheap record per concept, and a Qt item only where the mouse may need one."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QPen
from PySide6.QtWidgets import QGraphicsEllipseItem, QGraphicsItem, QGraphicsSceneMouseEvent

from app.core.model import ConceptSummary, Text

if TYPE_CHECKING:
    from app.ui.graph_items import GraphScene

__all__ = ["Node", "NodeItem", "NodeGrid", "NodeItems", "DIMMED"]

#: The opacity of a node that is neither hovered nor a neighbour of the hovered one.
DIMMED = 0.25


class Node:
    """One concept's place and look: what the scene keeps for every concept.

    It reads like the item it stands for (`pos()`, `isVisible()`, `opacity()`, `pen()`,
    `data(0)`), so code and tests need not care whether a `NodeItem` exists for it yet.
    """

    __slots__ = ("concept_id", "title", "category", "radius", "colour", "cx", "cy", "item",
                 "graph_scene", "index", "_pen")  # fmt: skip

    def __init__(
        self,
        scene: GraphScene,
        summary: ConceptSummary,
        radius: float,
        colour: QColor,
        pen: QPen,
        x: float,
        y: float,
        index: int,
    ) -> None:
        self.graph_scene = scene
        #: Its place in the graph's order: later nodes are drawn over earlier ones.
        self.index = index
        self.concept_id: str = summary.id
        self.title: Text = summary.title
        self.category: str = summary.category
        self.radius = radius
        self.colour = colour  # shared by the category's nodes
        self._pen = pen  # shared: the category's outline or a mastery colour's ring
        self.cx = x  # where the centre is, in scene units
        self.cy = y
        self.item: NodeItem | None = None

    def pos(self) -> QPointF:
        return QPointF(self.cx, self.cy)

    def scenePos(self) -> QPointF:
        return QPointF(self.cx, self.cy)

    def x(self) -> float:
        return self.cx

    def y(self) -> float:
        return self.cy

    def setPos(self, x: float | QPointF, y: float | None = None) -> None:
        """Move the node (and its item, edges, rings and names) as a dragged item moves."""
        if isinstance(x, QPointF):
            x, y = x.x(), x.y()
        self.graph_scene.move_node(self, float(x), float(y if y is not None else 0.0))

    def isVisible(self) -> bool:
        """Drawn as a disc: shown by the filters and the local graph, and not in dots mode."""
        scene = self.graph_scene
        return not scene.dots_mode and scene.is_shown(self.concept_id)

    def opacity(self) -> float:
        near = self.graph_scene.near
        return 1.0 if near is None or self.concept_id in near else DIMMED

    def pen(self) -> QPen:
        return self._pen

    def set_pen(self, pen: QPen) -> None:
        self._pen = pen
        if self.item is not None:
            self.item.setPen(pen)

    def data(self, key: int) -> object:
        return self.concept_id if key == 0 else None

    def sceneBoundingRect(self) -> QRectF:
        half = self.radius + self._pen.widthF() / 2
        return QRectF(self.cx - half, self.cy - half, 2 * half, 2 * half)


class NodeItem(QGraphicsEllipseItem):
    """The disc the mouse clicks, hovers and drags; `data(0)` is its concept id.

    Its name is drawn by the view's map labels (graph_labels.py), not by the item.
    """

    def __init__(self, node: Node) -> None:
        r = node.radius
        super().__init__(-r, -r, 2 * r, 2 * r)
        self.node = node
        self.concept_id = node.concept_id
        self.setData(0, node.concept_id)
        self.setBrush(QBrush(node.colour))
        self.setPen(node.pen())
        self.setPos(node.cx, node.cy)
        # Over earlier nodes and under later ones, however late the item is made.
        self.setZValue(2 + node.index * 1e-7)
        if node.graph_scene.near is not None:
            self.setOpacity(node.opacity())
        self.setVisible(node.isVisible())
        self.setAcceptHoverEvents(True)
        # Movable, without ItemSendsScenePositionChanges: a Python itemChange would run for
        # every change of every item; a drag is seen in mouseMoveEvent instead.
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIsMovable, True)
        self.setCursor(Qt.CursorShape.PointingHandCursor)

    def mouseMoveEvent(self, event: QGraphicsSceneMouseEvent) -> None:
        super().mouseMoveEvent(event)  # Qt moves the item under the mouse
        self.node.setPos(self.pos())  # the record follows: edges, rings and names too

    def hoverEnterEvent(self, event: object) -> None:
        self.node.graph_scene.set_hovered(self.concept_id)
        super().hoverEnterEvent(event)  # type: ignore[arg-type]

    def hoverLeaveEvent(self, event: object) -> None:
        self.node.graph_scene.set_hovered(None)
        super().hoverLeaveEvent(event)  # type: ignore[arg-type]


class NodeGrid:
    """Nodes by square cell: those near a rectangle or a point without walking them all."""

    CELL = 200.0  # scene units

    def __init__(self, nodes: Iterable[Node]) -> None:
        self.cells: dict[tuple[int, int], list[Node]] = {}
        cell = self.CELL
        for node in nodes:
            self.cells.setdefault((int(node.cx // cell), int(node.cy // cell)), []).append(node)

    def _keys(self, rect: QRectF) -> Iterator[tuple[int, int]]:
        cell = self.CELL
        x0, x1 = int(rect.left() // cell), int(rect.right() // cell)
        y0, y1 = int(rect.top() // cell), int(rect.bottom() // cell)
        if (x1 - x0 + 1) * (y1 - y0 + 1) > len(self.cells):  # most of the graph: walk its cells
            for key in self.cells:
                if x0 <= key[0] <= x1 and y0 <= key[1] <= y1:
                    yield key
            return
        for cx in range(x0, x1 + 1):
            for cy in range(y0, y1 + 1):
                if (cx, cy) in self.cells:
                    yield (cx, cy)

    def count(self, rect: QRectF) -> int:
        """How many nodes lie in the cells `rect` touches (at least those inside it)."""
        return sum(len(self.cells[key]) for key in self._keys(rect))

    def inside(self, rect: QRectF) -> Iterator[Node]:
        """The nodes whose centre lies in `rect`."""
        left, top, right, bottom = rect.left(), rect.top(), rect.right(), rect.bottom()
        for key in self._keys(rect):
            for node in self.cells[key]:
                if left <= node.cx <= right and top <= node.cy <= bottom:
                    yield node

    def move(self, node: Node, old_x: float, old_y: float) -> None:
        cell = self.CELL
        old = (int(old_x // cell), int(old_y // cell))
        new = (int(node.cx // cell), int(node.cy // cell))
        if old != new:
            members = self.cells.get(old)
            if members is not None and node in members:
                members.remove(node)
            self.cells.setdefault(new, []).append(node)


class NodeItems:
    """Which nodes have a `NodeItem`: every one on a small graph; on a big one, those on
    screen when the view is close enough and those under the mouse.

    Items are kept once made (making one costs ~8 µs, and a frame skips off-screen ones in
    C++ without Python), up to `MOST` on big graphs: past that, the ones furthest off screen
    go, so roaming a 50,000-concept map does not end with 50,000 items.
    """

    #: Up to this many concepts every node gets its item at once, as the bundled graph does.
    EAGER_UP_TO = 2000
    #: Items are made for the nodes on screen only when this few are in view (~5 ms to make
    #: them all); further out the discs layer draws them and the mouse makes what it touches.
    ON_SCREEN = 600
    MOST = 2500

    def __init__(self, scene: GraphScene) -> None:
        self.scene = scene
        self.lazy = False
        self.made: dict[str, NodeItem] = {}
        self._screen = QRectF()  # the view's last rectangle, kept to refill after moves

    def reset(self, count: int) -> None:
        """A new graph of `count` nodes (the scene's items are already gone)."""
        self.made = {}
        self._screen = QRectF()
        self.lazy = count > self.EAGER_UP_TO

    def make(self, nodes: Iterable[Node]) -> None:
        scene = self.scene
        for node in nodes:
            if node.item is None:
                item = NodeItem(node)
                scene.addItem(item)
                node.item = item
                self.made[node.concept_id] = item

    def on_screen(self, rect: QRectF | None = None) -> None:
        """Items for the shown nodes in `rect` (the view's; None: the last one) if there are
        few enough to be worth it, and not in dots mode."""
        if rect is not None:
            self._screen = QRectF(rect)
        scene = self.scene
        if not self.lazy or scene.dots_mode or self._screen.isEmpty():
            return
        area = self._screen.adjusted(-scene.max_radius, -scene.max_radius,
                                     scene.max_radius, scene.max_radius)  # fmt: skip
        grid = scene.grid()
        if grid.count(area) > self.ON_SCREEN:
            return
        self.make(grid.inside(area))
        self._evict()

    def at(self, point: QPointF) -> None:
        """Items for the shown nodes whose disc may cover `point` (before a press or move)."""
        scene = self.scene
        if not self.lazy or scene.dots_mode:
            return
        reach = scene.max_radius + 2
        area = QRectF(point.x() - reach, point.y() - reach, 2 * reach, 2 * reach)
        self.make(scene.grid().inside(area))
        self._evict()

    def _evict(self) -> None:
        if len(self.made) <= self.MOST:
            return
        scene = self.scene
        keep = {scene.hovered, scene.selected, scene.cursor}
        grabber = scene.mouseGrabberItem()
        screen = self._screen.adjusted(-200, -200, 200, 200)
        centre = screen.center()

        def distance(item: NodeItem) -> float:
            node = item.node
            return abs(node.cx - centre.x()) + abs(node.cy - centre.y())

        far = [
            item
            for cid, item in self.made.items()
            if cid not in keep and item is not grabber and not screen.contains(item.pos())
        ]
        far.sort(key=distance, reverse=True)
        for item in far[: len(self.made) - self.MOST * 3 // 4]:
            scene.removeItem(item)  # ownership returns to Python: freed below
            item.node.item = None
            del self.made[item.concept_id]

    def sync_visible(self) -> None:
        """After a filter or a dots-mode change: each item as visible as its node."""
        for item in self.made.values():
            item.setVisible(item.node.isVisible())

    def sync_opacity(self) -> None:
        for item in self.made.values():
            item.setOpacity(item.node.opacity())
