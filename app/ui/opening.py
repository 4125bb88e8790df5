"""Opening a pack whose text changed: its build in the background, shown and cancellable, then its search index."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QMessageBox

from app.core.content import ContentError, ContentStatus, ensure_content
from app.core.search_index import ensure_search_index
from app.core.store import StoreError
from app.ui.i18n import add_strings, tr
from app.ui.tasks import Cancelled, Task, start_task

if TYPE_CHECKING:
    from app.ui.main_window import MainWindow

__all__ = ["OPEN_PHASES", "PackOpening"]

#: What a long open is doing, in order (app.core.content.build_content's phases), and how
#: far along the bar each starts: reading fills it to the next by files read, building the
#: database fills the rest by tables written.
OPEN_PHASES = {"read": 0, "build": 85}
add_strings(
    {
        "open_phase_read": ("Reading and checking files…", "파일을 읽고 검사하는 중…"),
        "open_phase_build": (
            "Laying out the map and building the database…",
            "지도를 배치하고 데이터베이스를 만드는 중…",
        ),
        "open_cancel": ("Cancel", "취소"),
        "open_cancelled": (
            "Opening cancelled; the graph shown is unchanged.",
            "열기를 취소했습니다. 보이는 그래프는 그대로입니다.",
        ),
    }
)


class PackOpening:
    """The window's long opens. The status bar's progress bar (`window.busy`) shows the phase
    and how far it is (files read, then tables written), and its Cancel button (`window.cancel_open_button`) keeps the graph
    on screen. Once a graph is shown, its body search index is built behind it."""

    def __init__(self, window: MainWindow) -> None:
        self.window = window
        self.task: Task | None = None
        self.index_task: Task | None = None  # the body search index being built
        self.phase = "read"  # the open's phase now (OPEN_PHASES)

    def start(self, pack_dir: Path, db: Path) -> None:
        """Build `db` from `pack_dir` in the background; the window shows it when done."""
        window = self.window
        if self.task is not None:
            self.task.cancel()  # the newer choice wins; the older result is dropped
        window._building = True
        busy = window.busy
        busy.setRange(0, 100)
        busy.setValue(0)
        busy.setFormat("")
        busy.setVisible(True)
        window.cancel_open_button.setVisible(True)
        window.statusBar().showMessage(tr("loading", window.lang))
        task = start_task(
            lambda task: ensure_content(
                pack_dir,
                db,
                phase=task.report,
                progress=lambda done, total: task.report((done, total)),
            ),
            lambda status: self._done(task, lambda: self._shown(pack_dir, status)),
            lambda exc: self._done(task, lambda: self._failed(pack_dir, exc)),
            self.on_progress,
        )
        self.task = task

    def cancel(self) -> None:
        if self.task is not None:
            self.task.cancel()

    def on_progress(self, value: str | tuple[int, int]) -> None:
        """A phase's name as it starts, or how far it is: (files read, files) while reading,
        (steps written, steps) while building. Each phase fills its part of the bar."""
        busy = self.window.busy
        if isinstance(value, str):
            self.phase = value
            text = tr(f"open_phase_{value}", self.window.lang)
            busy.setValue(OPEN_PHASES[value])
            busy.setFormat(text)
            self.window.statusBar().showMessage(text)
        else:
            done, total = value
            starts = sorted(OPEN_PHASES.values()) + [100]
            start = OPEN_PHASES[self.phase]
            end = starts[starts.index(start) + 1]
            busy.setValue(start + (end - start) * done // max(total, 1))

    def _done(self, task: Task, then: Callable[[], None]) -> None:
        if task is not self.task:
            return  # an open the user replaced by another
        self.task = None
        self.window.cancel_open_button.setVisible(False)
        self.window.busy.setRange(0, 0)
        self.window.busy.setFormat("")
        then()

    def _shown(self, pack_dir: Path, status: ContentStatus) -> None:
        self.window.show_content(pack_dir, status)

    def _failed(self, pack_dir: Path, exc: BaseException) -> None:
        window = self.window
        window._building = False
        window.busy.setVisible(False)
        window.statusBar().clearMessage()
        if isinstance(exc, Cancelled):
            window.statusBar().showMessage(tr("open_cancelled", window.lang), 8000)
            return
        if isinstance(exc, ContentError):
            from app.ui.errors_dialog import PackErrorsDialog

            box = PackErrorsDialog(pack_dir, exc.findings, window.lang, window)
            box.open()
            window.pack_errors_box = box
            return
        if isinstance(exc, OSError | StoreError):  # the cache folder cannot be written
            where = getattr(exc, "filename", None) or window.paths.content_db(pack_dir)
            detail = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
            QMessageBox.warning(window, tr("error", window.lang),
                                tr("cache_unwritable", window.lang, path=str(where), error=detail))  # fmt: skip
            return
        raise exc

    # -- the body search index ---------------------------------------------------------

    def index(self, db_path: Path) -> None:
        """Build the body search index of the content shown; until then search scans."""
        self.stop_index()
        self.index_task = start_task(
            lambda task: ensure_search_index(db_path, stop=lambda: task.cancelled),
            _ignore,
            _ignore_cancel,
        )

    def stop_index(self) -> None:
        """Stop building the index (quitting need not wait for it)."""
        if self.index_task is not None:
            self.index_task.cancel()


def _ignore(_result: object) -> None:
    pass


def _ignore_cancel(exc: BaseException) -> None:
    if not isinstance(exc, Cancelled):
        raise exc
