"""The search box: live results from the core search as you type, Korean IME input included."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import QKeyEvent, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QCompleter, QLineEdit, QWidget

from app.core.model import Text
from app.core.search import Hit

__all__ = ["SearchBox"]

ID_ROLE = Qt.ItemDataRole.UserRole + 1


class SearchBox(QLineEdit):
    """Emits `concept_chosen(id)` on Enter (best result) or a click on a result."""

    concept_chosen = Signal(str)
    no_match = Signal(str)
    #: The concepts the box lists for the text typed so far (empty when there is no text).
    results_changed = Signal(list)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("searchBox")
        self.setClearButtonEnabled(True)
        self.setMinimumWidth(260)
        self.lang = "en"
        self._search: Callable[[str], list[Hit]] = lambda _q: []
        self._titles: dict[str, Text] = {}
        self.results = QStandardItemModel(self)
        self.completer_ = QCompleter(self.results, self)
        self.completer_.setCompletionMode(QCompleter.CompletionMode.UnfilteredPopupCompletion)
        self.completer_.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.completer_.setMaxVisibleItems(12)
        self.completer_.setWidget(self)
        self.completer_.activated[QModelIndex].connect(self._on_activated)
        self.textChanged.connect(self._on_text_changed)
        self._choosing = False

    def set_source(self, search: Callable[[str], list[Hit]], titles: dict[str, Text]) -> None:
        self._search = search
        self._titles = titles
        self.results.clear()

    def set_language(self, lang: str) -> None:
        self.lang = lang

    def result_ids(self) -> list[str]:
        return [self.results.item(row).data(ID_ROLE) for row in range(self.results.rowCount())]

    def _on_text_changed(self, text: str) -> None:
        if self._choosing:
            return
        self.results.clear()
        if not text.strip():
            self.completer_.popup().hide()
            self.results_changed.emit([])
            return
        other = "en" if self.lang == "ko" else "ko"
        for hit in self._search(text)[:30]:
            title = self._titles.get(hit.concept_id)
            if title is None:
                continue
            label = title.get(self.lang)
            second = title.get(other)
            item = QStandardItem(f"{label}   ·   {second}" if second != label else label)
            item.setData(hit.concept_id, ID_ROLE)
            item.setEditable(False)
            self.results.appendRow(item)
        if self.results.rowCount():
            self.completer_.complete()
        else:
            self.completer_.popup().hide()
        self.results_changed.emit(self.result_ids())

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            popup = self.completer_.popup()
            index = popup.currentIndex() if popup.isVisible() else QModelIndex()
            if index.isValid():
                self._on_activated(index)
            else:
                self._choose_first()
            event.accept()
            return
        if event.key() == Qt.Key.Key_Escape:
            self.completer_.popup().hide()
            self.clear()
            event.accept()
            return
        super().keyPressEvent(event)

    def _choose_first(self) -> None:
        if not self.results.rowCount() and self.text().strip():
            self._on_text_changed(self.text())
        if self.results.rowCount():
            self._emit(self.results.item(0).data(ID_ROLE))
        elif self.text().strip():
            self.no_match.emit(self.text())

    def _on_activated(self, index: QModelIndex) -> None:
        concept_id = index.data(ID_ROLE)
        if concept_id is None:
            # The completer hands out proxy indexes; map by row in our model.
            item = self.results.item(index.row())
            concept_id = item.data(ID_ROLE) if item else None
        if concept_id:
            self._emit(concept_id)

    def _emit(self, concept_id: str) -> None:
        self.completer_.popup().hide()
        self._choosing = True
        try:
            self.clear()
        finally:
            self._choosing = False
        self.concept_chosen.emit(concept_id)
