"""The mock interview window: a clock per question, typed answers, key points, follow-ups, a report."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from html import escape

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from app.core.interview import DEFAULT_QUESTIONS, DEFAULT_SECONDS, InterviewPicker
from app.core.markup import CONCEPT_SCHEME
from app.core.model import Text
from app.core.progress import InterviewAnswer, ProgressError, ProgressStore
from app.core.quiz import QuizItem
from app.ui.i18n import tr
from app.ui.key_points import CtrlEnterFilter, KeyPointsList, mark_suggested
from app.ui.quiz_text import RATINGS

__all__ = ["InterviewDialog", "clock_text"]

_SETUP, _QUESTION, _REPORT = range(3)


def clock_text(seconds: float) -> str:
    """A countdown as m:ss, never below 0:00."""
    whole = max(0, int(seconds + 0.999))  # 2:59.4 left shows 3:00, as a kitchen timer does
    return f"{whole // 60}:{whole % 60:02d}"


def _plain(name: str) -> QLabel:
    label = QLabel(objectName=name)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


@dataclass(frozen=True)
class _Asked:
    item: QuizItem
    answer: InterviewAnswer


class InterviewDialog(QDialog):
    """Set up (questions, minutes), then ask; each graded answer is saved at once.

    Emits `answer_graded(question_id, rating)` after each save and `ended(weak concept ids)`
    when the report shows. `clock` is injectable so tests never wait for real seconds.
    """

    answer_graded = Signal(str, int)
    ended = Signal(list)
    concept_requested = Signal(str)

    def __init__(
        self, picker: InterviewPicker, progress: ProgressStore, titles: dict[str, Text],
        lang: str, parent: QWidget | None = None, clock: Callable[[], float] = time.monotonic,
    ) -> None:  # fmt: skip
        super().__init__(parent)
        self.setObjectName("interviewDialog")
        self.setWindowTitle(tr("interview", lang))
        self.resize(760, 580)
        self.picker, self.progress, self.titles, self.lang = picker, progress, titles, lang
        self.clock = clock
        self.interview_id: int | None = None
        self.item: QuizItem | None = None
        self.asked: list[_Asked] = []
        self.revealed = False
        self.started_at = 0.0
        self.used = 0.0
        self.timer = QTimer(self, interval=250)
        self.timer.timeout.connect(self.tick)

        self.count_box = QSpinBox(objectName="interviewQuestions", minimum=1, maximum=50)
        self.count_box.setValue(DEFAULT_QUESTIONS)
        self.minutes_box = QSpinBox(objectName="interviewMinutes", minimum=1, maximum=15)
        self.minutes_box.setValue(DEFAULT_SECONDS // 60)
        start = QPushButton(tr("interview_start", lang), objectName="interviewStart")
        start.clicked.connect(self.start)
        setup = QWidget()
        form = QFormLayout(setup)
        intro = QLabel(tr("interview_intro", lang), wordWrap=True)
        form.addRow(intro)
        form.addRow(tr("interview_questions", lang), self.count_box)
        form.addRow(tr("interview_minutes", lang), self.minutes_box)
        form.addRow(start)

        self.counter = QLabel(objectName="interviewCounter")
        self.timer_label = QLabel("0:00", objectName="interviewTimer")
        self.timer_label.setStyleSheet("font-size: 20px; font-weight: bold;")
        self.concept_label = QLabel(objectName="interviewConcept")
        self.prompt = _plain("quizPrompt")
        self.typed = QPlainTextEdit(objectName="quizTyped")
        self.typed.setPlaceholderText(tr("interview_typed", lang))
        self.typed.installEventFilter(CtrlEnterFilter(self.reveal, self))
        self.reveal_button = QPushButton(
            tr("interview_reveal", lang), objectName="showAnswerButton"
        )
        self.reveal_button.clicked.connect(self.reveal)
        self.notice = _plain("interviewNotice")
        self.model_answer = _plain("quizAnswer")
        self.key_points = KeyPointsList()
        self.key_points.ticks_changed.connect(self._on_ticks_changed)
        self.suggestion = _plain("quizSuggestion")
        self.grade_buttons: list[QPushButton] = []
        grades = QHBoxLayout()
        for rating in (1, 2, 3, 4):
            button = QPushButton(
                f"{rating}. {tr(RATINGS[rating], lang)}", objectName=f"grade{rating}"
            )
            button.clicked.connect(lambda _=False, r=rating: self.grade(r))
            self.grade_buttons.append(button)
            grades.addWidget(button)
        question = QWidget()
        q = QVBoxLayout(question)
        top = QHBoxLayout()
        top.addWidget(self.counter, 1)
        top.addWidget(self.timer_label)
        q.addLayout(top)
        for widget in (self.concept_label, self.prompt, self.typed, self.reveal_button,
                       self.notice, self.model_answer, self.key_points, self.suggestion):  # fmt: skip
            q.addWidget(widget)
        q.addStretch(1)
        q.addLayout(grades)

        self.report = QLabel(objectName="interviewReport")
        self.report.setTextFormat(Qt.TextFormat.RichText)
        self.report.setWordWrap(True)
        self.report.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.report.linkActivated.connect(self._on_report_link)
        self.pages = QStackedWidget()
        for page in (setup, question, self.report):
            self.pages.addWidget(page)
        QVBoxLayout(self).addWidget(self.pages)

    # -- flow --------------------------------------------------------------------------

    @property
    def planned(self) -> int:
        return self.count_box.value()

    @property
    def seconds_each(self) -> int:
        return self.minutes_box.value() * 60

    def current_concept_id(self) -> str | None:
        """The concept being asked about; None before the start and once the session ended."""
        return (
            self.item.concept_id if self.item and self.pages.currentIndex() == _QUESTION else None
        )

    def start(self) -> None:
        if self.pages.currentIndex() != _SETUP:
            return
        first = self.picker.first()
        if first is None:
            self.notice.setText(tr("interview_nothing", self.lang))
            self.finish()
            return
        try:
            self.interview_id = self.progress.start_interview(self.planned, self.seconds_each)
        except ProgressError as exc:
            QMessageBox.warning(self, tr("interview", self.lang), str(exc))
            self.reject()
            return
        self.pages.setCurrentIndex(_QUESTION)
        self._ask(first)

    def _ask(self, item: QuizItem) -> None:
        lang = self.lang
        self.item, self.revealed = item, False
        self.counter.setText(tr("interview_counter", lang, n=len(self.asked) + 1, m=self.planned))
        title = self.titles.get(item.concept_id)
        self.concept_label.setText(title.get(lang) if title else item.concept_id)
        self.prompt.setText(item.prompt.get(lang))
        self.typed.clear()
        self.typed.setReadOnly(False)
        for widget in (self.notice, self.model_answer, self.suggestion, *self.grade_buttons):
            widget.hide()
        self.key_points.clear_points()
        mark_suggested(self.grade_buttons, None, lang)
        self.reveal_button.show()
        self.started_at = self.clock()
        self.timer_label.setText(clock_text(self.seconds_each))
        self.timer.start()
        self.typed.setFocus()

    def tick(self) -> None:
        """Show the time left; at 0:00 the answer is revealed, as an interviewer moves on."""
        if self.item is None or self.revealed:
            return
        left = self.seconds_each - (self.clock() - self.started_at)
        self.timer_label.setText(clock_text(left))
        if left <= 0:
            self.notice.setText(tr("interview_time_up", self.lang))
            self.notice.show()
            self.reveal()

    def reveal(self) -> None:
        item = self.item
        if item is None or self.revealed or self.pages.currentIndex() != _QUESTION:
            return
        self.revealed = True
        self.timer.stop()
        self.used = min(float(self.seconds_each), max(0.0, self.clock() - self.started_at))
        lang = self.lang
        answer = item.answer.get(lang) if item.answer else ""
        self.model_answer.setText(f"{tr('model_answer', lang)}: {answer}")
        self.model_answer.show()
        typed = self.typed.toPlainText().strip()
        self.typed.setReadOnly(True)
        self.key_points.show_points(item.points, typed, lang)
        self._on_ticks_changed(self.key_points.suggestion())
        self.reveal_button.hide()
        for button in self.grade_buttons:
            button.show()
        self.setFocus()  # 1-4 grade now, not type

    def _on_ticks_changed(self, rating: int | None) -> None:
        text = mark_suggested(self.grade_buttons, rating, self.lang)
        self.suggestion.setText(text)
        self.suggestion.setVisible(bool(text))

    def grade(self, rating: int) -> None:
        item = self.item
        if item is None or not self.revealed or self.interview_id is None:
            return
        answer = InterviewAnswer(
            len(self.asked), item.question_id, item.concept_id, rating,
            self.key_points.covered_count(), self.key_points.count(), round(self.used, 1),
        )  # fmt: skip
        try:
            self.progress.record_interview_answer(self.interview_id, answer)
        except ProgressError as exc:
            QMessageBox.warning(self, tr("interview", self.lang), str(exc))
            self.finish()
            return
        self.asked.append(_Asked(item, answer))
        self.answer_graded.emit(item.question_id, rating)
        following = self.picker.next(rating) if len(self.asked) < self.planned else None
        if following is None:
            self.finish()
        else:
            self._ask(following)

    def weak_concepts(self) -> list[str]:
        """Concepts answered Again or Hard, in the order asked."""
        return list(dict.fromkeys(a.item.concept_id for a in self.asked if a.answer.rating <= 2))

    def finish(self) -> None:
        """End the session: store it as finished, show the report, mark the weak concepts."""
        if self.pages.currentIndex() == _REPORT:
            return
        self.timer.stop()
        self.item = None
        if self.interview_id is not None:
            try:
                self.progress.finish_interview(self.interview_id)
            except ProgressError as exc:
                QMessageBox.warning(self, tr("interview", self.lang), str(exc))
        self.report.setText(self._report_html())
        self.pages.setCurrentIndex(_REPORT)
        self.setFocus()
        self.ended.emit(self.weak_concepts())

    def _title(self, concept_id: str) -> str:
        title = self.titles.get(concept_id)
        return title.get(self.lang) if title else concept_id

    def _report_html(self) -> str:
        lang = self.lang
        parts = [f"<h2>{escape(tr('interview_report', lang))}</h2>"]
        if not self.asked:
            parts.append(f"<p>{escape(self.notice.text() or tr('interview_none', lang))}</p>")
            return "".join(parts)
        good = sum(1 for a in self.asked if a.answer.rating >= 3)
        covered = sum(a.answer.points_covered for a in self.asked)
        total = sum(a.answer.points_total for a in self.asked)
        counts = tr("interview_report_counts", lang, n=len(self.asked), good=good, points=covered, total=total)  # fmt: skip
        parts.append(f"<p>{escape(counts)}</p><table cellpadding='4'><tr><th>#</th>")
        for key in ("interview_col_concept", "interview_col_points", "interview_col_time", "interview_col_grade"):  # fmt: skip
            parts.append(f"<th align='left'>{escape(tr(key, lang))}</th>")
        parts.append("</tr>")
        for number, asked in enumerate(self.asked, start=1):
            a = asked.answer
            points = f"{a.points_covered}/{a.points_total}" if a.points_total else "—"
            grade = f"{a.rating}. {tr(RATINGS[a.rating], lang)}"
            colour = " style='color:#c62828'" if a.rating <= 2 else ""
            cells = (
                str(number),
                self._title(a.concept_id),
                points,
                clock_text(a.seconds_used),
                grade,
            )
            parts.append(
                f"<tr{colour}>" + "".join(f"<td>{escape(c)}</td>" for c in cells) + "</tr>"
            )
        parts.append("</table>")
        weak = self.weak_concepts()
        if weak:
            links = " · ".join(
                f'<a href="{CONCEPT_SCHEME}{escape(c)}">{escape(self._title(c))}</a>' for c in weak
            )
            parts.append(f"<h3>{escape(tr('interview_weak', lang))}</h3><p>{links}</p>")
        return "".join(parts)

    def _on_report_link(self, href: str) -> None:
        if href.startswith(CONCEPT_SCHEME):
            self.concept_requested.emit(href[len(CONCEPT_SCHEME) :])
            self.accept()

    # -- keyboard ----------------------------------------------------------------------

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key, page = event.key(), self.pages.currentIndex()
        enter = key in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
        if key == Qt.Key.Key_Escape:
            self.finish() if page == _QUESTION else self.reject()
        elif page == _SETUP and enter:
            self.start()
        elif page == _REPORT and enter:
            self.accept()
        elif (
            page == _QUESTION and enter and event.modifiers() & Qt.KeyboardModifier.ControlModifier
        ):
            self.reveal()
        elif page == _QUESTION and self.revealed and Qt.Key.Key_1 <= key <= Qt.Key.Key_4:
            self.grade(key - Qt.Key.Key_1 + 1)
        else:
            super().keyPressEvent(event)
            return
        event.accept()

    def closeEvent(self, event: object) -> None:
        self.timer.stop()
        super().closeEvent(event)  # type: ignore[arg-type]
