"""Opening a pack that must be built shows its phases, and Cancel keeps the graph on screen."""

from __future__ import annotations

import shutil
import time
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from app.core import store
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
    # starts where reading ended and fills the rest, a table at a time.
    building = "Laying out the map and building the database…"
    assert seen[:3] == [
        ("Reading and checking files…", 0),
        ("Reading and checking files…", 85),
        (building, 85),
    ]
    steps = [value for text, value in seen[3:] if text == building]
    assert len(steps) == len(seen) - 3 == 10  # nine tables and the indexes
    assert steps == sorted(steps) and steps[0] > 85 and steps[-1] == 100
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


def test_cancel_while_the_database_is_written_keeps_the_old_graph(
    qtbot,  # noqa: ANN001
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    window = open_window(qtbot, tmp_path / "data")
    before, old_pack = set(window.scene.nodes), window.pack_dir
    real = window.opening.on_progress
    fill = store._fill

    def slow_questions(conn: object, name: str, rows: object) -> None:
        """The questions table waits for the user's Cancel, as a big pack's would take time."""
        fill(conn, name, rows)  # type: ignore[arg-type]
        task = window.opening.task
        deadline = time.monotonic() + 30
        while name == "questions" and task is not None and not task.cancelled:
            assert time.monotonic() < deadline, "Cancel never came"
            time.sleep(0.01)

    monkeypatch.setattr(store, "_fill", slow_questions)
    values: list[object] = []

    def cancel_once_building(value: object) -> None:
        real(value)  # type: ignore[arg-type]
        values.append(value)
        if isinstance(value, tuple) and window.opening.phase == "build":
            qtbot.mouseClick(window.cancel_open_button, Qt.MouseButton.LeftButton)

    window.opening.on_progress = cancel_once_building
    other = _changed_copy(tmp_path)
    window.open_pack(other)
    qtbot.waitUntil(lambda: not window._building, timeout=60_000)
    assert window.statusBar().currentMessage().startswith("Opening cancelled")
    assert window.pack_dir == old_pack and set(window.scene.nodes) == before
    # The build stopped at the next table: no database for the other pack, and no partial file.
    built = [v for v in values if isinstance(v, tuple)]
    assert built and built[-1][0] < built[-1][1]
    db = window.paths.content_db(other)
    assert not db.exists()
    assert not [p for p in db.parent.iterdir() if p.name.startswith(db.name)]
