"""The mock interview by keyboard alone: the clock, Ctrl+Enter, key points, 1-4, Esc, the report."""

from __future__ import annotations

import random
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QLabel, QListWidget

from app.core.interview import picker_for
from app.ui.interview_dialog import InterviewDialog, clock_text
from tests.ui.conftest import open_window, type_text


class FakeClock:
    """Seconds that pass only when the test says so: no timed assertions."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def _dialog(qtbot, window, clock: FakeClock) -> InterviewDialog:  # noqa: ANN001
    picker = picker_for(window.store, window.graph, window.study.progress, random.Random(4))
    dialog = InterviewDialog(
        picker, window.study.progress, window.titles, window.lang, window, clock=clock
    )
    dialog.ended.connect(window.study._on_interview_ended)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def test_the_menu_opens_it_in_either_language(qtbot, window) -> None:  # noqa: ANN001
    action = window.findChild(QAction, "mockInterviewAction")
    assert action is not None and action.text() == "Mock interview…"
    assert action in window.study_menu.actions()
    window.language_switch.setCurrentIndex(window.language_switch.findData("ko"))
    assert action.text() == "모의 면접…"
    action.trigger()
    dialog = window.findChild(InterviewDialog, "interviewDialog")
    assert dialog is not None and dialog.isVisible()
    assert dialog.count_box.value() == 10 and dialog.minutes_box.value() == 3
    assert dialog.current_concept_id() is None  # not started yet
    dialog.reject()


def test_a_whole_interview_by_keyboard_is_saved_and_reported(qtbot, tmp_path: Path) -> None:  # noqa: ANN001
    window = open_window(qtbot, tmp_path / "data")
    clock = FakeClock()
    dialog = _dialog(qtbot, window, clock)
    dialog.count_box.setValue(3)
    qtbot.keyClick(dialog, Qt.Key.Key_Return)  # Start
    timer = dialog.findChild(QLabel, "interviewTimer")
    assert timer.text() == "3:00"
    first = dialog.current_concept_id()
    assert first is not None and first in window.titles
    clock.now += 42
    dialog.tick()
    assert timer.text() == "2:18"  # the countdown runs

    asked, ratings = [], [3, 1, 2]
    for rating in ratings:
        concept = dialog.current_concept_id()
        asked.append(concept)
        assert dialog.focusWidget() is dialog.typed  # type at once
        if dialog.item.question_id == "jwt-what":
            type_text(dialog.typed, "서명으로 무결성을 확인하고 header.payload.signature 구조")
        else:
            qtbot.keyClicks(dialog.typed, "it depends")
        clock.now += 30
        qtbot.keyClick(dialog.typed, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
        assert dialog.revealed and dialog.model_answer.isVisible()
        points = dialog.findChild(QListWidget, "keyPoints")
        if dialog.item.question_id == "jwt-what":
            assert [points.item(i).data(Qt.ItemDataRole.UserRole) for i in range(2)] == [True, True]
        with qtbot.waitSignal(dialog.answer_graded) as graded:
            qtbot.keyClick(dialog, Qt.Key.Key_0 + rating)
        assert graded.args[1] == rating
    # Three answers asked for three questions: the report.
    assert dialog.current_concept_id() is None
    report = dialog.report.text()
    assert "Interview report" in report and "3 questions, 1 answered well" in report
    for concept in asked:
        assert window.titles[concept].en in report
    weak = dialog.weak_concepts()
    assert weak == list(dict.fromkeys(asked[1:]))
    assert window.scene.nodes[weak[0]].pen().width() == 5  # marked on the graph
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert not dialog.isVisible()
    interview = dialog.interview_id
    window.close()

    again = open_window(qtbot, tmp_path / "data")  # a restart: all of it is there
    progress = again.study.progress
    assert progress.interview_count() == 1
    answers = progress.interview_answers(interview)
    assert [a.concept_id for a in answers] == asked
    assert [a.rating for a in answers] == ratings
    assert [a.seconds_used for a in answers] == [72.0, 30.0, 30.0]
    assert progress.review_count() == 3


def test_time_up_reveals_and_esc_ends_with_the_report(qtbot, window) -> None:  # noqa: ANN001
    clock = FakeClock()
    dialog = _dialog(qtbot, window, clock)
    dialog.minutes_box.setValue(1)
    qtbot.keyClick(dialog, Qt.Key.Key_Return)
    assert dialog.findChild(QLabel, "interviewTimer").text() == "1:00"
    clock.now += 61
    dialog.tick()
    assert dialog.revealed and "Time is up." in dialog.notice.text()
    assert dialog.findChild(QLabel, "interviewTimer").text() == "0:00"
    qtbot.keyClick(dialog, Qt.Key.Key_2)
    assert dialog.current_concept_id() is not None  # the follow-up question
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)  # mid-question: ends with the report
    assert dialog.current_concept_id() is None
    assert "1 questions" in dialog.report.text() or "1 question" in dialog.report.text()
    assert "1:00" in dialog.report.text()
    assert window.study.progress.interview_count() == 1


def test_clock_text() -> None:
    assert [clock_text(s) for s in (180, 179.2, 61, 59.5, 0.2, 0, -3)] == [
        "3:00", "3:00", "1:01", "1:00", "0:01", "0:00", "0:00",
    ]  # fmt: skip
