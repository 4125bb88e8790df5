"""File → Export as HTML… and Export for Anki…: ask where, then write off the UI thread."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from PySide6.QtWidgets import QFileDialog, QMessageBox

from app.core.store import ContentStore
from app.ui.i18n import tr
from app.ui.tasks import run_in_background

if TYPE_CHECKING:
    from app.core.anki import AnkiExport
    from app.ui.main_window import MainWindow

__all__ = ["export_html_dialog", "export_html_to", "export_anki_dialog", "export_anki_to"]

T = TypeVar("T")


def _ask(window: MainWindow, title_key: str, name: str, kind: str) -> Path | None:
    """Where to save, asked in a file dialog; None when the user cancels or nothing is open."""
    if window.store is None:
        return None
    target, _filter = QFileDialog.getSaveFileName(
        window, tr(title_key, window.lang), str(Path.home() / name), kind
    )
    return Path(target) if target else None


def _write(window: MainWindow, work: Callable[[ContentStore], T], done: Callable[[T], str]) -> None:
    """Run `work` on a connection of the worker's own; say `done(result)` in the status bar,
    or show why it failed."""
    assert window.store is not None
    db = window.store.path

    def run() -> T:
        with ContentStore(db) as store:
            return work(store)

    def finished(result: T) -> None:
        window.busy.setVisible(False)
        window.statusBar().showMessage(done(result), 8000)

    def failed(exc: BaseException) -> None:
        window.busy.setVisible(False)
        QMessageBox.warning(window, tr("export_failed", window.lang), str(exc))

    window.busy.setVisible(True)
    run_in_background(run, finished, failed)


def export_html_dialog(window: MainWindow) -> None:
    target = _ask(window, "export_html", "backend-atlas.html", "HTML (*.html)")
    if target is not None:
        export_html_to(window, target)


def export_html_to(window: MainWindow, target: Path) -> None:
    """The one-page HTML export, in the UI language, with the user's mastery."""
    lang, progress = window.lang, window.paths.progress_db

    def work(store: ContentStore) -> Path:
        from app.core.export import ExportOptions, export_html

        return export_html(store, target, ExportOptions(lang=lang, progress_db=progress))

    _write(window, work, lambda path: tr("export_done", window.lang, path=str(path)))


def export_anki_dialog(window: MainWindow) -> None:
    name = f"{Path(window.pack_dir).resolve().name or 'backend-atlas'}.apkg"
    target = _ask(window, "export_anki", name, "Anki (*.apkg)")
    if target is not None:
        export_anki_to(window, target)


def export_anki_to(window: MainWindow, target: Path) -> None:
    """Every question, Korean and English on each card."""
    pack_dir = window.pack_dir

    def work(store: ContentStore) -> AnkiExport:
        from app.core.anki import export_anki  # genanki: only when asked

        return export_anki(store, target, "both", pack_dir=pack_dir)

    _write(
        window,
        work,
        lambda result: tr("anki_done", window.lang, n=result.notes, path=str(result.path)),
    )
