"""Notices when another running copy of the app wrote the progress file, so this one re-reads it."""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import QFileSystemWatcher, QObject, Qt, Signal
from PySide6.QtWidgets import QApplication

__all__ = ["ProgressWatch"]

Stamp = tuple[tuple[int, int] | None, ...]


class ProgressWatch(QObject):
    """Emits `changed_elsewhere` when the progress file changed since `seen()` was last called.

    Two cues, either enough: the file system says the database or its write-ahead log
    changed (the other copy committed an answer), or this app became active again (the
    user switched back from the other copy; covers file systems without change events).
    The window calls `seen()` whenever it has re-read progress, its own answers included,
    so its own writes never count as someone else's.
    """

    changed_elsewhere = Signal()

    def __init__(self, db: Path, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.db = Path(db)
        self._files = [self.db, self.db.with_name(self.db.name + "-wal")]
        self._stamp = self._current()
        self._watcher = QFileSystemWatcher(self)
        self._watcher.fileChanged.connect(self._on_file_changed)
        self._watcher.directoryChanged.connect(self._on_file_changed)  # -wal created or removed
        self._watch()
        app = QApplication.instance()
        if isinstance(app, QApplication):
            app.applicationStateChanged.connect(self._on_application_state_changed)

    def seen(self) -> None:
        """The window has just read the progress as it is now."""
        self._stamp = self._current()

    def check(self) -> bool:
        """Emit `changed_elsewhere` if the file changed since `seen()`; True if it did."""
        if self._current() == self._stamp:
            return False
        self.changed_elsewhere.emit()
        self.seen()  # whoever listens has re-read it; don't report the same change twice
        return True

    def _current(self) -> Stamp:
        stamps: list[tuple[int, int] | None] = []
        for path in self._files:
            try:
                info = os.stat(path)
            except OSError:
                stamps.append(None)
            else:
                stamps.append((info.st_mtime_ns, info.st_size))
        return tuple(stamps)

    def _watch(self) -> None:
        # A renamed or newly created file is watched again (the watcher drops it on rename).
        wanted = [str(p) for p in self._files if p.exists()]
        if self.db.parent.is_dir():
            wanted.append(str(self.db.parent))
        missing = [
            p for p in wanted if p not in self._watcher.files() + self._watcher.directories()
        ]
        if missing:
            self._watcher.addPaths(missing)

    def _on_file_changed(self, _path: str) -> None:
        self._watch()
        self.check()

    def _on_application_state_changed(self, state: Qt.ApplicationState) -> None:
        if state == Qt.ApplicationState.ApplicationActive:
            self.check()
