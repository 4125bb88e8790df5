"""The main window's toolbar and menus; their texts are registered for the language switch."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QLabel,
    QMenu,
    QSpinBox,
    QToolBar,
    QToolButton,
    QWidget,
)

from app.core.paths import bundled_pack_dir
from app.ui.exports import export_anki_dialog
from app.ui.i18n import LANG_NAMES
from app.ui.search_box import SearchBox
from app.ui.theme import MODES

if TYPE_CHECKING:
    from app.ui.main_window import MainWindow

__all__ = ["build_toolbar", "build_menus"]


def _menu(window: MainWindow, key: str) -> QMenu:
    menu = window.menuBar().addMenu("")
    window.translatable(menu.setTitle, key)
    return menu


def _action(window: MainWindow, menu: QMenu, key: str, slot: Callable[[], object]) -> QAction:
    action = menu.addAction("", slot)
    window.translatable(action.setText, key)
    return action


def build_toolbar(window: MainWindow) -> None:
    """The toolbar: search, local graph, categories, fit, mastery, study buttons, language."""
    bar = QToolBar(objectName="mainToolbar")
    bar.setMovable(False)
    window.addToolBar(bar)
    window.search_box = SearchBox()
    bar.addWidget(window.search_box)
    bar.addSeparator()
    window.local_toggle = QCheckBox(objectName="localGraphToggle")
    window.translatable(window.local_toggle.setText, "local_graph")
    window.depth_box = QSpinBox(objectName="depthBox")
    window.depth_box.setRange(1, 3)
    window.depth_box.setValue(int(window.settings.value("local_depth", 1)))
    window.depth_label = QLabel()
    window.translatable(window.depth_label.setText, "depth")
    bar.addWidget(window.local_toggle)
    bar.addWidget(window.depth_label)
    bar.addWidget(window.depth_box)
    bar.addSeparator()
    window.category_button = QToolButton(objectName="categoryFilter")
    window.category_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
    window.category_menu = QMenu(window.category_button)
    window.category_button.setMenu(window.category_menu)
    window.translatable(window.category_button.setText, "categories")
    bar.addWidget(window.category_button)
    window.fit_action = QAction(window, shortcut=QKeySequence("Ctrl+0"))
    window.translatable(window.fit_action.setText, "fit")
    bar.addAction(window.fit_action)
    window.mastery_toggle = QCheckBox(objectName="masteryToggle")
    window.translatable(window.mastery_toggle.setText, "mastery_overlay")
    bar.addWidget(window.mastery_toggle)
    bar.addSeparator()
    window.review_button = QToolButton(objectName="reviewButton")
    window.learn_button = QToolButton(objectName="learnButton")
    window.stats_button = QToolButton(objectName="statsButton")
    window.translatable(window.learn_button.setText, "learn_new")
    window.translatable(window.stats_button.setText, "stats")
    bar.addWidget(window.review_button)
    bar.addWidget(window.learn_button)
    bar.addWidget(window.stats_button)
    spacer = QWidget()
    spacer.setSizePolicy(
        spacer.sizePolicy().horizontalPolicy().Expanding, spacer.sizePolicy().verticalPolicy()
    )
    bar.addWidget(spacer)
    window.language_switch = QComboBox(objectName="languageSwitch")
    window.translatable(window.language_switch.setToolTip, "language")
    for code, name in LANG_NAMES.items():
        window.language_switch.addItem(name, code)
    window.language_switch.setCurrentIndex(window.language_switch.findData(window.lang))
    bar.addWidget(window.language_switch)
    window.toolbar = bar


def build_menus(window: MainWindow) -> None:
    """File, View, Study and Help; every item also reachable by its shortcut or mnemonic."""
    window.file_menu = _menu(window, "file")
    window.open_action = _action(window, window.file_menu, "open_pack", window.open_pack_dialog)
    window.open_action.setShortcut(QKeySequence.StandardKey.Open)
    window.bundled_action = _action(
        window, window.file_menu, "open_bundled", lambda: window.open_pack(bundled_pack_dir())
    )
    window.export_action = _action(window, window.file_menu, "export_html", window.export_dialog)
    window.export_action.setShortcut(QKeySequence("Ctrl+E"))
    window.export_anki_action = _action(
        window, window.file_menu, "export_anki", lambda: export_anki_dialog(window)
    )
    window.file_menu.addSeparator()
    window.quit_action = _action(window, window.file_menu, "quit", window.close)
    window.quit_action.setShortcut(QKeySequence.StandardKey.Quit)
    window.view_menu = _menu(window, "view")
    window.view_menu.addAction(window.fit_action)
    window.zoom_in_action = _action(window, window.view_menu, "zoom_in", window.view.zoom_in)
    window.zoom_in_action.setShortcuts([QKeySequence.StandardKey.ZoomIn, QKeySequence("Ctrl+=")])
    window.zoom_out_action = _action(window, window.view_menu, "zoom_out", window.view.zoom_out)
    window.zoom_out_action.setShortcut(QKeySequence.StandardKey.ZoomOut)
    window.zoom_reset_action = _action(
        window, window.view_menu, "zoom_reset", window.view.zoom_reset
    )
    window.zoom_reset_action.setShortcut(QKeySequence("Ctrl+1"))
    window.view_menu.addSeparator()
    window.legend_action = window.view_menu.addAction("")
    window.translatable(window.legend_action.setText, "show_legend")
    window.legend_action.setCheckable(True)
    window.legend_action.setShortcut(QKeySequence("Ctrl+Shift+L"))
    _theme_menu(window)
    window.study_menu = _menu(window, "study")
    window.quiz_action = window.panel.quiz_action  # Ctrl+T, on the selected concept
    window.study_menu.addAction(window.quiz_action)
    window.study_menu.addAction(window.panel.quiz_near_action)
    window.study_menu.addSeparator()
    window.review_action = window.study_menu.addAction(
        "", lambda: window.study.review_due()
    )  # text: the due count
    window.review_action.setShortcut(QKeySequence("Ctrl+R"))
    window.learn_action = _action(
        window, window.study_menu, "learn_new", lambda: window.study.learn_new()
    )
    window.learn_action.setShortcut(QKeySequence("Ctrl+L"))
    window.stats_action = _action(window, window.study_menu, "stats", window.show_stats)
    window.help_menu = _menu(window, "help")
    window.restore_action = _action(
        window, window.help_menu, "restore_backup", lambda: window.study.choose_backup()
    )
    window.about_action = _action(window, window.help_menu, "about", window.show_about)


def _theme_menu(window: MainWindow) -> None:
    """View → Theme: System, Light, Dark; one checked, the choice kept by `window.theme`."""
    menu = window.view_menu.addMenu("")
    window.translatable(menu.setTitle, "theme")
    group = QActionGroup(menu)
    window.theme_actions = {}
    for mode in MODES:
        action = menu.addAction("")
        action.triggered.connect(lambda _checked=False, m=mode: window.theme.set_mode(m))
        action.setObjectName(f"theme{mode.capitalize()}")
        action.setCheckable(True)
        action.setChecked(window.theme.mode == mode)
        group.addAction(action)
        window.translatable(action.setText, f"theme_{mode}")
        window.theme_actions[mode] = action
