"""The study side of the main window: the progress store, quizzes, mastery overlay, backups."""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QInputDialog, QMessageBox

from app.core.backup import Backup, backup_if_due, list_backups, restore_backup
from app.core.interview import picker_for
from app.core.progress import ProgressStore
from app.core.progress_file import ProgressCorrupt, ProgressError, move_aside
from app.core.quiz import (
    QuizItem,
    askable,
    due_items,
    items_for,
    new_items,
    question_ids_by_concept,
)
from app.ui.i18n import add_strings
from app.ui.interview_dialog import InterviewDialog
from app.ui.quiz_dialog import QuizDialog
from app.ui.quiz_text import qtr

if TYPE_CHECKING:
    from app.core.store import ContentStore
    from app.ui.main_window import MainWindow

__all__ = ["Study"]

SESSION_SIZE = 20

add_strings(
    {
        "progress_damaged_title": ("Progress file damaged", "학습 기록 파일 손상"),
        "progress_damaged": (
            "Your progress file was damaged and could not be read.",
            "학습 기록 파일이 손상되어 읽을 수 없었습니다.",
        ),
        "progress_damaged_moved": (
            "The damaged file was moved to {moved} (nothing was deleted) and a new, empty "
            "progress file was started.",
            "손상된 파일은 {moved}(으)로 옮겨 두었고 (삭제하지 않았습니다), 빈 학습 기록 파일을 "
            "새로 만들었습니다.",
        ),
        "progress_damaged_offer": (
            "The newest backup is from {when} (your local time). Restore it?",
            "가장 최근 백업은 {when}(현지 시각)에 만들어졌습니다. 이 백업으로 복원할까요?",
        ),
        "progress_damaged_no_backup": (
            "There is no backup to restore from.",
            "복원할 수 있는 백업이 없습니다.",
        ),
        "restore_newest": ("Restore this backup", "이 백업으로 복원"),
        "start_fresh": ("Start fresh", "새로 시작"),
        "progress_damaged_ok": ("OK", "확인"),
        "nothing_studied": (
            "Nothing is due because you have not studied anything yet. To start, press "
            "“Learn new”, or click a concept and press “Quiz me”.",
            "아직 학습한 문제가 없어서 복습할 것이 없습니다. “새로 학습”을 누르거나, 개념을 "
            "클릭한 뒤 “퀴즈 풀기”를 눌러 시작하세요.",
        ),
    }
)


class _Key(NamedTuple):
    id: str
    concept_id: str


class _QuestionKeys:
    """The part of a content store `question_ids_by_concept` reads (each question's id and
    concept), from one SQL query: 0.02 s at 10k concepts, where building every question
    took 0.5 s of each open."""

    def __init__(self, store: ContentStore) -> None:
        self._store = store

    def questions(self) -> list[_Key]:
        return [_Key(qid, cid) for cid, qid in self._store.question_keys()]


def local_time(backup: Backup) -> str:
    """When `backup` was taken (core reads the time), in the user's time zone."""
    return backup.taken.astimezone().strftime("%Y-%m-%d %H:%M")


class Study(QObject):
    """Owns the progress connection (UI thread only) and starts quizzes for the window."""

    progress_changed = Signal()

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.progress: ProgressStore | None = None
        self.problem: str | None = None
        self._question_ids: dict[str, list[str]] | None = None
        self.dialog: QuizDialog | None = None
        self.interview: InterviewDialog | None = None
        self.damaged_box: QMessageBox | None = None  # the damaged-progress notice, if shown
        self.interview_action = window.study_menu.addAction("", lambda: self.mock_interview())
        self.interview_action.setObjectName("mockInterviewAction")
        self.interview_action.setShortcut(QKeySequence("Ctrl+I"))
        window.translatable(self.interview_action.setText, "mock_interview")
        window.mock_interview_action = self.interview_action
        self.open()

    # -- the progress database ---------------------------------------------------------

    def open(self) -> None:
        paths = self.window.paths
        db = paths.progress_db
        try:
            self.progress = ProgressStore(db, backups_dir=paths.backups)
        except ProgressCorrupt as corrupt:
            try:
                moved = move_aside(db)
                self.progress = ProgressStore(db, backups_dir=paths.backups)
            except (OSError, ProgressError) as exc:  # e.g. its folder cannot be written
                self.progress = None
                self.problem = qtr("progress_error", self.window.lang, error=f"{corrupt} ({exc})")
                return
            self.problem = qtr("progress_corrupt", self.window.lang, moved=str(moved))
            self._tell_damaged(moved)
        except ProgressError as exc:
            self.progress = None
            self.problem = qtr("progress_error", self.window.lang, error=str(exc))
            return
        if self.progress.read_only:
            self.problem = qtr("progress_read_only", self.window.lang, path=str(db))
        else:
            self._backup_quietly()
        self.interview_action.setEnabled(self.writable)

    def _backup_quietly(self) -> None:
        # A failed backup never blocks studying; the next start or close tries again.
        with contextlib.suppress(OSError, ProgressError):
            backup_if_due(self.window.paths.progress_db, self.window.paths.backups)

    def _tell_damaged(self, moved: Path) -> None:
        """Say the file was damaged and where it went; offer the newest backup if there is one.

        Not modal-blocking (`open`): the window goes on loading; the answer restores later.
        """
        lang = self.window.lang
        backups = list_backups(self.window.paths.backups)
        lines = [qtr("progress_damaged_moved", lang, moved=str(moved))]
        box = QMessageBox(QMessageBox.Icon.Warning, qtr("progress_damaged_title", lang),
                          qtr("progress_damaged", lang), parent=self.window)  # fmt: skip
        box.setObjectName("progressDamagedDialog")
        if backups:
            newest = backups[0]
            lines.append(qtr("progress_damaged_offer", lang, when=local_time(newest)))
            restore = box.addButton(qtr("restore_newest", lang), QMessageBox.ButtonRole.AcceptRole)
            restore.setObjectName("restoreNewestButton")
            fresh = box.addButton(qtr("start_fresh", lang), QMessageBox.ButtonRole.RejectRole)
            box.setDefaultButton(restore)
            box.setEscapeButton(fresh)
            box.buttonClicked.connect(
                lambda button: self.restore(newest.path) if button is restore else None
            )
        else:
            lines.append(qtr("progress_damaged_no_backup", lang))
            box.addButton(qtr("progress_damaged_ok", lang), QMessageBox.ButtonRole.AcceptRole)
        box.setInformativeText("\n\n".join(lines))
        box.open()
        self.damaged_box = box

    @property
    def writable(self) -> bool:
        return self.progress is not None and not self.progress.read_only

    def close(self) -> None:
        if self.progress is not None:
            if not self.progress.read_only:
                self._backup_quietly()
            self.progress.close()
            self.progress = None

    def content_changed(self) -> None:
        self._question_ids = None

    def question_ids(self) -> dict[str, list[str]]:
        if self._question_ids is None:
            store = self.window.store
            keys = _QuestionKeys(store) if store else None
            self._question_ids = (
                question_ids_by_concept(keys, self.window.graph) if keys else {}  # type: ignore[arg-type]
            )
        return self._question_ids

    # -- numbers -----------------------------------------------------------------------

    def due_count(self) -> int:
        if self.progress is None:
            return 0
        store = self.window.store
        if store is None:
            return 0
        return len(askable(store, self.window.graph, self.progress.due_ids()))

    def mastery(self) -> dict[str, float | None]:
        if self.progress is None:
            return {}
        return self.progress.mastery(self.question_ids())

    # -- quizzes -----------------------------------------------------------------------

    def quiz_concept(self, concept_id: str, neighbours: bool) -> QuizDialog | None:
        from app.core.graph import neighbourhood

        store = self.window.store
        if store is None:
            return None
        ids = [concept_id]
        if neighbours:
            ids += sorted(neighbourhood(self.window.graph, concept_id, 1) - {concept_id})
        return self.start(items_for(store, self.window.graph, ids, seed=concept_id)[:SESSION_SIZE])

    def review_due(self) -> QuizDialog | None:
        return self._start_picked(due_items, "nothing_due")

    def learn_new(self) -> QuizDialog | None:
        return self._start_picked(new_items, "nothing_new")

    def _start_picked(
        self, pick: Callable[..., list[QuizItem]], none_key: str
    ) -> QuizDialog | None:
        """A session of what `pick` chooses from the progress, or a status line if nothing."""
        if self.window.store is None or self.progress is None:
            return None
        items = pick(self.window.store, self.window.graph, self.progress, limit=SESSION_SIZE)
        if not items:
            if none_key == "nothing_due" and not self.progress.seen_ids():
                none_key = "nothing_studied"  # a new profile: say how to start instead
            self.window.statusBar().showMessage(qtr(none_key, self.window.lang), 10_000)
            return None
        return self.start(items)

    def start(self, items: list[QuizItem]) -> QuizDialog | None:
        if not items or self.progress is None or self.progress.read_only:
            return None
        dialog = QuizDialog(items, self.progress, self.window.titles, self.window.lang, self.window)
        dialog.answer_graded.connect(lambda _q, _r: self.progress_changed.emit())
        dialog.concept_requested.connect(self.window.select)
        dialog.finished.connect(lambda _code: self.progress_changed.emit())
        self.dialog = dialog
        dialog.open()
        return dialog

    def mock_interview(self) -> InterviewDialog | None:
        """Study → Mock interview…: follow-up questions along the graph, with a clock."""
        store, progress = self.window.store, self.progress
        if store is None or progress is None or progress.read_only:
            return None
        picker = picker_for(store, self.window.graph, progress)
        dialog = InterviewDialog(
            picker, progress, self.window.titles, self.window.lang, self.window
        )
        dialog.answer_graded.connect(lambda _q, _r: self.progress_changed.emit())
        dialog.ended.connect(self._on_interview_ended)
        dialog.concept_requested.connect(self.window.select)
        self.interview = dialog
        dialog.open()
        return dialog

    def _on_interview_ended(self, weak: list[str]) -> None:
        """Ring the concepts the interview found weak in their mastery colour, the rest plain."""
        self.progress_changed.emit()
        if weak:
            mastery = self.mastery()
            self.window.scene.set_mastery({c: mastery.get(c) or 0.0 for c in weak})

    # -- backups -----------------------------------------------------------------------

    def choose_backup(self) -> None:
        lang = self.window.lang
        backups = list_backups(self.window.paths.backups)
        if not backups:
            QMessageBox.information(self.window, qtr("quiz", lang), qtr("no_backups", lang))
            return
        labels = [f"{local_time(b)}  ({b.kind})" for b in backups]
        label, ok = QInputDialog.getItem(
            self.window, qtr("choose_backup", lang), qtr("choose_backup", lang), labels, 0, False
        )
        if ok and label in labels:
            self.restore(backups[labels.index(label)].path)

    def restore(self, backup: Path) -> None:
        paths = self.window.paths
        if self.progress is not None:
            self.progress.close()
            self.progress = None
        try:
            restore_backup(backup, paths.progress_db, paths.backups)
        except ProgressError as exc:
            QMessageBox.warning(self.window, qtr("quiz", self.window.lang), str(exc))
        self.problem = None
        self.open()
        restored = next((b for b in list_backups(paths.backups) if b.path == backup), None)
        if restored is not None:
            self.window.statusBar().showMessage(
                qtr("restored", self.window.lang, when=local_time(restored)), 8000
            )
        self.progress_changed.emit()
