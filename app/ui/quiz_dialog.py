"""The quiz: recall with self-grading, multiple choice graded for you, FSRS scheduling, a summary."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import UTC, datetime
from html import escape

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from app.core.markup import CONCEPT_SCHEME
from app.core.model import Text
from app.core.progress import ProgressError, ProgressStore
from app.core.quiz import QuizItem
from app.ui.key_points import CtrlEnterFilter, KeyPointsList, mark_suggested
from app.ui.quiz_text import RATINGS, format_interval, qtr

__all__ = ["QuizDialog", "Outcome"]


@dataclass(frozen=True)
class Outcome:
    item: QuizItem
    rating: int
    due: datetime


def _plain(text: str) -> QLabel:
    label = QLabel(text)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


class QuizDialog(QDialog):
    """Asks `items` in order. Emits `answer_graded(question_id, rating)` after each answer is saved."""

    answer_graded = Signal(str, int)
    concept_requested = Signal(str)

    def __init__(
        self,
        items: list[QuizItem],
        progress: ProgressStore,
        titles: dict[str, Text],
        lang: str,
        parent: QWidget | None = None,
        rng: random.Random | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("quizDialog")
        self.rng = rng or random.Random()
        self.order: list[int] = []  # the shown choices: position -> index in item.choices
        self.items = items
        self.progress = progress
        self.titles = titles
        self.lang = lang
        self.index = 0
        self.outcomes: list[Outcome] = []
        self.revealed = False
        self.chosen: int | None = None
        self.setWindowTitle(qtr("quiz", lang))
        self.resize(720, 520)

        self.bar = QProgressBar(objectName="quizProgress")
        self.bar.setRange(0, max(1, len(items)))
        self.bar.setFormat("%v / %m")
        self.concept_label = QLabel(objectName="quizConcept")
        self.prompt = _plain("")
        self.prompt.setObjectName("quizPrompt")
        self.typed = QPlainTextEdit(objectName="quizTyped")
        self.typed.setPlaceholderText(qtr("type_answer", lang))
        self.typed.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        self.typed.installEventFilter(CtrlEnterFilter(self.reveal, self))
        self.model_answer = _plain("")
        self.model_answer.setObjectName("quizAnswer")
        self.your_answer = _plain("")
        self.key_points = KeyPointsList()
        self.key_points.ticks_changed.connect(self._on_ticks_changed)
        self.suggestion = _plain("")
        self.suggestion.setObjectName("quizSuggestion")
        self.show_button = QPushButton(qtr("show_answer_key", lang), objectName="showAnswerButton")
        self.show_button.clicked.connect(self.reveal)
        self.grade_buttons: list[QPushButton] = []
        grades = QHBoxLayout()
        for rating in (1, 2, 3, 4):
            button = QPushButton(objectName=f"grade{rating}")
            button.clicked.connect(lambda _=False, r=rating: self.grade(r))
            self.grade_buttons.append(button)
            grades.addWidget(button)
        self.choice_box = QVBoxLayout()
        self.choice_buttons: list[QPushButton] = []
        self.feedback = _plain("")
        self.feedback.setObjectName("quizFeedback")
        self.next_button = QPushButton(qtr("next", lang), objectName="nextButton")
        self.next_button.clicked.connect(self.next_item)

        question = QWidget()
        q = QVBoxLayout(question)
        q.addWidget(self.concept_label)
        q.addWidget(self.prompt)
        q.addLayout(self.choice_box)
        q.addWidget(self.typed)
        q.addWidget(self.show_button)
        q.addWidget(self.your_answer)
        q.addWidget(self.model_answer)
        q.addWidget(self.key_points)
        q.addWidget(self.suggestion)
        q.addWidget(self.feedback)
        q.addStretch(1)
        q.addLayout(grades)
        q.addWidget(self.next_button)
        self.summary = QLabel(objectName="quizSummary")
        self.summary.setTextFormat(Qt.TextFormat.RichText)
        self.summary.setWordWrap(True)
        self.summary.setOpenExternalLinks(False)
        self.summary.linkActivated.connect(self._on_summary_link)
        self.summary.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.pages = QStackedWidget()
        self.pages.addWidget(question)
        self.pages.addWidget(self.summary)
        layout = QVBoxLayout(self)
        layout.addWidget(self.bar)
        layout.addWidget(self.pages, 1)
        self._show_item()

    # -- flow --------------------------------------------------------------------------

    def current(self) -> QuizItem | None:
        return (
            self.items[self.index]
            if self.index < len(self.items) and self.pages.currentIndex() == 0
            else None
        )

    def _show_item(self) -> None:
        item = self.current()
        if item is None:
            self.finish()
            return
        lang = self.lang
        self.revealed = False
        self.chosen = None
        self.bar.setValue(self.index + 1)
        title = self.titles.get(item.concept_id)
        self.concept_label.setText(title.get(lang) if title else item.concept_id)
        self.prompt.setText(item.prompt.get(lang))
        self.typed.clear()
        self.your_answer.hide()
        self.model_answer.hide()
        self.key_points.clear_points()
        self.suggestion.hide()
        mark_suggested(self.grade_buttons, None, lang)
        self.feedback.hide()
        self.next_button.hide()
        for button in self.choice_buttons:
            self.choice_box.removeWidget(button)
            button.deleteLater()
        self.choice_buttons = []
        recall = item.kind == "recall"
        self.typed.setVisible(recall)
        self.show_button.setVisible(recall)
        for button in self.grade_buttons:
            button.hide()
        # A new order every time the question is shown: the position is never the answer.
        self.order = self.rng.sample(range(len(item.choices)), len(item.choices))
        if not recall:
            for number, original in enumerate(self.order):
                choice = item.choices[original]
                button = QPushButton(
                    f"{number + 1}. {choice.get(lang)}", objectName=f"choice{number}"
                )
                button.setStyleSheet("text-align: left; padding: 6px;")
                button.clicked.connect(lambda _=False, n=number: self.choose(n))
                self.choice_box.addWidget(button)
                self.choice_buttons.append(button)
        self.setFocus()

    def reveal(self) -> None:
        """Show the model answer beside what was typed, and the grade buttons with their intervals."""
        item = self.current()
        if item is None or item.kind != "recall" or self.revealed:
            return
        self.revealed = True
        lang = self.lang
        typed = self.typed.toPlainText().strip()
        self.your_answer.setText(f"{qtr('your_answer', lang)}: {typed}" if typed else "")
        self.your_answer.setVisible(bool(typed))
        answer = item.answer.get(lang) if item.answer else ""
        self.model_answer.setText(f"{qtr('model_answer', lang)}: {answer}")
        self.model_answer.show()
        self.key_points.show_points(item.points, typed, lang)
        self._on_ticks_changed(self.key_points.suggestion() if typed else None)
        self.show_button.hide()
        intervals = self.progress.preview(item.question_id)
        for rating, button in zip((1, 2, 3, 4), self.grade_buttons, strict=True):
            button.setText(
                f"{rating}. {qtr(RATINGS[rating], lang)} · {format_interval(intervals[rating], lang)}"
            )
            button.show()
        self.setFocus()

    def _on_ticks_changed(self, rating: int | None) -> None:
        """Show (and outline) the grade the ticked key points suggest; the learner decides."""
        if self.key_points.count() == 0:
            self.suggestion.hide()
            return
        if rating is None or (
            not self.typed.toPlainText().strip() and not any(self.key_points.ticks())
        ):
            mark_suggested(self.grade_buttons, None, self.lang)
            self.suggestion.setText(qtr("tick_points", self.lang))
        else:
            self.suggestion.setText(mark_suggested(self.grade_buttons, rating, self.lang))
        self.suggestion.show()

    def shown_correct(self) -> int | None:
        """The position (0-based) at which the right choice is shown, or None."""
        item = self.current()
        if item is None or item.correct is None or item.correct not in self.order:
            return None
        return self.order.index(item.correct)

    def choose(self, number: int) -> None:
        """Answer a choice question by its shown position: graded for you (right: Good, wrong: Again)."""
        item = self.current()
        if (
            item is None
            or item.kind != "choice"
            or self.chosen is not None
            or not 0 <= number < len(item.choices)
        ):
            return
        self.chosen = number
        right = self.order[number] == item.correct
        lang = self.lang
        for index, button in enumerate(self.choice_buttons):
            button.setEnabled(False)
            if self.order[index] == item.correct:
                button.setStyleSheet(
                    "text-align: left; padding: 6px; background: #2e7d32; color: white;"
                )
            elif index == number:
                button.setStyleSheet(
                    "text-align: left; padding: 6px; background: #c62828; color: white;"
                )
        correct_text = item.choices[item.correct].get(lang) if item.correct is not None else ""
        why = item.explanation.get(lang) if item.explanation else ""
        verdict = (
            qtr("right", lang)
            if right
            else qtr("wrong", lang) + f" {qtr('answer_was', lang)}: {correct_text}"
        )
        self.feedback.setText(verdict + (f"\n{why}" if why else ""))
        self.feedback.show()
        if not self._record(3 if right else 1):
            return
        self.next_button.show()
        self.next_button.setFocus()

    def grade(self, rating: int) -> None:
        item = self.current()
        if item is None or item.kind != "recall" or not self.revealed:
            return
        if self._record(rating):
            self.next_item()

    def _record(self, rating: int) -> bool:
        """Save the answer; if it cannot be saved (a full disk, say), say why and end the quiz."""
        item = self.current()
        assert item is not None
        try:
            card = self.progress.record(item.question_id, item.concept_id, rating)
        except ProgressError as exc:
            QMessageBox.warning(self, qtr("quiz", self.lang), str(exc))
            self.reject()
            return False
        self.outcomes.append(Outcome(item, rating, card.due))
        self.answer_graded.emit(item.question_id, rating)
        return True

    def next_item(self) -> None:
        item = self.current()
        if item is None:
            return
        answered = any(o.item.question_id == item.question_id for o in self.outcomes[-1:])
        if not answered:
            return
        self.index += 1
        self._show_item()

    def finish(self) -> None:
        """The summary: right and wrong, when things come due, links to the weakest concepts."""
        lang = self.lang
        right = sum(1 for o in self.outcomes if o.rating > 1)
        wrong = len(self.outcomes) - right
        lines = [f"<h2>{escape(qtr('summary', lang))}</h2>",
                 f"<p>{escape(qtr('summary_counts', lang, right=right, wrong=wrong))}</p>"]  # fmt: skip
        if self.outcomes:
            lines.append(f"<h3>{escape(qtr('comes_due', lang))}</h3><ul>")
            now = datetime.now(UTC)
            for outcome in sorted(self.outcomes, key=lambda o: o.due):
                prompt = outcome.item.prompt.get(lang)
                short = prompt if len(prompt) <= 70 else prompt[:69] + "…"
                when = outcome.due.astimezone().strftime("%Y-%m-%d %H:%M")
                interval = format_interval(outcome.due - now, lang)
                lines.append(f"<li>{escape(short)} — {escape(when)} ({escape(interval)})</li>")
            lines.append("</ul>")
        weakest = self.weakest()
        if weakest:
            lines.append(f"<h3>{escape(qtr('review_these', lang))}</h3><p>")
            links = []
            for concept_id in weakest:
                title = self.titles.get(concept_id)
                name = title.get(lang) if title else concept_id
                links.append(f'<a href="{CONCEPT_SCHEME}{escape(concept_id)}">{escape(name)}</a>')
            lines.append(" · ".join(links) + "</p>")
        self.summary.setText("".join(lines))
        self.bar.setValue(self.bar.maximum())
        self.pages.setCurrentIndex(1)

    def weakest(self) -> list[str]:
        """Concepts answered wrong (Again) first, then Hard; at most five."""
        scores: dict[str, int] = {}
        for outcome in self.outcomes:
            if outcome.rating <= 2:
                scores[outcome.item.concept_id] = min(
                    scores.get(outcome.item.concept_id, 9), outcome.rating
                )
        return sorted(scores, key=lambda c: (scores[c], c))[:5]

    def _on_summary_link(self, href: str) -> None:
        if href.startswith(CONCEPT_SCHEME):
            self.concept_requested.emit(href[len(CONCEPT_SCHEME) :])
            self.accept()

    # -- keyboard ----------------------------------------------------------------------

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        item = self.current()
        typing = self.typed.hasFocus()
        if key == Qt.Key.Key_Escape:
            if self.pages.currentIndex() == 0 and self.outcomes:
                self.finish()
            else:
                self.reject()
        elif item is None:
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self.accept()
            else:
                super().keyPressEvent(event)
            return
        elif typing and not (
            key in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
            and event.modifiers() & Qt.KeyboardModifier.ControlModifier
        ):
            super().keyPressEvent(event)
            return
        elif key in (Qt.Key.Key_Space,) or (
            typing and key in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
        ):
            self.reveal()
        elif Qt.Key.Key_1 <= key <= Qt.Key.Key_4:
            number = key - Qt.Key.Key_1
            if item.kind == "recall":
                self.grade(number + 1)
            else:
                self.choose(number)
        elif key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            if item.kind == "recall" and not self.revealed:
                self.reveal()
            else:
                self.next_item()
        else:
            super().keyPressEvent(event)
            return
        event.accept()
