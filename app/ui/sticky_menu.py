"""A menu of check boxes that stays open while the user ticks several (Qt closes it on each)."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent, QMouseEvent
from PySide6.QtWidgets import QMenu

__all__ = ["keep_open_on_toggle"]

_TOGGLE_KEYS = {Qt.Key.Key_Space, Qt.Key.Key_Return, Qt.Key.Key_Enter}


class _KeepOpen(QObject):
    """Takes a click (or Space/Enter) on a checkable item: toggles it without closing the menu.

    Other items (such as "Show all") behave as usual and close it.
    """

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if not isinstance(watched, QMenu):
            return False
        if event.type() == QEvent.Type.MouseButtonRelease:
            assert isinstance(event, QMouseEvent)
            if event.button() != Qt.MouseButton.LeftButton:
                return False
            action = watched.actionAt(event.position().toPoint())
        elif event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            if event.key() not in _TOGGLE_KEYS:
                return False
            action = watched.activeAction()
        else:
            return False
        if action is None or not action.isCheckable() or not action.isEnabled():
            return False
        action.trigger()  # toggles it and emits toggled/triggered, as a closing click would
        return True


def keep_open_on_toggle(menu: QMenu) -> None:
    """Make `menu` stay open when a checkable item is toggled; safe to call again."""
    if menu.findChild(_KeepOpen) is None:
        menu.installEventFilter(_KeepOpen(menu))
