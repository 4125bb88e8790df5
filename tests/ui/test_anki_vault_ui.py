"""File → Export for Anki… and File → Open content folder… on an Obsidian vault, as a user meets them."""

from __future__ import annotations

import sqlite3
import zipfile
from pathlib import Path

import pytest
from PySide6.QtWidgets import QFileDialog

from tests.conftest import ROOT

VAULT = ROOT / "tests" / "fixtures" / "obsidian_vault"


def _note_count(apkg: Path, folder: Path) -> int:
    with zipfile.ZipFile(apkg) as archive:
        (folder / "col.anki2").write_bytes(archive.read("collection.anki2"))
    conn = sqlite3.connect(folder / "col.anki2")
    try:
        return conn.execute("SELECT count(*) FROM notes").fetchone()[0]
    finally:
        conn.close()


def test_export_for_anki_from_the_file_menu(
    qtbot, window, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:  # noqa: ANN001
    target = tmp_path / "mini.apkg"
    monkeypatch.setattr(
        QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (str(target), ""))
    )
    assert window.export_anki_action.text() == "Export for Anki…"
    window.export_anki_action.trigger()
    qtbot.waitUntil(lambda: "Anki notes" in window.statusBar().currentMessage(), timeout=60_000)
    assert _note_count(target, tmp_path) == window.store.count("questions") > 0
    window.set_language("ko")
    assert window.export_anki_action.text() == "Anki용으로 내보내기…"


def test_open_content_folder_opens_an_obsidian_vault(
    qtbot, window, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:  # noqa: ANN001
    monkeypatch.setattr(
        QFileDialog, "getExistingDirectory", staticmethod(lambda *a, **k: str(VAULT))
    )
    window.open_action.trigger()
    qtbot.waitUntil(lambda: window.pack_dir == VAULT, timeout=60_000)
    titles = {t.get("en") for t in window.titles.values()}
    assert {"레디스", "Database indexing", "Welcome to my backend notes"} <= titles
    assert len(window.scene.nodes) == 5
    window.set_language("ko")  # a note in one language shows it in both
    assert {t.get("ko") for t in window.titles.values()} == titles
