"""Opening a pack that must be built shows its phases, and Cancel keeps the graph on screen."""

from __future__ import annotations

import shutil
from pathlib import Path

from PySide6.QtCore import Qt

from tests.conftest import MINI_PACK
from tests.ui.conftest import open_window


def _changed_copy(tmp_path: Path) -> Path:
    pack = tmp_path / "other"
    shutil.copytree(MINI_PACK, pack)
    (pack / "categories.yaml").write_text(
        (pack / "categories.yaml").read_text(encoding="utf-8") + "\n", encoding="utf-8"
    )
    return pack


def test_a_long_open_shows_each_phase_and_fills_the_bar(qtbot, tmp_path: Path) -> None:  # noqa: ANN001
    window = open_window(qtbot, tmp_path / "data")
    seen: list[tuple[str, int]] = []
    real = window.opening.on_progress

    def spy(value: object) -> None:
        real(value)
        seen.append((window.busy.format(), window.busy.value()))

    window.opening.on_progress = spy
    with qtbot.waitSignal(window.content_loaded, timeout=60_000):
        window.open_pack(_changed_copy(tmp_path))
    # Reading starts the bar at 0 and the nine files read fill its part of it; the build
    # starts where reading ended.
    assert seen == [
        ("Reading and checking files…", 0),
        ("Reading and checking files…", 85),
        ("Laying out the map and building the database…", 85),
    ]
    assert not window.busy.isVisible() and not window.cancel_open_button.isVisible()


def test_cancel_keeps_the_old_graph_and_says_so(qtbot, tmp_path: Path) -> None:  # noqa: ANN001
    window = open_window(qtbot, tmp_path / "data")
    before = set(window.scene.nodes)
    old_pack = window.pack_dir
    window.set_language("ko")
    window.open_pack(_changed_copy(tmp_path))
    button = window.cancel_open_button
    assert button.isVisible() and window.busy.isVisible()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)  # before the result can arrive
    qtbot.waitUntil(lambda: not window._building, timeout=60_000)
    assert (
        window.statusBar().currentMessage() == "열기를 취소했습니다. 보이는 그래프는 그대로입니다."
    )
    assert window.pack_dir == old_pack and set(window.scene.nodes) == before
    assert not button.isVisible() and not window.busy.isVisible()
