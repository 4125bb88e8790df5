"""The explorer as a user drives it: clicks, links, search, language, local graph, filters."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from tests.ui.conftest import anchor_point, click_node, open_window, type_text


def test_test_seams(window) -> None:  # noqa: ANN001
    from PySide6.QtWidgets import QGraphicsView, QWidget

    assert window.objectName() == "mainWindow"
    for name in (
        "graphView",
        "conceptPanel",
        "searchBox",
        "quizButton",
        "languageSwitch",
        "localGraphToggle",
    ):
        assert window.findChild(QWidget, name) is not None, name
    assert isinstance(window.findChild(QGraphicsView, "graphView"), QGraphicsView)
    ids = {item.data(0) for item in window.scene.items() if item.data(0)}
    assert ids == set(window.titles)


def test_clicking_a_node_shows_it_in_the_panel(qtbot, window) -> None:  # noqa: ANN001
    with qtbot.waitSignal(window.concept_selected) as signal:
        click_node(qtbot, window, "redis")
    assert signal.args == ["redis"]
    text = window.panel.text()
    assert text.startswith("Redis")
    assert "An in-memory key-value store" in text
    assert window.scene.selected == "redis"


def test_clicking_a_link_in_the_panel_moves_the_selection(qtbot, window) -> None:  # noqa: ANN001
    window.select("jwt")
    browser = window.panel.browser
    point = anchor_point(browser, "concept:refresh-token")
    with qtbot.waitSignal(window.concept_selected) as signal:
        qtbot.mouseClick(browser.viewport(), Qt.MouseButton.LeftButton, pos=point)
    assert signal.args == ["refresh-token"]
    assert window.panel.text().startswith("Refresh Token")


def test_back_and_forward(qtbot, window) -> None:  # noqa: ANN001
    window.select("jwt")
    window.select("redis")
    qtbot.keyClick(window, Qt.Key.Key_Left, Qt.KeyboardModifier.AltModifier)
    assert window.panel.current_id() == "jwt"
    qtbot.mouseClick(window.panel.forward_button, Qt.MouseButton.LeftButton)
    assert window.panel.current_id() == "redis"


def test_typing_korean_in_search_and_enter_selects(qtbot, window) -> None:  # noqa: ANN001
    type_text(window.search_box, "레디스")
    assert window.search_box.result_ids()[0] == "redis"
    with qtbot.waitSignal(window.concept_selected) as signal:
        qtbot.keyClick(window.search_box, Qt.Key.Key_Return)
    assert signal.args == ["redis"]
    assert window.scene.selected == "redis"


def test_search_shortcut_and_body_text(qtbot, window) -> None:  # noqa: ANN001
    window.view.setFocus()
    qtbot.keyClick(window.view, Qt.Key.Key_Slash)
    assert window.search_box.hasFocus()
    qtbot.keyClicks(window.search_box, "hides the queries")
    assert window.search_box.result_ids() == ["orm"]


def test_language_switch_changes_panel_and_ui(qtbot, window, tmp_path: Path) -> None:  # noqa: ANN001
    window.select("jwt")
    window.language_switch.setCurrentIndex(window.language_switch.findData("en"))
    assert window.panel.text().startswith("JSON Web Token (JWT)")
    window.language_switch.setCurrentIndex(window.language_switch.findData("ko"))
    assert window.panel.text().startswith("JSON 웹 토큰 (JWT)")
    assert "세 부분으로 된 서명된 토큰" in window.panel.text()
    assert window.local_toggle.text() == "로컬 그래프"
    assert (
        window.scene.labels.text_of("redis")[0] == "레디스"
    )  # the parenthesised part is left to the panel


def test_local_graph_depth_1_shows_exactly_the_neighbourhood(qtbot, window) -> None:  # noqa: ANN001
    window.select("redis-sorted-set")
    before = window.view.transform()
    qtbot.mouseClick(window.local_toggle, Qt.MouseButton.LeftButton)
    visible = {cid for cid, item in window.scene.nodes.items() if item.isVisible()}
    assert visible == {"redis-sorted-set", "redis", "cache"}
    window.depth_box.setValue(2)
    visible = {cid for cid, item in window.scene.nodes.items() if item.isVisible()}
    assert visible == {
        "redis-sorted-set",
        "redis",
        "cache",
        "orm",
        "n-plus-one-problem",
        "refresh-token",
    }
    qtbot.mouseClick(window.local_toggle, Qt.MouseButton.LeftButton)
    assert all(item.isVisible() for item in window.scene.nodes.values())
    assert window.view.transform() == before


def test_category_filter_hides_and_shows(window) -> None:  # noqa: ANN001
    actions = {a.data(): a for a in window.category_menu.actions() if a.data()}
    actions["cache"].setChecked(False)
    hidden = {cid for cid, item in window.scene.nodes.items() if not item.isVisible()}
    assert hidden == {"cache", "redis", "redis-sorted-set"}
    actions["cache"].setChecked(True)
    assert all(item.isVisible() for item in window.scene.nodes.values())


def test_keyboard_moves_among_neighbours(qtbot, window) -> None:  # noqa: ANN001
    window.select("redis-sorted-set")
    window.view.setFocus()
    qtbot.keyClick(window.view, Qt.Key.Key_Tab)
    first = window.scene.cursor
    assert first in {"redis", "cache"}
    qtbot.keyClick(window.view, Qt.Key.Key_Tab)
    assert window.scene.cursor in {"redis", "cache"} - {first}
    with qtbot.waitSignal(window.concept_selected) as signal:
        qtbot.keyClick(window.view, Qt.Key.Key_Return)
    assert signal.args == [window.scene.selected]
    qtbot.keyClick(window.view, Qt.Key.Key_Right)
    assert window.scene.cursor is not None
    qtbot.keyClick(window.view, Qt.Key.Key_Escape)
    assert window.scene.cursor is None


def test_zoom_shortcuts_and_level_of_detail(qtbot, window) -> None:  # noqa: ANN001
    window.view.zoom_reset()
    window.view.centre_on("jwt")
    assert window.view.scale_factor() == pytest.approx(1.0)
    assert "jwt" in window.view.visible_labels()
    assert window.scene.edges.arrows
    near = len(window.view.visible_labels())
    for _ in range(8):
        qtbot.keyClick(window, Qt.Key.Key_Minus, Qt.KeyboardModifier.ControlModifier)
    assert window.view.scale_factor() < 0.3
    far = window.view.visible_labels()
    assert not window.scene.edges.arrows
    # Far out the map names its regions and only the most linked concepts.
    assert "category:auth" in far
    assert len([k for k in far if not k.startswith("category:")]) < len(window.scene.nodes)
    assert near > 0
    qtbot.keyClick(window, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)
    assert window.view.scale_factor() == pytest.approx(1.0)


def test_dragging_a_node_moves_it_and_its_edges(qtbot, window) -> None:  # noqa: ANN001
    view = window.view
    view.zoom_reset()
    item = window.scene.nodes["orm"]
    view.centerOn(item.pos())
    start = view.mapFromScene(item.scenePos())
    before = item.pos()
    qtbot.mousePress(view.viewport(), Qt.MouseButton.LeftButton, pos=start)
    from PySide6.QtCore import QPoint
    from PySide6.QtGui import QMouseEvent
    from PySide6.QtWidgets import QApplication

    end = start + QPoint(60, 40)
    move = QMouseEvent(QMouseEvent.Type.MouseMove, end, view.viewport().mapToGlobal(end),
                       Qt.MouseButton.NoButton, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)  # fmt: skip
    QApplication.sendEvent(view.viewport(), move)
    qtbot.mouseRelease(view.viewport(), Qt.MouseButton.LeftButton, pos=end)
    assert item.pos() != before
    assert item.pos().x() > before.x()


def test_settings_restored_on_next_start(qtbot, tmp_path: Path) -> None:  # noqa: ANN001
    first = open_window(qtbot, tmp_path / "data")
    first.language_switch.setCurrentIndex(first.language_switch.findData("ko"))
    first.select("redis")
    first.close()
    second = open_window(qtbot, tmp_path / "data")
    assert second.lang == "ko"
    assert second.panel.current_id() == "redis"
    assert second.panel.text().startswith("레디스")


def test_hover_highlights_neighbours_and_dims_the_rest(qtbot, window) -> None:  # noqa: ANN001
    from PySide6.QtTest import QTest

    view = window.view
    item = window.scene.nodes["redis-sorted-set"]
    view.centerOn(item.pos())
    QTest.mouseMove(view.viewport(), view.mapFromScene(item.scenePos()))
    qtbot.waitUntil(lambda: window.scene.hovered == "redis-sorted-set", timeout=3000)
    opacities = {cid: node.opacity() for cid, node in window.scene.nodes.items()}
    assert {cid for cid, o in opacities.items() if o == 1.0} == {
        "redis-sorted-set",
        "redis",
        "cache",
    }
    from PySide6.QtCore import QPoint

    empty = next(
        QPoint(x, y)
        for x in range(5, view.viewport().width(), 25)
        for y in range(5, view.viewport().height(), 25)
        if view.itemAt(QPoint(x, y)) is None
    )
    QTest.mouseMove(view.viewport(), empty)
    qtbot.waitUntil(lambda: window.scene.hovered is None, timeout=3000)
    assert all(node.opacity() == 1.0 for node in window.scene.nodes.values())


def test_export_from_the_file_menu_runs_in_the_background(qtbot, window, tmp_path: Path) -> None:  # noqa: ANN001
    target = tmp_path / "atlas.html"
    window.export_to(target)
    qtbot.waitUntil(lambda: "Exported to" in window.statusBar().currentMessage(), timeout=60_000)
    page = target.read_text(encoding="utf-8")
    assert "Content-Security-Policy" in page
    assert "레디스" in page  # the pack's Korean titles travel with it (JSON-escaped or not)


def test_opening_a_broken_pack_keeps_the_current_graph(qtbot, window, tmp_path: Path) -> None:  # noqa: ANN001
    broken = tmp_path / "broken"
    broken.mkdir()
    (broken / "categories.yaml").write_text(
        "- id: x\n  title: {en: X, ko: 엑스}\n", encoding="utf-8"
    )
    (broken / "a.md").write_text(
        "---\nid: a\ntitle: {en: A, ko: 에이}\ncategory: y\n---\n## en\nx\n## ko\ny\n",
        encoding="utf-8",
    )
    window.open_pack(broken)
    qtbot.waitUntil(lambda: getattr(window, "pack_errors_box", None) is not None, timeout=30_000)
    box = window.pack_errors_box
    assert "a.md:4: error: unknown category 'y'" in box.detailedText()
    assert len(window.scene.nodes) == 9 and window.store is not None
    box.close()
