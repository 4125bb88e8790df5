"""A 10,000-concept graph without an item per node: clicks, hover, drags, keys and the local graph."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from PySide6.QtCore import QEvent, QPoint, QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QImage, QMouseEvent, QPainter
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QCheckBox, QSpinBox

from app.core.graph import build_graph, neighbourhood
from app.core.model import Category, ConceptSummary, Link, Text
from app.ui.graph_items import GraphScene, NodeItem, mastery_colour
from app.ui.graph_view import GraphView

SIDE = 100  # a SIDE × SIDE lattice: 10,000 concepts
GAP = 60.0  # scene units between neighbours
MIDDLE = f"c{50 * SIDE + 50}"


def _lattice() -> tuple[list[ConceptSummary], list[Link], dict[str, tuple[float, float]]]:
    """Concepts on a square lattice, each linked to its right (prerequisite) and lower
    (part-of) neighbour: solid edges, and four neighbours for keyboard moves."""
    summaries, links, positions = [], [], {}
    for i in range(SIDE * SIDE):
        row, col = divmod(i, SIDE)
        summaries.append(ConceptSummary(f"c{i}", Text(f"C{i}", f"개념{i}"), f"k{(row // 10) % 3}"))
        positions[f"c{i}"] = (col * GAP, row * GAP)
        if col + 1 < SIDE:
            links.append(Link(f"c{i}", f"c{i + 1}", "prerequisite-of"))
        if row + 1 < SIDE:
            links.append(Link(f"c{i}", f"c{i + SIDE}", "part-of"))
    return summaries, links, positions


CATEGORIES = [
    Category("k0", Text("K0", "케이0"), "#1e88e5"),
    Category("k1", Text("K1", "케이1"), "#43a047"),
    Category("k2", Text("K2", "케이2"), "#e53935"),
]


@pytest.fixture
def atlas(qtbot):  # noqa: ANN001, ANN201
    """A scene of 10,000 concepts in a 1200 × 800 view, at 1:1 on the middle concept."""
    summaries, links, positions = _lattice()
    scene = GraphScene()
    degrees = {s.id: 4 for s in summaries}
    scene.set_graph(summaries, links, positions, CATEGORIES, degrees)
    view = GraphView(scene)
    qtbot.addWidget(view)
    view.resize(1200, 800)
    view.show()
    qtbot.waitExposed(view)
    view.zoom_reset()
    view.centerOn(scene.nodes[MIDDLE].pos())
    return SimpleNamespace(scene=scene, view=view, summaries=summaries, links=links)


def _node_items(scene: GraphScene) -> dict[str, NodeItem]:
    return {item.data(0): item for item in scene.items() if isinstance(item, NodeItem)}


def _at(view: GraphView, concept_id: str) -> QPoint:
    """Where the concept is in the viewport (it must be on screen)."""
    point = view.mapFromScene(view.graph_scene.nodes[concept_id].pos())
    assert view.viewport().rect().contains(point), concept_id
    return point


def _zoom(view: GraphView, scale: float) -> None:
    """`scale` on the middle concept."""
    view.zoom_by(scale / view.scale_factor())
    view.centerOn(view.graph_scene.nodes[MIDDLE].pos())


def _drawn(scene: GraphScene, centre: QPointF, size: float = 6) -> QImage:
    """The scene's layers and items (no names) in a small square around `centre`, at 1:1."""
    image = QImage(int(size), int(size), QImage.Format.Format_ARGB32)
    image.fill(QColor("white"))
    painter = QPainter(image)
    source = QRectF(centre.x() - size / 2, centre.y() - size / 2, size, size)
    scene.render(painter, QRectF(0, 0, size, size), source)
    painter.end()
    return image


def _whole(scene: GraphScene) -> QImage:
    """The whole scene in 500 × 500 pixels."""
    image = QImage(500, 500, QImage.Format.Format_ARGB32)
    image.fill(QColor("white"))
    painter = QPainter(image)
    scene.render(painter, QRectF(0, 0, 500, 500), scene.sceneRect())
    painter.end()
    return image


def _inked(image: QImage) -> int:
    """How many pixels are not (nearly) white."""
    return sum(
        1
        for x in range(image.width())
        for y in range(image.height())
        if min(QColor(image.pixel(x, y)).getRgb()[:3]) < 245
    )


def test_a_big_graph_is_built_without_an_item_per_concept(atlas) -> None:  # noqa: ANN001
    scene, view = atlas.scene, atlas.view
    assert len(scene.nodes) == SIDE * SIDE
    made = _node_items(scene)
    assert 0 < len(made) < 1000
    # What the view shows at 1:1 has its items; the far corner has none.
    seen = view.mapToScene(view.viewport().rect()).boundingRect()
    on_screen = {cid for cid, node in scene.nodes.items() if seen.contains(node.pos())}
    assert on_screen and on_screen <= set(made)
    assert "c0" not in made and scene.nodes["c0"].isVisible()


def test_a_node_without_an_item_is_drawn_as_its_item_would_be(atlas) -> None:  # noqa: ANN001
    scene = atlas.scene
    node = scene.nodes["c0"]
    assert "c0" not in _node_items(scene)

    def centre() -> str:
        return QColor(_drawn(scene, node.pos(), 2).pixel(1, 1)).name()

    def rim() -> str:
        return QColor(_drawn(scene, node.pos() + QPointF(node.radius, 0), 2).pixel(1, 1)).name()

    assert centre() == node.colour.name()
    scene.set_mastery({"c0": 0.9})
    assert node.pen().width() == 5
    assert rim() == mastery_colour(0.9).name()
    scene.set_hovered(MIDDLE)  # c0 is no neighbour of it: dimmed
    assert node.opacity() < 1 and centre() != node.colour.name()
    scene.set_hovered(None)
    assert centre() == node.colour.name()


def test_far_out_nodes_are_dots_and_still_take_clicks(qtbot, atlas) -> None:  # noqa: ANN001
    scene, view = atlas.scene, atlas.view
    _zoom(view, 0.1)
    assert scene.dots_mode and scene.dots.isVisible() and not scene.discs.isVisible()
    assert not any(item.isVisible() for item in _node_items(scene).values())
    assert not any(node.isVisible() for node in scene.nodes.values())
    with qtbot.waitSignal(view.concept_clicked) as clicked:
        qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=_at(view, MIDDLE))
    assert clicked.args == [MIDDLE]
    _zoom(view, 1.0)
    assert not scene.dots_mode and scene.discs.isVisible()
    assert all(item.isVisible() for item in _node_items(scene).values())


@pytest.mark.parametrize("scale", [1.0, 0.3])
def test_a_click_on_a_node_selects_it(qtbot, atlas, scale: float) -> None:  # noqa: ANN001
    # At 0.3 thousands of nodes are in view and none has an item until the press.
    scene, view = atlas.scene, atlas.view
    _zoom(view, scale)
    # 15 rows down, 25 columns right: in view at 0.3, not in the first 1:1 view.
    target = f"c{65 * SIDE + 75}" if scale < 1 else f"c{52 * SIDE + 47}"
    assert (target in _node_items(scene)) == (scale == 1.0)
    with qtbot.waitSignal(view.concept_clicked) as clicked:
        qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=_at(view, target))
    assert clicked.args == [target]
    assert target in _node_items(scene)


@pytest.mark.parametrize("scale", [1.0, 0.3])
def test_hover_names_the_node_and_leaving_clears_it(qtbot, atlas, scale: float) -> None:  # noqa: ANN001
    scene, view = atlas.scene, atlas.view
    _zoom(view, scale)
    hovered = MIDDLE if scale == 1.0 else f"c{65 * SIDE + 75}"  # at 0.3: no item before
    row, col = divmod(int(hovered[1:]), SIDE)
    between = view.mapFromScene(scene.nodes[hovered].pos() + QPointF(GAP / 2, GAP / 2))
    _move(view, _at(view, hovered))
    qtbot.waitUntil(lambda: scene.hovered == hovered, timeout=3000)
    bright = {cid for cid, node in scene.nodes.items() if node.opacity() == 1.0}
    around = [(row, col), (row, col - 1), (row, col + 1), (row - 1, col), (row + 1, col)]
    assert bright == {f"c{r * SIDE + c}" for r, c in around}
    _move(view, between)
    qtbot.waitUntil(lambda: scene.hovered is None, timeout=3000)
    assert all(node.opacity() == 1.0 for node in scene.nodes.values())


def _move(view: GraphView, point: QPoint | QPointF, held: bool = False) -> None:
    """The mouse moves over the viewport to `point` (with the left button `held`).

    Sent to the viewport itself: QTest.mouseMove carries no buttons, and it reaches whatever
    window is on top there (a dialog an earlier test left open).
    """
    viewport = view.viewport()
    point = QPointF(point)
    buttons = Qt.MouseButton.LeftButton if held else Qt.MouseButton.NoButton
    move = QMouseEvent(
        QEvent.Type.MouseMove, point, viewport.mapToGlobal(point),
        Qt.MouseButton.NoButton, buttons, Qt.KeyboardModifier.NoModifier,
    )  # fmt: skip
    QApplication.sendEvent(viewport, move)


def _drag(view: GraphView, start: QPoint, end: QPoint) -> None:
    """Press, move with the button held, release."""
    viewport = view.viewport()
    QTest.mousePress(viewport, Qt.MouseButton.LeftButton, pos=start)
    for step in range(1, 4):
        _move(view, QPointF(start + (end - start) * step / 3), held=True)
    QTest.mouseRelease(viewport, Qt.MouseButton.LeftButton, pos=end)


def test_dragging_a_node_moves_it_and_its_edges(atlas) -> None:  # noqa: ANN001
    scene, view = atlas.scene, atlas.view
    node = scene.nodes[MIDDLE]
    x, y = node.x(), node.y()
    right = QPointF(x + GAP, y)  # its neighbour on the right: a solid prerequisite edge
    old_middle = QPointF(x + GAP / 2, y)
    new_middle = (QPointF(x + 30, y + 30) + right) / 2
    assert _inked(_drawn(scene, old_middle)) > 0 and _inked(_drawn(scene, new_middle)) == 0
    start = _at(view, MIDDLE)
    _drag(view, start, start + QPoint(30, 30))  # 1:1: thirty pixels are thirty units
    assert node.pos() == QPointF(x + 30, y + 30)
    assert _node_items(scene)[MIDDLE].pos() == node.pos()
    # The edge to the right neighbour now runs from where the node is.
    assert _inked(_drawn(scene, old_middle)) == 0 and _inked(_drawn(scene, new_middle)) > 0
    # Each step redid only the node's own edges: they are drawn as a full rebuild draws them,
    # near (culled through the grid) and from far (every edge at once).
    near, far = _drawn(scene, node.pos(), 4 * GAP), _whole(scene)
    scene.set_shown(None)  # every layer built afresh
    assert _drawn(scene, node.pos(), 4 * GAP) == near and _whole(scene) == far


def test_keys_move_the_cursor_among_neighbours_and_enter_opens(qtbot, atlas) -> None:  # noqa: ANN001
    scene, view = atlas.scene, atlas.view
    middle = scene.nodes[MIDDLE].pos()
    view.centerOn(middle - QPointF(560, 0))  # the middle concept near the right edge
    east = view.mapFromScene(scene.nodes["c5051"].pos())
    assert not view.viewport().rect().contains(east)
    scene.set_selected(MIDDLE)
    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_Tab)
    assert scene.cursor == "c4950"  # clockwise from north: the one above first
    qtbot.keyClick(view, Qt.Key.Key_Right)
    assert scene.cursor == "c5051"
    # The view scrolled so the cursor's concept, off the right edge before, is in view.
    assert view.viewport().rect().contains(_at(view, "c5051"))
    with qtbot.waitSignal(view.concept_activated) as activated:
        qtbot.keyClick(view, Qt.Key.Key_Return)
    assert activated.args == ["c5051"]


def test_the_local_graph_shows_the_neighbourhood_and_takes_clicks(qtbot, atlas) -> None:  # noqa: ANN001
    from app.ui.focus import GraphFocus

    scene, view = atlas.scene, atlas.view
    graph = build_graph(atlas.summaries, atlas.links)
    depth = QSpinBox()
    depth.setValue(2)
    window = SimpleNamespace(
        scene=scene, view=view, graph=graph, local_toggle=QCheckBox(), depth_box=depth
    )
    window.focus = GraphFocus(window)  # type: ignore[arg-type]
    scene.set_selected(MIDDLE)
    window.local_toggle.setChecked(True)
    qtbot.waitUntil(lambda: not scene.arranging, timeout=5000)
    expected = neighbourhood(graph, MIDDLE, 2)
    assert len(expected) == 13
    assert {cid for cid, node in scene.nodes.items() if node.isVisible()} == expected
    shown_items = {cid for cid, item in _node_items(scene).items() if item.isVisible()}
    assert shown_items == expected  # each on screen, and each with its item
    target = "c5052"  # two steps right: moved by the local layout
    with qtbot.waitSignal(view.concept_clicked) as clicked:
        qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=_at(view, target))
    assert clicked.args == [target]
    window.local_toggle.setChecked(False)
    qtbot.waitUntil(lambda: not scene.arranging, timeout=5000)
    assert scene.nodes[target].pos() == QPointF(52 * GAP, 50 * GAP)  # home again
    assert all(node.isVisible() for node in scene.nodes.values())


def test_items_far_off_screen_go_past_the_cap(qtbot, atlas) -> None:  # noqa: ANN001
    scene, view = atlas.scene, atlas.view
    scene.node_items.MOST = 600  # the real cap is 2,500: a few screens' worth here
    scene.set_hovered(MIDDLE)
    for row, col in ((10, 10), (10, 90), (90, 90), (90, 10), (30, 60), (70, 30)):
        view.centerOn(scene.nodes[f"c{row * SIDE + col}"].pos())
        made = _node_items(scene)
        assert len(made) <= 600 and MIDDLE in made  # the hovered one stays
        seen = view.mapToScene(view.viewport().rect()).boundingRect()
        assert {cid for cid, node in scene.nodes.items() if seen.contains(node.pos())} <= set(made)
    # A node whose item went gets a new one when it is back on screen.
    assert "c1010" not in _node_items(scene)
    view.centerOn(scene.nodes["c1010"].pos())
    assert "c1010" in _node_items(scene)
    with qtbot.waitSignal(view.concept_clicked) as clicked:
        qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=_at(view, "c1010"))
    assert clicked.args == ["c1010"]
