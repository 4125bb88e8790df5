"""Keyboard paths through the main window: one Tab order, Tab out of the graph, Esc to deselect."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QWidget

if TYPE_CHECKING:
    from app.ui.main_window import MainWindow

__all__ = ["install_keyboard", "tab_stops"]


def tab_stops(window: MainWindow) -> list[QWidget]:
    """The window's controls in Tab order: the toolbar left to right, the graph, the panel."""
    bar = window.toolbar
    toolbar = [bar.widgetForAction(action) for action in bar.actions()]
    panel = window.panel
    return [
        *(w for w in toolbar if w is not None and w.focusPolicy() & Qt.FocusPolicy.TabFocus),
        window.view,
        panel.back_button,
        panel.forward_button,
        panel.quiz_button,
        panel.quiz_near_button,
        panel.browser,
    ]


def install_keyboard(window: MainWindow) -> None:
    """Set the Tab order and let the graph hand Tab on and take Esc."""
    stops = tab_stops(window)
    for first, second in zip(stops, stops[1:], strict=False):
        QWidget.setTabOrder(first, second)
    window.graph_keys = GraphKeys(window)
    window.view.installEventFilter(window.graph_keys)


class GraphKeys(QObject):
    """Keys the graph view gets before it handles them itself.

    With a concept selected, Tab walks its neighbours (the view does that) and, after the
    last one, moves on to the panel, so Tab never stays in the graph; Shift+Tab walks back
    and leaves before the first. Esc clears the keyboard cursor first (the view does that),
    then the selection.
    """

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() != QEvent.Type.KeyPress or not isinstance(event, QKeyEvent):
            return False
        if event.modifiers() & ~Qt.KeyboardModifier.ShiftModifier:
            return False
        key = event.key()
        if key == Qt.Key.Key_Tab:
            return self._leave_if_done(forward=True)
        if key == Qt.Key.Key_Backtab:
            return self._leave_if_done(forward=False)
        if key == Qt.Key.Key_Escape:
            scene = self.window.scene
            if scene.cursor is None and scene.selected is not None:
                self.window.clear_selection()
                return True
        return False

    def _leave_if_done(self, forward: bool) -> bool:
        view, scene = self.window.view, self.window.scene
        # The view's own order (clockwise from north); it walks it while steps are left.
        order = view.neighbour_order()
        if order:
            end = order[-1] if forward else order[0]
            if scene.cursor != end and (forward or scene.cursor is not None):
                return False
        scene.set_cursor(None)
        self.window.focusNextPrevChild(forward)
        return True
