"""Key points after an answer, the suggested grade, Ctrl+Enter in the answer box, shuffled choices."""

from __future__ import annotations

import random
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QListWidget

from app.core.progress import ProgressStore
from app.ui.quiz_dialog import QuizDialog
from tests.ui.conftest import type_text


def _jwt_quiz(qtbot, window):  # noqa: ANN001, ANN202
    dialog = window.study.quiz_concept("jwt", neighbours=False)
    assert dialog.current().question_id == "jwt-what"
    return dialog


def _points(dialog) -> list[tuple[str, bool, bool]]:  # noqa: ANN001
    """(text, covered by the typed answer, ticked) per row of the checklist."""
    points = dialog.findChild(QListWidget, "keyPoints")
    return [
        (
            points.item(i).text(),
            points.item(i).data(Qt.ItemDataRole.UserRole),
            points.item(i).checkState() == Qt.CheckState.Checked,
        )
        for i in range(points.count())
    ]


def test_typed_answer_ticks_the_points_it_covers_and_ctrl_enter_reveals(qtbot, window) -> None:  # noqa: ANN001
    dialog = _jwt_quiz(qtbot, window)
    assert "Ctrl+Enter" in dialog.typed.placeholderText()
    assert not dialog.findChild(QListWidget, "keyPoints").isVisible()
    qtbot.mouseClick(dialog.typed.viewport(), Qt.MouseButton.LeftButton)
    qtbot.keyClicks(dialog.typed, "It can't be tampered with")
    assert not dialog.revealed  # Space typed a space, it did not reveal
    qtbot.keyClick(dialog.typed, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert dialog.revealed and dialog.model_answer.isVisible()
    assert dialog.typed.toPlainText() == "It can't be tampered with"  # no new line typed
    assert _points(dialog) == [
        ("The signature proves integrity, not secrecy", True, True),
        ("Three parts: header, payload, signature", False, False),
    ]
    assert dialog.suggestion.text().startswith("Suggested from the key points: 3. Good")
    assert dialog.grade_buttons[2].property("suggested") is True
    assert dialog.grade_buttons[3].property("suggested") is False
    with qtbot.waitSignal(dialog.answer_graded) as graded:  # the learner still decides
        qtbot.keyClick(dialog, Qt.Key.Key_2)
    assert graded.args == ["jwt-what", 2]


def test_korean_answer_without_spaces_covers_both_points(qtbot, window) -> None:  # noqa: ANN001
    window.language_switch.setCurrentIndex(window.language_switch.findData("ko"))
    dialog = _jwt_quiz(qtbot, window)
    type_text(dialog.typed, "무결성은보장하지만 헤더와 페이로드는 누구나 읽습니다")
    qtbot.keyClick(dialog.typed, Qt.Key.Key_Enter, Qt.KeyboardModifier.ControlModifier)
    assert _points(dialog) == [
        ("서명은 무결성을 보장할 뿐 기밀성은 보장하지 않는다", True, True),
        ("헤더, 페이로드, 서명 세 부분", True, True),
    ]
    assert "4. 쉬움" in dialog.suggestion.text()
    assert dialog.grade_buttons[3].property("suggested") is True


def test_without_a_typed_answer_the_learner_ticks_the_points(qtbot, window) -> None:  # noqa: ANN001
    dialog = _jwt_quiz(qtbot, window)
    qtbot.keyClick(dialog, Qt.Key.Key_Space)
    assert [(covered, ticked) for _t, covered, ticked in _points(dialog)] == [(False, False)] * 2
    assert "Tick the key points you said" in dialog.suggestion.text()
    assert not any(b.property("suggested") for b in dialog.grade_buttons)
    points = dialog.findChild(QListWidget, "keyPoints")
    points.item(1).setCheckState(Qt.CheckState.Checked)
    assert "3. Good" in dialog.suggestion.text()
    points.item(0).setCheckState(Qt.CheckState.Checked)
    assert "4. Easy" in dialog.suggestion.text()
    assert dialog.grade_buttons[3].property("suggested") is True


def test_a_question_without_points_shows_no_checklist(qtbot, window) -> None:  # noqa: ANN001
    dialog = window.study.quiz_concept("redis", neighbours=False)
    while dialog.current() is not None and dialog.current().kind != "recall":
        dialog.choose(0)
        dialog.next_item()
    assert dialog.current() is not None and dialog.current().points == ()
    qtbot.keyClick(dialog, Qt.Key.Key_Space)
    assert dialog.revealed
    assert not dialog.findChild(QListWidget, "keyPoints").isVisible()
    assert not dialog.suggestion.isVisible()


def test_choices_are_shuffled_each_time_and_keys_follow_the_shown_order(
    qtbot, window, tmp_path: Path
) -> None:  # noqa: ANN001
    items = [i for i in window.study.quiz_concept("jwt", neighbours=False).items]
    choice = next(i for i in items if i.kind == "choice" and len(i.choices) >= 3)
    right_text = choice.choices[choice.correct].get("en")
    with ProgressStore(tmp_path / "progress.db") as progress:
        dialog = QuizDialog([choice] * 8, progress, window.titles, "en", rng=random.Random(7))
        qtbot.addWidget(dialog)
        dialog.show()
        orders = []
        for shown in range(8):
            labels = [b.text().split(". ", 1)[1] for b in dialog.choice_buttons]
            assert sorted(labels) == sorted(c.get("en") for c in choice.choices)
            orders.append(tuple(labels))
            position = labels.index(right_text)
            wrong = (position + 1) % len(labels)
            key = position if shown % 2 == 0 else wrong
            with qtbot.waitSignal(dialog.answer_graded) as graded:
                qtbot.keyClick(dialog, Qt.Key.Key_1 + key)
            assert graded.args == [choice.question_id, 3 if key == position else 1]
            expected = "Right." if key == position else "Not quite."
            assert dialog.feedback.text().startswith(expected)
            assert f"The answer: {right_text}" in dialog.feedback.text() or key == position
            qtbot.keyClick(dialog, Qt.Key.Key_Return)
        assert len(set(orders)) > 1  # the position of the answer cannot be memorised
        assert progress.review_count() == 8
