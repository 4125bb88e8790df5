"""Fixtures for widget tests: a main window on the mini pack, and ways to type and click like a user."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QInputMethodEvent, QTextCursor
from PySide6.QtWidgets import QApplication, QTextBrowser, QWidget

from tests.conftest import MINI_PACK


def open_window(qtbot, data_dir: Path, pack_dir: Path = MINI_PACK):  # noqa: ANN001, ANN201
    from app.ui import build_main_window

    window = build_main_window(data_dir=data_dir, pack_dir=pack_dir)
    qtbot.addWidget(window)
    if window.store is None:
        qtbot.waitUntil(lambda: window.store is not None, timeout=60_000)
    window.resize(1200, 800)
    window.show()
    qtbot.waitExposed(window)
    window.view.fit_all()
    return window


@pytest.fixture
def window(qtbot, tmp_path: Path):  # noqa: ANN001, ANN201
    return open_window(qtbot, tmp_path / "data")


def type_text(widget: QWidget, text: str) -> None:
    """Type `text` the way an input method commits it (works for Korean; keyClicks aborts on it)."""
    widget.setFocus()
    event = QInputMethodEvent()
    event.setCommitString(text)
    QApplication.sendEvent(widget, event)


def click_node(qtbot, window, concept_id: str) -> None:  # noqa: ANN001
    """A real left click at the node's position on screen."""
    view = window.view
    item = window.scene.nodes[concept_id]
    view.centerOn(item.pos())
    point = view.mapFromScene(item.scenePos())
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=point)


def anchor_point(browser: QTextBrowser, href: str) -> QPoint:
    """Where the link to `href` is drawn in the browser's viewport (scrolled into view)."""
    document = browser.document()
    block = document.begin()
    while block.isValid():
        iterator = block.begin()
        while not iterator.atEnd():
            fragment = iterator.fragment()
            if fragment.charFormat().anchorHref() == href:
                cursor = QTextCursor(document)
                cursor.setPosition(fragment.position() + max(1, fragment.length() // 2))
                browser.setTextCursor(cursor)
                browser.ensureCursorVisible()
                return browser.cursorRect(cursor).center()
            iterator += 1
        block = block.next()
    raise AssertionError(f"no link to {href} in the panel")


def pack_errors(qtbot, window, pack: Path, lang: str):  # noqa: ANN001, ANN201
    """Open the broken `pack` with the UI in `lang`; the errors dialog that opens, and its
    rows as (line, message) by file, in the order the dialog lists the files."""
    window.language_switch.setCurrentIndex(window.language_switch.findData(lang))
    window.open_pack(pack)
    qtbot.waitUntil(lambda: getattr(window, "pack_errors_box", None) is not None, timeout=30_000)
    box = window.pack_errors_box
    tree = box.tree
    rows: dict[str, list[tuple[str, str]]] = {}
    for index in range(tree.topLevelItemCount()):
        branch = tree.topLevelItem(index)
        rows[branch.data(0, Qt.ItemDataRole.UserRole)] = [
            (branch.child(i).text(0), branch.child(i).text(1)) for i in range(branch.childCount())
        ]
    return box, rows
