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


def test_a_long_open_shows_each_phase_in_the_status_bar(qtbot, tmp_path: Path) -> None:  # noqa: ANN001
    window = open_window(qtbot, tmp_path / "data")
    shown: list[str] = []
    real = window._on_open_phase

    def spy(name: str) -> None:
        real(name)
        shown.append(window.busy.format())

    window._on_open_phase = spy
    with qtbot.waitSignal(window.content_loaded, timeout=60_000):
        window.open_pack(_changed_copy(tmp_path))
    assert shown == [
        "Reading and checking files…",
        "Laying out the map and building the database…",
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


def test_the_bar_fills_as_files_are_read(qtbot, tmp_path: Path) -> None:  # noqa: ANN001
    window = open_window(qtbot, tmp_path / "data")
    values: list[int] = []
    real = window._on_open_progress

    def spy(value: object) -> None:
        real(value)
        values.append(window.busy.value())

    window._on_open_progress = spy
    with qtbot.waitSignal(window.content_loaded, timeout=60_000):
        window.open_pack(_changed_copy(tmp_path))
    # Reading starts the bar at 0; the nine files read fill the reading's part of it; the
    # build starts where reading ended.
    assert values == [0, 85, 85]
