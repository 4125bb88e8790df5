"""The key-point checklist shown after an answer, shared by the quiz and the mock interview."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QAbstractItemView, QListWidget, QListWidgetItem, QPushButton

from app.core.model import KeyPoint
from app.core.rubric import covered, suggested_grade
from app.ui.quiz_text import RATINGS, qtr

__all__ = ["KeyPointsList", "mark_suggested", "CtrlEnterFilter"]

_SUGGESTED_STYLE = "font-weight: bold; border: 2px solid #1565c0; border-radius: 4px; padding: 4px;"


class KeyPointsList(QListWidget):
    """One checkable row per key point; ticked when the typed answer covers it.

    `item.data(Qt.UserRole)` is whether the typed answer covers the point; the check box is
    the learner's own view, which they may change (a paraphrase the keywords miss, or an
    answer said aloud rather than typed). `ticks_changed` carries the suggested rating.
    """

    ticks_changed = Signal(object)  # int | None: the suggested rating

    def __init__(self) -> None:
        super().__init__(objectName="keyPoints")
        # Never takes the keyboard: 1-4 grade and Space reveals in the dialog around it.
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.setWordWrap(True)
        self.itemChanged.connect(self._on_item_changed)
        self.hide()

    def show_points(self, points: Sequence[KeyPoint], typed: str, lang: str) -> None:
        """List `points` in `lang`, ticking the ones `typed` covers; hidden when there are none."""
        self.blockSignals(True)
        self.clear()
        for point, hit in zip(points, covered(points, typed), strict=True):
            item = QListWidgetItem(point.text.get(lang))
            item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsUserCheckable)
            item.setData(Qt.ItemDataRole.UserRole, hit)
            item.setCheckState(Qt.CheckState.Checked if hit else Qt.CheckState.Unchecked)
            item.setToolTip(", ".join(point.keywords))
            self.addItem(item)
        self.blockSignals(False)
        self.setVisible(bool(points))
        if points:
            rows = sum(self.sizeHintForRow(i) for i in range(self.count()))
            self.setFixedHeight(min(200, rows + 2 * self.frameWidth() + 4))

    def clear_points(self) -> None:
        self.blockSignals(True)
        self.clear()
        self.blockSignals(False)
        self.hide()

    def ticks(self) -> list[bool]:
        return [self.item(i).checkState() == Qt.CheckState.Checked for i in range(self.count())]

    def covered_count(self) -> int:
        return sum(self.ticks())

    def suggestion(self) -> int | None:
        return suggested_grade(self.ticks())

    def _on_item_changed(self, _item: QListWidgetItem) -> None:
        self.ticks_changed.emit(self.suggestion())


def mark_suggested(buttons: Sequence[QPushButton], rating: int | None, lang: str) -> str:
    """Outline the button of the suggested rating; the hint text to show (empty for none)."""
    for number, button in enumerate(buttons, start=1):
        button.setStyleSheet(_SUGGESTED_STYLE if number == rating else "")
        button.setProperty("suggested", number == rating)
    if rating is None:
        return ""
    return qtr("suggested_grade", lang, n=rating, grade=qtr(RATINGS[rating], lang))


class CtrlEnterFilter(QObject):
    """Calls `action` on Ctrl+Enter in a text box, which would otherwise insert a new line."""

    def __init__(self, action: Callable[[], object], parent: QObject) -> None:
        super().__init__(parent)
        self._action = action

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            isinstance(event, QKeyEvent)
            and event.type() == QEvent.Type.KeyPress
            and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
            and event.modifiers() & Qt.KeyboardModifier.ControlModifier
        ):
            self._action()
            return True
        return super().eventFilter(watched, event)
