"""Regressions: the PySide6 6.12/3.11 abort, level of detail on big graphs, the cached layout."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from app.core.model import Category, ConceptSummary, Link, Text


def test_twenty_thousand_item_scene_does_not_abort() -> None:
    # PySide6-Essentials 6.12.0 on CPython 3.11 dies with `none_dealloc` here; the pin avoids it.
    code = (
        "import os; os.environ['QT_QPA_PLATFORM']='offscreen'\n"
        "from PySide6.QtWidgets import QApplication, QGraphicsScene\n"
        "from PySide6.QtGui import QPen\n"
        "app = QApplication([])\n"
        "scene = QGraphicsScene()\n"
        "for i in range(20000):\n"
        "    item = scene.addEllipse(0, 0, 10, 10)\n"
        "    item.setPos(i % 200 * 12, i // 200 * 12)\n"
        "    item.setPen(QPen())\n"
        "print(len(scene.items()))\n"
    )
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr[-2000:]
    assert run.stdout.strip() == "20000"


def _big_scene(n: int):  # noqa: ANN202
    from app.ui.graph_items import GraphScene

    scene = GraphScene()
    summaries = [ConceptSummary(f"c{i}", Text(f"C{i}", f"씨{i}"), f"k{i % 5}") for i in range(n)]
    links = [Link(f"c{i}", f"c{(i * 7 + 1) % n}", "related-to") for i in range(n)]
    positions = {f"c{i}": (i % 60 * 50.0, i // 60 * 50.0) for i in range(n)}
    categories = [Category(f"k{j}", Text(f"K{j}", f"케이{j}"), "#336699") for j in range(5)]
    scene.set_graph(summaries, links, positions, categories, {})
    return scene


def test_level_of_detail_switches_to_dots_on_big_graphs(qtbot) -> None:  # noqa: ANN001
    scene = _big_scene(2000)
    scene.set_level_of_detail(1.0)
    assert not scene.dots_mode and scene.edges.arrows
    assert scene.nodes["c5"].isVisible() and not scene.dots.isVisible()
    scene.set_level_of_detail(0.3)
    assert not scene.edges.arrows and not scene.dots_mode
    scene.set_level_of_detail(0.1)
    assert scene.dots_mode and scene.dots.isVisible()
    assert not any(item.isVisible() for item in scene.nodes.values())
    from PySide6.QtCore import QPointF

    assert scene.node_at(QPointF(50.0, 0.0), 5) == "c1"  # clicks still land in dots mode
    scene.set_level_of_detail(1.0)
    assert all(item.isVisible() for item in scene.nodes.values())


def test_small_graphs_never_use_dots(qtbot) -> None:  # noqa: ANN001
    scene = _big_scene(300)
    scene.set_level_of_detail(0.05)
    assert not scene.dots_mode


def test_big_graphs_open_without_an_item_per_node(qtbot) -> None:  # noqa: ANN001
    # Small graphs: every node is an item carrying its id (the seam clicks and tests use).
    small = _big_scene(300)
    assert {item.data(0) for item in small.items() if item.data(0)} == set(small.nodes)
    # Big ones: no item until a view shows them (tests/ui/test_lazy_nodes.py).
    big = _big_scene(10_000)
    assert len(big.nodes) == 10_000 and not [i for i in big.items() if i.data(0)]


def test_second_start_uses_the_cached_layout(tmp_path: Path, monkeypatch) -> None:  # noqa: ANN001
    import app.core.content as content
    from tests.conftest import MINI_PACK

    db = tmp_path / "c.db"
    first = content.ensure_content(MINI_PACK, db)
    assert first.rebuilt

    def no_layout(*_a, **_k):  # noqa: ANN002, ANN003, ANN202
        raise AssertionError("layout recomputed although the pack did not change")

    monkeypatch.setattr(content, "compute_layout", no_layout)
    second = content.ensure_content(MINI_PACK, db)
    assert not second.rebuilt
    from app.core.store import ContentStore

    with ContentStore(db) as store:
        assert len(store.positions()) == 9
