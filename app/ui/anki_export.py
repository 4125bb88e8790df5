"""File → Export for Anki…: the open pack's questions as an .apkg, written off the UI thread."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QFileDialog, QMessageBox

from app.core.store import ContentStore
from app.ui.i18n import tr
from app.ui.tasks import run_in_background

if TYPE_CHECKING:
    from app.core.anki import AnkiExport
    from app.ui.main_window import MainWindow

__all__ = ["export_anki_dialog", "export_anki_to"]


def export_anki_dialog(window: MainWindow) -> None:
    """Ask where to save the package, then write it."""
    if window.store is None:
        return
    name = f"{Path(window.pack_dir).resolve().name or 'backend-atlas'}.apkg"
    target, _filter = QFileDialog.getSaveFileName(
        window, tr("export_anki", window.lang), str(Path.home() / name), "Anki (*.apkg)"
    )
    if target:
        export_anki_to(window, Path(target))


def export_anki_to(window: MainWindow, target: Path) -> None:
    """Write every question, Korean and English on each card; the status bar says when done."""
    assert window.store is not None
    db, pack_dir = window.store.path, window.pack_dir

    def work() -> AnkiExport:
        from app.core.anki import export_anki  # genanki: only when asked

        with ContentStore(db) as store:  # a connection of the worker's own
            return export_anki(store, target, "both", pack_dir=pack_dir)

    def done(result: AnkiExport) -> None:
        window.busy.setVisible(False)
        message = tr("anki_done", window.lang, n=result.notes, path=str(result.path))
        window.statusBar().showMessage(message, 8000)

    def failed(exc: BaseException) -> None:
        window.busy.setVisible(False)
        QMessageBox.warning(window, tr("export_failed", window.lang), str(exc))

    window.busy.setVisible(True)
    run_in_background(work, done, failed)
