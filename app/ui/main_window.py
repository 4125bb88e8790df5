"""The main window: graph view beside the concept panel, with search and navigation."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import networkx as nx
from PySide6.QtCore import QByteArray, QSettings, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QFontDatabase, QKeySequence, QPalette, QShortcut
from PySide6.QtWidgets import (
    QApplication,
    QFileDialog,
    QMainWindow,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QSplitter,
)

from app.core.content import ContentStatus, is_current
from app.core.graph import build_graph, degree, learning_path, relations_of
from app.core.pack_pool import gc_paused
from app.core.paths import bundled_pack_dir, resources_dir, user_paths
from app.core.search import search
from app.core.store import ContentStore, StoreError
from app.ui.application import app_icon
from app.ui.chrome import build_menus, build_toolbar
from app.ui.concept_panel import ConceptPanel
from app.ui.exports import export_html_dialog, export_html_to
from app.ui.focus import GraphFocus
from app.ui.graph_items import GraphScene
from app.ui.graph_view import GraphView
from app.ui.history import History
from app.ui.i18n import LANG_NAMES, system_language, tr, use_qt_translations
from app.ui.keyboard import install_keyboard
from app.ui.legend import Legend
from app.ui.opening import PackOpening
from app.ui.panel_html import PanelPage
from app.ui.progress_watch import ProgressWatch
from app.ui.study import Study
from app.ui.theme import Theme

__all__ = ["MainWindow"]


class MainWindow(QMainWindow):
    """Emits `content_loaded` once a pack's graph is on screen, `concept_selected(id)` on selection."""

    content_loaded = Signal()
    concept_selected = Signal(str)

    def __init__(
        self,
        data_dir: str | os.PathLike[str] | None = None,
        pack_dir: str | os.PathLike[str] | None = None,
    ) -> None:
        super().__init__()
        self.setObjectName("mainWindow")
        self.setWindowIcon(app_icon())
        self.paths = user_paths(data_dir).ensure()
        self.settings = QSettings(
            str(self.paths.config / "settings.ini"), QSettings.Format.IniFormat
        )
        self.lang = str(self.settings.value("language", system_language()))
        if self.lang not in LANG_NAMES:
            self.lang = "en"
        use_qt_translations(self.lang)
        self.theme = Theme(self.settings, self)
        self.pack_dir = Path(pack_dir) if pack_dir else bundled_pack_dir()
        self.store: ContentStore | None = None
        self.graph: nx.MultiDiGraph = nx.MultiDiGraph()
        self.categories: dict = {}
        self.history = History()
        self._building = False

        self.scene = GraphScene(self)
        self.view = GraphView(self.scene)
        self.panel = ConceptPanel()
        self.legend = Legend(self.view)
        self.view.overlay = self.legend  # fitting the graph keeps nodes out from under it
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(self.view)
        self.splitter.addWidget(self.panel)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        self.setCentralWidget(self.splitter)
        self._texts: list[tuple[Callable[[str], object], str]] = []
        build_toolbar(self)
        build_menus(self)
        install_keyboard(self)
        self._build_status_bar()
        self.study = Study(self)
        self.graph_focus = GraphFocus(self)
        self._connect()
        self.theme.applied.connect(self._on_theme_applied)
        self.theme.apply()
        self.retranslate()
        self._restore_window_state()
        self._check_korean_font()
        self.open_pack(self.pack_dir)

    # -- construction ------------------------------------------------------------------

    def _build_status_bar(self) -> None:
        self.busy = QProgressBar()
        self.busy.setRange(0, 0)
        self.busy.setMaximumWidth(260)  # wide enough for the phase of a long open
        self.busy.setVisible(False)
        self.busy.setObjectName("openProgress")
        self.statusBar().addPermanentWidget(self.busy)
        self.cancel_open_button = QPushButton()
        self.cancel_open_button.setObjectName("cancelOpenButton")
        self.cancel_open_button.setVisible(False)
        self.cancel_open_button.clicked.connect(self.cancel_open)
        self.translatable(self.cancel_open_button.setText, "open_cancel")
        self.statusBar().addPermanentWidget(self.cancel_open_button)
        self.opening = PackOpening(self)

    def _connect(self) -> None:
        self.view.concept_clicked.connect(self.select)
        self.view.concept_activated.connect(self.select)
        self.panel.concept_requested.connect(self.select)
        self.panel.link_refused.connect(self._on_link_refused)
        self.panel.back_requested.connect(self.go_back)
        self.panel.forward_requested.connect(self.go_forward)
        self.search_box.concept_chosen.connect(self.select)
        self.search_box.results_changed.connect(self.scene.set_search_hits)
        self.search_box.no_match.connect(
            lambda q: self.statusBar().showMessage(tr("no_results", self.lang, q=q), 4000)
        )
        self.language_switch.currentIndexChanged.connect(self._on_language_changed)
        self.fit_action.triggered.connect(lambda: self.view.fit_all())
        QShortcut(QKeySequence("Alt+Left"), self, self.go_back)
        QShortcut(QKeySequence("Alt+Right"), self, self.go_forward)
        QShortcut(QKeySequence.StandardKey.Find, self, self.focus_search)
        QShortcut(QKeySequence("/"), self.view, self.focus_search)
        self.view.zoom_changed.connect(lambda _s: self._place_legend())
        self.panel.quiz_requested.connect(self.study.quiz_concept)
        self.review_button.clicked.connect(lambda: self.study.review_due())
        self.learn_button.clicked.connect(lambda: self.study.learn_new())
        self.stats_button.clicked.connect(self.show_stats)
        self.mastery_toggle.toggled.connect(self._on_mastery_toggled)
        self.legend_action.setChecked(self.settings.value("legend", True, type=bool))
        self.legend.setVisible(self.legend_action.isChecked())
        self.legend_action.toggled.connect(self._on_legend_toggled)
        self.study.progress_changed.connect(self.refresh_progress)
        # Another running copy answered: its due counts and mastery show here too.
        self.progress_watch = ProgressWatch(self.paths.progress_db, self)
        self.progress_watch.changed_elsewhere.connect(self.refresh_progress)
        # Cards fall due while the app sits open: recount once a minute.
        self.due_timer = QTimer(self, interval=60_000)
        self.due_timer.timeout.connect(self._update_due_label)
        self.due_timer.start()

    def _apply_style(self) -> None:
        sheet = resources_dir() / "style.qss"
        if sheet.is_file():
            self.setStyleSheet(sheet.read_text(encoding="utf-8"))

    def _label_colour(self):  # noqa: ANN202 - QColor
        # The application's palette: a widget's own copy follows it only once events run.
        return QApplication.palette().color(QPalette.ColorRole.Text)

    def _on_theme_applied(self, _dark: bool) -> None:
        self._apply_style()  # palette(...) in the sheet resolves against the new palette
        self.scene.set_language(self.lang, self._label_colour())

    # -- language ----------------------------------------------------------------------

    def translatable(self, setter: Callable[[str], object], key: str) -> None:
        """Call `setter` with the UI string `key` now and whenever the language changes."""
        self._texts.append((setter, key))

    def retranslate(self) -> None:
        lang = self.lang
        self.setWindowTitle(tr("app", lang))
        for setter, key in self._texts:
            setter(tr(key, lang))
        self.search_box.setPlaceholderText(tr("search_placeholder", lang))
        self.search_box.set_language(lang)
        self._update_due_label()
        self.panel.retranslate(lang)
        self.scene.set_language(lang, self._label_colour())
        self.graph_focus.fill_category_menu()
        self.legend.set_content(list(self.categories.values()), lang)
        self._place_legend()

    def set_language(self, lang: str) -> None:
        """Switch the UI to `lang` ("en" or "ko"), as the language box does."""
        if lang not in LANG_NAMES:
            raise ValueError(f"unknown UI language {lang!r}")
        self.language_switch.setCurrentIndex(self.language_switch.findData(lang))

    def _on_language_changed(self, index: int) -> None:
        self.lang = self.language_switch.itemData(index)
        self.settings.setValue("language", self.lang)
        use_qt_translations(self.lang)
        self.retranslate()
        if self.graph_focus.local:
            self.graph_focus.apply()  # labels changed width: make room for them again

    # -- loading a pack ----------------------------------------------------------------

    def open_pack(self, pack_dir: Path) -> None:
        """Show `pack_dir`; build its database first (in the background) if the text changed."""
        pack_dir = Path(pack_dir)
        db = self.paths.content_db(pack_dir)
        if is_current(pack_dir, db):
            self.show_content(pack_dir, ContentStatus(db, False))
        else:
            self.opening.start(pack_dir, db)

    def cancel_open(self) -> None:
        """Stop building the pack being opened; the graph on screen stays as it was."""
        self.opening.cancel()

    def show_content(self, pack_dir: Path, status: ContentStatus) -> None:
        """Show the content database `status` names, built from `pack_dir`."""
        # A big graph makes ~170k objects here, all kept: collections would only walk them.
        with gc_paused():
            self._show_content(pack_dir, status)

    def _show_content(self, pack_dir: Path, status: ContentStatus) -> None:
        self._building = False
        self.busy.setVisible(False)
        try:
            store = ContentStore(status.db_path)
        except StoreError as exc:
            QMessageBox.warning(self, tr("error", self.lang), str(exc))
            return
        if self.store is not None:
            self.store.close()
        self.store = store
        self.pack_dir = pack_dir
        summaries = store.summaries()
        links = store.links()
        self.categories = {c.id: c for c in store.categories()}
        self.graph = build_graph(summaries, links)
        self.titles = {s.id: s.title for s in summaries}
        self.graph_focus.hidden_categories &= set(self.categories)
        self.scene.set_language(self.lang, self._label_colour())
        self.scene.set_graph(
            summaries, links, store.positions(), self.categories.values(), degree(self.graph)
        )
        self.search_box.set_source(lambda q: search(store, q), self.titles)
        self.history = History()
        self.study.content_changed()
        self.local_toggle.setChecked(False)
        self.graph_focus.apply()
        self.retranslate()
        self.view.fit_all()
        self.statusBar().showMessage(tr("loaded", self.lang, n=len(summaries), m=len(links)), 5000)
        last = str(self.settings.value("last_concept", ""))
        if last in self.titles and Path(str(self.settings.value("last_pack", ""))) == pack_dir:
            self.select(last)
        else:
            self.panel.show_page(None)
        self.settings.setValue("last_pack", str(pack_dir))
        self.panel.set_quiz_available(self.study.writable)
        if self.study.problem:
            self.statusBar().showMessage(self.study.problem)
        self.refresh_progress()
        self.content_loaded.emit()
        self.opening.index(status.db_path)

    # -- selection and navigation ------------------------------------------------------

    def select(self, concept_id: str, record: bool = True) -> None:
        """Show `concept_id` in the panel, ring and centre it; remember it for Back."""
        if self.store is None or concept_id not in self.titles:
            return
        concept = self.store.concept(concept_id)
        if concept is None:
            return
        if record:
            self.history.visit(concept_id)
        self.scene.set_selected(concept_id)
        self.scene.set_cursor(None)
        if self.graph_focus.local:
            self.graph_focus.refocus()
        else:
            self.view.centre_on(concept_id)
        page = PanelPage(
            concept=concept,
            category=self.categories.get(concept.category),
            relations=relations_of(self.graph, concept_id),
            path=learning_path(self.graph, concept_id),
            titles=self.titles,
            mastery=self.study.mastery().get(concept_id) if self.study.progress else None,
            mastery_known=self.study.progress is not None,
        )
        self.panel.show_page(page, Path(self.store.root))
        self.panel.set_history_state(self.history.can_back(), self.history.can_forward())
        self.settings.setValue("last_concept", concept_id)
        self.concept_selected.emit(concept_id)

    def clear_selection(self) -> None:
        """Nothing selected: no ring, the panel's hint, the local graph shows everything."""
        self.scene.set_cursor(None)
        self.scene.set_selected(None)
        self.panel.show_page(None)
        self.settings.setValue("last_concept", "")
        if self.graph_focus.local:
            self.graph_focus.apply()

    def go_back(self) -> None:
        concept_id = self.history.back()
        if concept_id:
            self.select(concept_id, record=False)

    def go_forward(self) -> None:
        concept_id = self.history.forward()
        if concept_id:
            self.select(concept_id, record=False)

    def focus_search(self) -> None:
        self.search_box.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search_box.selectAll()

    def _on_link_refused(self, url: str) -> None:
        self.statusBar().showMessage(tr("link_refused", self.lang, url=url[:80]), 6000)

    # -- file actions ------------------------------------------------------------------

    def open_pack_dialog(self) -> None:
        folder = QFileDialog.getExistingDirectory(
            self, tr("open_pack", self.lang), str(self.pack_dir)
        )
        if folder:
            self.open_pack(Path(folder))

    def export_dialog(self) -> None:
        export_html_dialog(self)

    def export_to(self, target: Path) -> None:
        """Write the HTML export in the background; the status bar says when it is done."""
        export_html_to(self, target)

    # -- progress ----------------------------------------------------------------------

    def refresh_progress(self) -> None:
        """Due count, mastery overlay and the panel's mastery line after answers or a restore."""
        self.progress_watch.seen()
        self._update_due_label()
        if self.mastery_toggle.isChecked():
            self.scene.set_mastery(self.study.mastery())
        current = self.panel.current_id()
        if current and self.panel.page is not None and self.study.progress is not None:
            self.panel.page.mastery = self.study.mastery().get(current)
            self.panel.page.mastery_known = True
            self.panel.retranslate(self.lang)

    def _update_due_label(self) -> None:
        due = self.study.due_count() if self.store is not None else 0
        text = tr("review_due", self.lang, n=due)
        self.review_button.setText(text)
        self.review_action.setText(text)
        enabled = self.study.writable
        for widget in (
            self.review_button,
            self.learn_button,
            self.review_action,
            self.learn_action,
        ):
            widget.setEnabled(enabled)

    def _on_mastery_toggled(self, on: bool) -> None:
        self.scene.set_mastery(self.study.mastery() if on else None)
        self.legend.set_mastery_shown(on)  # the key to the ring colours

    def show_stats(self) -> None:
        from app.ui.stats_dialog import StatsDialog

        if self.store is None:
            return
        dialog = StatsDialog(self.store, self.paths.progress_db, self.lang, self)
        dialog.open()
        self.stats_dialog = dialog

    def show_about(self) -> None:
        from app.ui.about import about_box

        box = about_box(self, self.lang, self.paths.data, self.pack_dir,
                        self.graph.number_of_nodes(), self.graph.number_of_edges())  # fmt: skip
        box.open()
        self.about_box = box

    # -- window state ------------------------------------------------------------------

    def _restore_window_state(self) -> None:
        geometry = self.settings.value("geometry")
        if isinstance(geometry, QByteArray):
            self.restoreGeometry(geometry)
        else:
            self.resize(1280, 800)
        splitter = self.settings.value("splitter")
        if isinstance(splitter, QByteArray):
            self.splitter.restoreState(splitter)
        else:
            self.splitter.setSizes([780, 500])

    def _on_legend_toggled(self, on: bool) -> None:
        self.legend.setVisible(on)
        self.settings.setValue("legend", on)

    def _place_legend(self) -> None:
        self.legend.place()

    def resizeEvent(self, event: object) -> None:
        super().resizeEvent(event)  # type: ignore[arg-type]
        QTimer.singleShot(0, self._place_legend)

    def _check_korean_font(self) -> None:
        if not QFontDatabase.families(QFontDatabase.WritingSystem.Korean):
            self.statusBar().showMessage(tr("no_korean_font", self.lang))

    def closeEvent(self, event: QCloseEvent) -> None:
        self.settings.setValue("geometry", self.saveGeometry())
        self.settings.setValue("splitter", self.splitter.saveState())
        self.settings.setValue("language", self.lang)
        self.settings.sync()
        self.study.close()
        self.opening.stop_index()  # quitting need not wait for the search index
        if self.store is not None:
            self.store.close()
            self.store = None
        super().closeEvent(event)
