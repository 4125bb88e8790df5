"""The concept panel: explanation, links, questions and sources; every link goes through one handler."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QEvent, Qt, QUrl, Signal
from PySide6.QtGui import (
    QAction,
    QColor,
    QDesktopServices,
    QImageReader,
    QKeySequence,
    QPalette,
    QTextDocument,
    QTextOption,
)
from PySide6.QtWidgets import (
    QHBoxLayout,
    QPushButton,
    QTextBrowser,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from app.core.markup import CONCEPT_SCHEME
from app.ui.i18n import tr
from app.ui.panel_html import ANSWER_SCHEME, PanelPage, render_page

__all__ = ["ConceptPanel", "ContentBrowser"]

MAX_IMAGE_BYTES = 5_000_000
MAX_IMAGE_SIDE = 4096
#: Quiz me / Quiz me on this and its neighbours, from anywhere in the main window.
QUIZ_SHORTCUT = QKeySequence("Ctrl+T")
QUIZ_NEIGHBOURS_SHORTCUT = QKeySequence("Ctrl+Shift+T")


class ContentBrowser(QTextBrowser):
    """A QTextBrowser that never follows links itself and loads images only from the pack.

    Emits `palette_changed` once its own palette has changed (a theme switch).
    """

    palette_changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setOpenLinks(False)
        self.setOpenExternalLinks(False)
        # Long code lines and long words wrap: the panel never scrolls sideways. (Qt's
        # table layout can still come out a pixel wider than the page; no bar for that.)
        self.setWordWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.pack_root: Path | None = None

    def style_for_palette(self) -> None:
        """Code blocks wrap inside a tinted box of the palette's colours (light or dark)."""
        palette = self.palette()
        base = palette.color(QPalette.ColorRole.Base)
        text = palette.color(QPalette.ColorRole.Text)
        tint = QColor.fromRgbF(
            *(0.92 * b + 0.08 * t for b, t in zip(_rgb(base), _rgb(text), strict=True))
        )
        self.document().setDefaultStyleSheet(
            f"pre {{ white-space: pre-wrap; background-color: {tint.name()}; }}"
            f" .hint {{ color: {palette.color(QPalette.ColorRole.PlaceholderText).name()}; }}"
        )

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange:
            self.palette_changed.emit()

    def loadResource(self, kind: int, url: QUrl) -> object:
        if kind != QTextDocument.ResourceType.ImageResource.value or self.pack_root is None:
            return None
        return _pack_image(self.pack_root, url)


def _rgb(colour: QColor) -> tuple[float, float, float]:
    return colour.redF(), colour.greenF(), colour.blueF()


def _pack_image(root: Path, url: QUrl) -> object:
    """The image at a relative `url` inside `root`, or None (outside, too big, not an image)."""
    if url.scheme() or url.isEmpty():
        return None
    try:
        base = root.resolve()
        path = (base / url.path()).resolve()
    except (OSError, ValueError):
        return None
    if not path.is_relative_to(base) or not path.is_file() or path.stat().st_size > MAX_IMAGE_BYTES:
        return None
    reader = QImageReader(str(path))
    size = reader.size()
    if not size.isValid() or max(size.width(), size.height()) > MAX_IMAGE_SIDE:
        return None
    image = reader.read()
    return None if image.isNull() else image


class ConceptPanel(QWidget):
    """Shows one concept. Emits `concept_requested(id)` for internal links, `link_refused(url)` otherwise."""

    concept_requested = Signal(str)
    link_refused = Signal(str)
    back_requested = Signal()
    forward_requested = Signal()
    quiz_requested = Signal(str, bool)  # concept id, with neighbours

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("conceptPanel")
        self.lang = "en"
        self.page: PanelPage | None = None
        self.back_button = QToolButton(objectName="backButton")
        self.forward_button = QToolButton(objectName="forwardButton")
        self.back_button.setArrowType(self.back_button.arrowType().LeftArrow)
        self.forward_button.setArrowType(self.forward_button.arrowType().RightArrow)
        self.back_button.clicked.connect(self.back_requested)
        self.forward_button.clicked.connect(self.forward_requested)
        # The actions also sit in the Study menu, where their shortcuts work window-wide.
        self.quiz_action = QAction(self, objectName="quizAction", shortcut=QUIZ_SHORTCUT)
        self.quiz_near_action = QAction(
            self, objectName="quizNeighboursAction", shortcut=QUIZ_NEIGHBOURS_SHORTCUT
        )
        self.quiz_action.triggered.connect(lambda: self._quiz(False))
        self.quiz_near_action.triggered.connect(lambda: self._quiz(True))
        self.quiz_button = QPushButton(objectName="quizButton")
        self.quiz_near_button = QPushButton(objectName="quizNeighboursButton")
        self.quiz_button.clicked.connect(self.quiz_action.trigger)
        self.quiz_near_button.clicked.connect(self.quiz_near_action.trigger)
        self._quiz_available = False
        self.browser = ContentBrowser(self)
        self.browser.setObjectName("conceptText")
        self.browser.anchorClicked.connect(self._on_anchor_clicked)
        self.browser.palette_changed.connect(self._render)  # code boxes in the theme's colours

        top = QHBoxLayout()
        top.addWidget(self.back_button)
        top.addWidget(self.forward_button)
        top.addStretch(1)
        top.addWidget(self.quiz_button)
        top.addWidget(self.quiz_near_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addLayout(top)
        layout.addWidget(self.browser, 1)
        # Tab walks the panel top to bottom: history, quiz, then the text and its links.
        order = [self.back_button, self.forward_button, self.quiz_button]
        for first, second in zip(order, [*order[1:], self.quiz_near_button], strict=True):
            self.setTabOrder(first, second)
        self.setTabOrder(self.quiz_near_button, self.browser)
        self.set_history_state(False, False)
        self.set_quiz_available(False)
        self.retranslate("en")

    def retranslate(self, lang: str) -> None:
        self.lang = lang
        self.back_button.setToolTip(tr("back", lang) + " (Alt+Left)")
        self.forward_button.setToolTip(tr("forward", lang) + " (Alt+Right)")
        for action, button, key in (
            (self.quiz_action, self.quiz_button, "quiz_me"),
            (self.quiz_near_action, self.quiz_near_button, "quiz_neighbours"),
        ):
            text = tr(key, lang)
            keys = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
            action.setText(text)
            action.setToolTip(f"{text} ({keys})")
            button.setText(text)
            button.setToolTip(f"{text} ({keys})")
        self._render()

    def set_history_state(self, can_back: bool, can_forward: bool) -> None:
        self.back_button.setEnabled(can_back)
        self.forward_button.setEnabled(can_forward)

    def set_quiz_available(self, available: bool) -> None:
        self._quiz_available = available
        self.quiz_button.setVisible(available)
        self.quiz_near_button.setVisible(available)
        self._update_quiz_enabled()

    def _update_quiz_enabled(self) -> None:
        enabled = self.page is not None and self._quiz_available
        for widget in (self.quiz_action, self.quiz_near_action):
            widget.setEnabled(enabled)
        self.quiz_button.setEnabled(self.page is not None)
        self.quiz_near_button.setEnabled(self.page is not None)

    def show_page(self, page: PanelPage | None, pack_root: Path | None = None) -> None:
        """Show `page`: a different concept opens at its top, the same one where it was."""
        same = (
            page is not None and self.page is not None and page.concept.id == self.page.concept.id
        )
        self.page = page
        self.browser.pack_root = pack_root
        self._render(keep_scroll=same)

    def current_id(self) -> str | None:
        return self.page.concept.id if self.page else None

    def _render(self, keep_scroll: bool = True) -> None:
        self._update_quiz_enabled()
        self.browser.style_for_palette()
        if self.page is None:
            self.browser.setHtml(f"<p class='hint'>{tr('select_hint', self.lang)}</p>")
            return
        scroll = self.browser.verticalScrollBar().value() if keep_scroll else 0
        self.browser.setHtml(render_page(self.page, self.lang))
        self.browser.verticalScrollBar().setValue(scroll)
        self.browser.horizontalScrollBar().setValue(0)

    def text(self) -> str:
        """What the panel shows, as plain text (for tests and accessibility)."""
        return self.browser.toPlainText()

    def _quiz(self, neighbours: bool) -> None:
        if self.page is not None:
            self.quiz_requested.emit(self.page.concept.id, neighbours)

    def _on_anchor_clicked(self, url: QUrl) -> None:
        self.handle_link(url.toString())

    def handle_link(self, href: str) -> None:
        """The one place a link from content is followed, or refused."""
        lowered = href.strip().lower()
        if lowered.startswith(CONCEPT_SCHEME):
            self.concept_requested.emit(href.strip()[len(CONCEPT_SCHEME) :])
        elif lowered.startswith(ANSWER_SCHEME):
            question_id = href.strip()[len(ANSWER_SCHEME) :]
            if self.page is not None:
                self.page.shown_answers ^= {question_id}
                self._render()
        elif lowered.startswith(("http://", "https://")) and QUrl(href).isValid():
            QDesktopServices.openUrl(QUrl(href))
        else:
            self.link_refused.emit(href)
