"""The graph view: zoom, pan, drag, fit, level of detail, clicks and keyboard navigation."""

from __future__ import annotations

import math

from PySide6.QtCore import QPoint, QPointF, QRect, QRectF, Qt, Signal
from PySide6.QtGui import (
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPalette,
    QResizeEvent,
    QTransform,
    QWheelEvent,
)
from PySide6.QtWidgets import QFrame, QGraphicsView, QWidget

from app.ui.graph_items import GraphScene, NodeItem
from app.ui.graph_labels import Label

__all__ = ["GraphView"]

MIN_SCALE = 0.02
MAX_SCALE = 6.0
ZOOM_STEP = 1.25
#: A fit never zooms in further than this.
FIT_MAX = 1.5


class GraphView(QGraphicsView):
    """Emits `concept_clicked` for a click on a node and `concept_activated` for Enter on the cursor."""

    concept_clicked = Signal(str)
    concept_activated = Signal(str)
    cursor_cleared = Signal()
    zoom_changed = Signal(float)

    def __init__(self, scene: GraphScene, parent: QWidget | None = None) -> None:
        super().__init__(scene, parent)
        self.graph_scene = scene
        self.overlay: QWidget | None = None  # a widget over the bottom left (the legend)
        self.setObjectName("graphView")
        self.setRenderHints(QPainter.RenderHint.Antialiasing | QPainter.RenderHint.TextAntialiasing)
        self.setDragMode(QGraphicsView.DragMode.ScrollHandDrag)
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.AnchorUnderMouse)
        self.setResizeAnchor(QGraphicsView.ViewportAnchor.AnchorViewCenter)
        # Names are chosen for the whole frame at once: a partial repaint would leave stale ones.
        self.setViewportUpdateMode(QGraphicsView.ViewportUpdateMode.FullViewportUpdate)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self._press: QPoint | None = None
        #: The view shows what the last fit chose (nobody zoomed or panned since): a resize
        #: fits again.
        self.fitted = False

    # -- zoom --------------------------------------------------------------------------

    def scale_factor(self) -> float:
        return self.transform().m11()

    def zoom_by(self, factor: float, anchor: QGraphicsView.ViewportAnchor | None = None) -> None:
        current = self.scale_factor()
        factor = max(MIN_SCALE / current, min(MAX_SCALE / current, factor))
        if anchor is not None:
            previous = self.transformationAnchor()
            self.setTransformationAnchor(anchor)
            self.scale(factor, factor)
            self.setTransformationAnchor(previous)
        else:
            self.scale(factor, factor)
        self._zoomed()

    def zoom_in(self) -> None:
        self.zoom_by(ZOOM_STEP, QGraphicsView.ViewportAnchor.AnchorViewCenter)

    def zoom_out(self) -> None:
        self.zoom_by(1 / ZOOM_STEP, QGraphicsView.ViewportAnchor.AnchorViewCenter)

    def zoom_reset(self) -> None:
        self.zoom_by(1 / self.scale_factor(), QGraphicsView.ViewportAnchor.AnchorViewCenter)

    def fit_all(self) -> None:
        """Show every shown node (where a running glide leaves it), clear of the legend.

        In a local graph the names of the selected concept and its neighbours are part of
        what must fit, and must not overlap (see `_fit_local`).
        """
        scene = self.graph_scene
        rect = scene.nodes_rect(only_shown=True, settled=True).adjusted(-70, 0, 70, 0)
        scale, shift = self._fit_beside_overlay(rect)
        centre = rect.center() - shift / scale
        if scene.selected in scene.nodes and scene.home:
            scale, centre = self._fit_local(rect, scale)
        self.setTransform(QTransform.fromScale(scale, scale))
        # Room to centre there, however far a local layout reaches.
        seen = QRectF(0, 0, self.viewport().width() / scale, self.viewport().height() / scale)
        seen.moveCenter(centre)
        scene.setSceneRect(scene.sceneRect().united(seen))
        self.centerOn(centre)
        self._zoomed()
        self.fitted = True

    def _fit_local(self, rect: QRectF, scale: float) -> tuple[float, QPointF]:
        """Scale and centre for a local graph.

        The whole neighbourhood with its neighbours' names when those names can then be told
        apart; otherwise closer, on the selected concept and its neighbours, just close
        enough that their names do not overlap.
        """
        labels = self.graph_scene.labels
        area = self._free_area()
        for _step in range(8):  # the names stick out of the nodes' box: shrink to fit them
            apart, extent = labels.forced_extent(QTransform.fromScale(scale, scale))
            extent = extent.united(QRectF(rect.topLeft() * scale, rect.size() * scale))
            ratio = min(area.width() / extent.width(), area.height() / extent.height())
            if ratio >= 0.995:
                break
            scale *= ratio * 0.99
        if not apart:
            while scale < FIT_MAX:
                scale = min(scale * 1.1, FIT_MAX)
                apart, extent = labels.forced_extent(QTransform.fromScale(scale, scale))
                if apart:
                    break
        # Put the middle of what must show in the middle of the free area.
        offset = area.center() - self._view_rect().center()
        return scale, (extent.center() - offset) / scale

    def _free_areas(self) -> list[QRectF]:
        """Where the graph may go in the viewport: all of it, or, with the legend over the
        bottom left, right of the legend and above it (the fits pick between the two)."""
        view = self._view_rect()
        width, height = view.width(), view.height()
        if self.overlay is None or not self.overlay.isVisible():
            return [view]
        cover_w, cover_h = self.overlay.width() + 20, self.overlay.height() + 20
        return [
            QRectF(cover_w, 0, max(width - cover_w, 50), height),
            QRectF(0, 0, width, max(height - cover_h, 50)),
        ]

    def _view_rect(self) -> QRectF:
        return QRectF(0, 0, max(self.viewport().width(), 50), max(self.viewport().height(), 50))

    def _free_area(self) -> QRectF:
        """The bigger of the free areas."""
        return max(self._free_areas(), key=lambda r: r.width() * r.height())

    def restore(self, transform: QTransform, centre: QPointF) -> None:
        """Back to a zoom and centre saved earlier (with its level of detail)."""
        self.setTransform(transform)
        self.centerOn(centre)
        self._zoomed()

    def _fit_beside_overlay(self, rect: QRectF) -> tuple[float, QPointF]:
        """The scale that fits `rect` beside the legend, and how far (in pixels) to move
        the view's centre so the graph clears it: in whichever free area lets it be bigger.
        """
        middle = self._view_rect().center()
        fits = [
            (min(a.width() / rect.width(), a.height() / rect.height()), a.center() - middle)
            for a in self._free_areas()
        ]
        scale, shift = max(fits, key=lambda fit: fit[0])
        return min(scale, FIT_MAX), shift

    def centre_on(self, concept_id: str) -> None:
        node = self.graph_scene.nodes.get(concept_id)
        if node is not None:
            self.centerOn(node.pos())

    def _zoomed(self) -> None:
        scale = self.scale_factor()
        self.graph_scene.set_level_of_detail(scale)
        self._make_items_on_screen()
        self.fitted = False
        self.zoom_changed.emit(scale)

    def _make_items_on_screen(self) -> None:
        """Big graphs: items for the nodes in view, once few enough are (graph_nodes.py)."""
        seen = self.mapToScene(self.viewport().rect()).boundingRect()
        self.graph_scene.node_items.on_screen(seen)

    def scrollContentsBy(self, dx: int, dy: int) -> None:
        super().scrollContentsBy(dx, dy)
        self.fitted = False  # panned: a resize keeps what the user chose
        self._make_items_on_screen()

    def resizeEvent(self, event: QResizeEvent) -> None:
        fitted = self.fitted
        super().resizeEvent(event)
        if fitted and self.graph_scene.nodes:
            self.fit_all()
        self._make_items_on_screen()

    def showEvent(self, event: object) -> None:
        super().showEvent(event)  # type: ignore[arg-type]
        if self.graph_scene.nodes and not event.spontaneous():  # type: ignore[attr-defined]
            self.fit_all()

    # -- names --------------------------------------------------------------------------

    def current_labels(self) -> list[Label]:
        """The names this view draws in its current frame."""
        viewport = self.viewport()
        blocked = []
        if self.overlay is not None and self.overlay.isVisible():
            corner = viewport.mapFrom(self.overlay.parentWidget(), self.overlay.pos())
            size = self.overlay.size()
            blocked.append((corner.x(), corner.y(), size.width(), size.height()))
        return self.graph_scene.labels.frame(
            self.viewportTransform(), viewport.width(), viewport.height(), blocked
        )

    def visible_labels(self) -> dict[str, QRect]:
        """Every label drawn in the current frame, in viewport pixels: concepts by id,
        regions as "category:<category id>"."""
        return {label.key: label.rect.toAlignedRect() for label in self.current_labels()}

    def drawForeground(self, painter: QPainter, rect: QRectF) -> None:
        super().drawForeground(painter, rect)
        labels = self.current_labels()
        if not labels:
            return
        painter.save()
        # From viewport pixels to the device, whatever the device is (a screen or an image).
        to_viewport, _ok = self.viewportTransform().inverted()
        painter.setWorldTransform(to_viewport * painter.worldTransform())
        palette = self.palette()
        self.graph_scene.labels.paint(
            painter,
            labels,
            self.graph_scene.label_colour,
            palette.color(QPalette.ColorRole.Base),
        )
        painter.restore()

    def wheelEvent(self, event: QWheelEvent) -> None:
        steps = event.angleDelta().y() / 120
        if steps:
            self.zoom_by(1.15**steps)  # anchored under the mouse
        event.accept()

    # -- clicks ------------------------------------------------------------------------

    def _concept_at(self, pos: QPoint) -> str | None:
        item = self.itemAt(pos)
        while item is not None and not isinstance(item, NodeItem):
            item = item.parentItem()
        if isinstance(item, NodeItem):
            return item.concept_id
        tolerance = 6 / max(self.scale_factor(), 1e-6)
        return (
            self.graph_scene.node_at(self.mapToScene(pos), tolerance)
            if self.graph_scene.dots_mode
            else None
        )

    def _make_items_under(self, event: QMouseEvent) -> None:
        # A big graph's node may have no item yet: make it before Qt looks for one to press,
        # hover or drag (a test's click comes with no move before it).
        self.graph_scene.node_items.at(self.mapToScene(event.position().toPoint()))

    def mousePressEvent(self, event: QMouseEvent) -> None:
        self._press = (
            event.position().toPoint() if event.button() == Qt.MouseButton.LeftButton else None
        )
        self._make_items_under(event)
        super().mousePressEvent(event)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        self._make_items_under(event)
        super().mouseMoveEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        super().mouseReleaseEvent(event)
        press, self._press = self._press, None
        if press is None or event.button() != Qt.MouseButton.LeftButton:
            return
        if (event.position().toPoint() - press).manhattanLength() <= 4:
            concept_id = self._concept_at(press)
            if concept_id is not None:
                event.accept()  # a click on a dot has no item to take it
                self.concept_clicked.emit(concept_id)

    # -- keyboard ----------------------------------------------------------------------

    def focusNextPrevChild(self, forward: bool) -> bool:
        # Tab moves among the selected concept's neighbours, not to the next widget.
        if self.graph_scene.selected is not None:
            return False
        return super().focusNextPrevChild(forward)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        scene = self.graph_scene
        if key in (Qt.Key.Key_Tab, Qt.Key.Key_Backtab) and scene.selected:
            self._cycle_cursor(-1 if key == Qt.Key.Key_Backtab else 1)
        elif key in _DIRECTIONS and scene.selected:
            self._move_cursor(_DIRECTIONS[key])
        elif key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and scene.cursor:
            self.concept_activated.emit(scene.cursor)
        elif key == Qt.Key.Key_Escape and scene.cursor:
            scene.set_cursor(None)
            self.cursor_cleared.emit()
        else:
            super().keyPressEvent(event)
            return
        event.accept()

    def neighbour_order(self) -> list[str]:
        """The selected concept's shown neighbours in the order Tab visits them:
        clockwise from north, as the eye sees them."""
        scene = self.graph_scene
        if scene.selected is None:
            return []
        near = [n for n in scene.neighbours.get(scene.selected, ()) if scene.is_shown(n)]
        origin = scene.nodes[scene.selected].pos()
        return sorted(near, key=lambda n: _bearing(origin, scene.nodes[n].pos()))

    def _cycle_cursor(self, step: int) -> None:
        candidates = self.neighbour_order()
        if not candidates:
            return
        scene = self.graph_scene
        index = (
            candidates.index(scene.cursor) + step
            if scene.cursor in candidates
            else (0 if step > 0 else -1)
        )
        self._set_cursor(candidates[index % len(candidates)])

    def _move_cursor(self, direction: tuple[float, float]) -> None:
        scene = self.graph_scene
        candidates = self.neighbour_order()
        if not candidates:
            return
        origin = scene.nodes[scene.cursor or scene.selected or candidates[0]].pos()

        def score(concept_id: str) -> float:
            pos = scene.nodes[concept_id].pos()
            dx, dy = pos.x() - origin.x(), pos.y() - origin.y()
            length = math.hypot(dx, dy) or 1.0
            along = (dx * direction[0] + dy * direction[1]) / length
            return -along if along > 0.2 else 10.0 - along

        best = min((c for c in candidates if c != scene.cursor), key=score, default=None)
        if best is not None and score(best) < 10:
            self._set_cursor(best)

    def _set_cursor(self, concept_id: str) -> None:
        self.graph_scene.set_cursor(concept_id)
        self.ensureVisible(self.graph_scene.nodes[concept_id].sceneBoundingRect(), 80, 80)


_DIRECTIONS = {
    Qt.Key.Key_Right: (1.0, 0.0),
    Qt.Key.Key_Left: (-1.0, 0.0),
    Qt.Key.Key_Up: (0.0, -1.0),
    Qt.Key.Key_Down: (0.0, 1.0),
}


def _bearing(origin: QPointF, point: QPointF) -> float:
    return math.atan2(point.x() - origin.x(), -(point.y() - origin.y())) % (2 * math.pi)
