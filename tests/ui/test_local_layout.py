"""The local graph lays a dense neighbourhood out readably, and the whole graph comes back as it was."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, QPointF, Qt
from PySide6.QtGui import QMouseEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from app.core.radial import overlapping
from tests.conftest import BUNDLED_PACK
from tests.ui.conftest import click_node, open_window


@pytest.fixture
def atlas(qtbot, tmp_path: Path):  # noqa: ANN001, ANN201
    """The main window on the bundled pack: neighbourhoods dense enough to clash."""
    return open_window(qtbot, tmp_path / "data", BUNDLED_PACK)


def _positions(window) -> dict[str, tuple[float, float]]:  # noqa: ANN001
    return {cid: (item.x(), item.y()) for cid, item in window.scene.nodes.items()}


def _visible(window) -> set[str]:  # noqa: ANN001
    return {cid for cid, item in window.scene.nodes.items() if item.isVisible()}


def _clashes(window, positions) -> list[tuple[str, str]]:  # noqa: ANN001
    shown = _visible(window)
    boxes = window.scene.label_boxes(shown)
    return overlapping({c: p for c, p in positions.items() if c in shown}, boxes)


def _settle(qtbot, window) -> None:  # noqa: ANN001
    qtbot.waitUntil(lambda: not window.scene.arranging, timeout=5_000)


def _drag(qtbot, window, concept_id: str, by: tuple[int, int]) -> None:  # noqa: ANN001
    """Press on the node, move with the button held, release: a real drag in the view."""
    view = window.view
    item = window.scene.nodes[concept_id]
    view.centerOn(item.pos())
    start = view.mapFromScene(item.scenePos())
    end = start + type(start)(*by)
    viewport = view.viewport()
    QTest.mousePress(viewport, Qt.MouseButton.LeftButton, pos=start)
    for step in range(1, 6):  # QTest.mouseMove carries no buttons; send what a mouse would
        point = QPointF(start + (end - start) * step / 5)
        move = QMouseEvent(
            QEvent.Type.MouseMove, point, viewport.mapToGlobal(point),
            Qt.MouseButton.NoButton, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
        )  # fmt: skip
        QApplication.sendEvent(viewport, move)
    QTest.mouseRelease(viewport, Qt.MouseButton.LeftButton, pos=end)


def test_local_graph_spreads_a_dense_neighbourhood_and_puts_everything_back(
    qtbot,
    atlas,  # noqa: ANN001
) -> None:
    atlas.select("refresh-token")
    laid_out = _positions(atlas)["jwt"]
    _drag(qtbot, atlas, "jwt", (90, 40))  # the user's own arrangement of the whole graph
    before = _positions(atlas)
    scale = atlas.view.transform().m11()
    moved = (before["jwt"][0] - laid_out[0], before["jwt"][1] - laid_out[1])
    assert moved == pytest.approx((90 / scale, 40 / scale), abs=2 / scale)
    centre = before["refresh-token"]

    qtbot.mouseClick(atlas.local_toggle, Qt.MouseButton.LeftButton)
    atlas.depth_box.setValue(2)
    _settle(qtbot, atlas)
    shown = _visible(atlas)
    assert len(shown) > 15
    assert _clashes(atlas, before) != []  # where the whole graph puts them, labels collide
    after = _positions(atlas)
    assert _clashes(atlas, after) == []  # laid out again, no two labels touch
    assert after["refresh-token"] == pytest.approx(centre)  # the chosen concept stays put
    assert all(after[c] == before[c] for c in atlas.scene.nodes if c not in shown)

    qtbot.mouseClick(atlas.local_toggle, Qt.MouseButton.LeftButton)
    _settle(qtbot, atlas)
    assert _positions(atlas) == before  # every concept home, the dragged one where it was put
    assert atlas.scene.home == {}
    assert _visible(atlas) == set(atlas.scene.nodes)


def test_moving_through_the_local_graph_keeps_it_readable(qtbot, atlas) -> None:  # noqa: ANN001
    before = _positions(atlas)
    atlas.select("orm")
    qtbot.mouseClick(atlas.local_toggle, Qt.MouseButton.LeftButton)
    _settle(qtbot, atlas)
    first = _visible(atlas)
    neighbour = sorted(first - {"orm"})[0]
    click_node(qtbot, atlas, neighbour)  # walk to a neighbour, as a user does
    _settle(qtbot, atlas)
    assert atlas.scene.selected == neighbour
    assert _clashes(atlas, _positions(atlas)) == []
    # Concepts of the first neighbourhood that are not in this one went back home.
    for concept_id in first - _visible(atlas):
        assert _positions(atlas)[concept_id] == before[concept_id]

    atlas.language_switch.setCurrentIndex(atlas.language_switch.findData("ko"))
    _settle(qtbot, atlas)
    assert atlas.scene.labels.text_of(neighbour)[0] != ""
    assert _clashes(atlas, _positions(atlas)) == []  # Korean labels get their room too

    qtbot.mouseClick(atlas.local_toggle, Qt.MouseButton.LeftButton)
    _settle(qtbot, atlas)
    assert _positions(atlas) == before


def test_switching_back_and_forth_mid_glide_loses_no_place(qtbot, atlas) -> None:  # noqa: ANN001
    before = _positions(atlas)
    atlas.select("jwt")
    for _ in range(3):  # faster than the glide: each switch interrupts the last one
        atlas.local_toggle.setChecked(True)
        qtbot.wait(60)
        assert atlas.scene.arranging
        atlas.local_toggle.setChecked(False)
        qtbot.wait(60)
    atlas.select("orm")
    atlas.local_toggle.setChecked(True)
    _settle(qtbot, atlas)
    assert _clashes(atlas, _positions(atlas)) == []
    hidden = set(atlas.scene.nodes) - _visible(atlas)
    assert all(_positions(atlas)[c] == before[c] for c in hidden)  # none left half-way
    atlas.local_toggle.setChecked(False)
    _settle(qtbot, atlas)
    assert _positions(atlas) == before


def _under_legend(window) -> list[str]:  # noqa: ANN001
    legend = window.legend.geometry()  # in the view's coordinates, as the viewport's
    view = window.view
    return [
        cid
        for cid in _visible(window)
        if legend.contains(view.mapFromScene(window.scene.nodes[cid].scenePos()))
    ]


def test_fitting_keeps_nodes_out_from_under_the_legend(qtbot, atlas, tmp_path) -> None:  # noqa: ANN001
    assert atlas.legend.isVisible()
    atlas.view.fit_all()
    assert (
        _visible(atlas) == set(atlas.scene.nodes) and _under_legend(atlas) == []
    )  # the whole graph
    atlas.select("refresh-token")
    qtbot.mouseClick(atlas.local_toggle, Qt.MouseButton.LeftButton)  # depth 1
    _settle(qtbot, atlas)
    assert _under_legend(atlas) == []

    atlas.legend_action.trigger()  # View → Show legend, off
    assert not atlas.legend.isVisible()
    atlas.close()
    again = open_window(qtbot, tmp_path / "data", BUNDLED_PACK)
    assert not again.legend.isVisible() and not again.legend_action.isChecked()
