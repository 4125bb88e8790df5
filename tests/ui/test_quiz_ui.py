"""Click-to-quiz as a user does it: by keyboard, answers saved, progress there on the next start."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from PySide6.QtCore import Qt

from tests.ui.conftest import click_node, open_window


def test_quiz_from_a_node_by_keyboard_survives_a_restart(qtbot, tmp_path: Path) -> None:  # noqa: ANN001
    window = open_window(qtbot, tmp_path / "data")
    assert window.review_button.text() == "Review due (0)"
    click_node(qtbot, window, "jwt")
    assert window.panel.quiz_button.isVisible()
    qtbot.mouseClick(window.panel.quiz_button, Qt.MouseButton.LeftButton)
    dialog = window.study.dialog
    assert dialog is not None and dialog.isVisible()
    assert dialog.bar.text() == f"1 / {len(dialog.items)}"

    recall = dialog.current()
    assert recall.kind == "recall" and recall.question_id == "jwt-what"
    assert dialog.prompt.text() == "What is JSON Web Token (JWT)?"
    qtbot.keyClick(dialog, Qt.Key.Key_Space)
    assert dialog.model_answer.isVisible()
    assert "JSON Web Token (JWT) explained." in dialog.model_answer.text()
    assert "Good" in dialog.grade_buttons[2].text() and "min" in dialog.grade_buttons[2].text()
    with qtbot.waitSignal(dialog.answer_graded) as graded:
        qtbot.keyClick(dialog, Qt.Key.Key_3)
    assert graded.args == ["jwt-what", 3]

    choice = dialog.current()
    assert choice is not None and choice.kind == "choice"
    assert dialog.bar.text().startswith("2 / ")
    wrong = (dialog.shown_correct() + 1) % len(choice.choices)  # choices are shuffled
    with qtbot.waitSignal(dialog.answer_graded) as graded:
        qtbot.keyClick(dialog, Qt.Key.Key_1 + wrong)
    assert graded.args == [choice.question_id, 1]
    assert dialog.feedback.isVisible() and "Not quite." in dialog.feedback.text()
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)  # ends the session: the summary
    assert dialog.pages.currentIndex() == 1
    summary = dialog.summary.text()
    assert "1 right, 1 to review again" in summary
    assert 'href="concept:jwt"' in summary  # the weakest concept, linked
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert not dialog.isVisible()
    window.close()

    again = open_window(qtbot, tmp_path / "data")
    progress = again.study.progress
    assert progress.review_count() == 2
    later = datetime.now(UTC) + timedelta(days=2)
    assert progress.due_count(now=later) == 2
    assert progress.seen_ids() == {"jwt-what", choice.question_id}
    mastery = again.study.mastery()
    assert mastery["jwt"] is not None and 0 < mastery["jwt"] <= 1
    assert mastery["redis"] is None
    again.select("jwt")
    assert "Mastery:" in again.panel.text() and "Mastery: not studied yet" not in again.panel.text()
    again.mastery_toggle.setChecked(True)
    assert again.scene.nodes["jwt"].pen().width() == 5


def test_choice_then_enter_moves_on(qtbot, window) -> None:  # noqa: ANN001
    window.select("redis")
    dialog = window.study.quiz_concept("redis", neighbours=True)
    assert {i.concept_id for i in dialog.items} >= {"redis", "cache"}
    while dialog.current() is not None and dialog.current().kind != "choice":
        qtbot.keyClick(dialog, Qt.Key.Key_Space)
        qtbot.keyClick(dialog, Qt.Key.Key_4)
    assert dialog.current().kind == "choice"
    qtbot.keyClick(dialog, Qt.Key.Key_1 + dialog.shown_correct())
    assert "Right." in dialog.feedback.text()
    position = dialog.index
    qtbot.keyClick(dialog, Qt.Key.Key_Return)
    assert dialog.index == position + 1


def test_review_due_and_learn_new(qtbot, window) -> None:  # noqa: ANN001
    assert window.study.review_due() is None  # nothing due yet: a status message instead
    dialog = window.study.learn_new()
    first = dialog.items[0]
    # Prerequisites come first: authentication is a prerequisite of jwt and refresh tokens.
    order = [i.concept_id for i in dialog.items]
    assert order.index("authentication") < order.index("jwt") if "jwt" in order else True
    assert first.concept_id in {"authentication", "cache", "orm"}
    dialog.reject()


def test_stats_dialog_shows_categories_and_forecast(qtbot, window) -> None:  # noqa: ANN001
    window.study.progress.record("jwt-what", "jwt", 3)
    window.show_stats()
    dialog = window.stats_dialog
    table = dialog.table
    rows = {table.item(r, 0).text(): r for r in range(table.rowCount())}
    auth = rows["Authentication & Security"]
    assert table.item(auth, 3).text() == "1"  # seen
    assert sum(dialog.chart.counts) == 1
    dialog.close()
