"""Issue #15 polish, as the user meets it: pack errors, damaged progress, statistics, menus, icon."""

from __future__ import annotations

import os
import time
from datetime import UTC, datetime
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QPointF, QSettings, Qt, QUrl
from PySide6.QtGui import QColor, QWheelEvent
from PySide6.QtWidgets import QApplication, QLabel, QPushButton

from app.core.backup import backup_copy
from app.core.paths import user_paths
from app.core.progress import ProgressStore
from tests.conftest import ROOT
from tests.ui.conftest import open_window, pack_errors


def _broken_pack(folder: Path) -> Path:
    """Three files with errors (one a YAML error, one in a sub-folder) and one good one."""
    folder.mkdir()
    (folder / "categories.yaml").write_text(
        "- id: x\n  title: {en: X, ko: 엑스}\n  colour: '#ff0000'\n", encoding="utf-8"
    )
    (folder / "a.md").write_text(
        "---\nid: a\ntitle: {en: A, ko: 에이}\ncategory: y\n---\n## en\nx\n## ko\ny\n",
        encoding="utf-8",
    )
    (folder / "sub").mkdir()
    (folder / "sub" / "b.md").write_text(
        "---\nid: b\ntitle: {en: B, ko: 비}\ncategory: x\n  bad: : indent\n---\n## en\nx\n## ko\ny\n",
        encoding="utf-8",
    )
    (folder / "c.md").write_text(
        "---\nid: c\ntitle: {en: C, ko: 씨}\ncategory: x\nlinks:\n  - {to: d, kind: related-to}\n"
        "  - {to: nowhere, kind: used-for}\n---\n## en\nx\n## ko\ny\n",
        encoding="utf-8",
    )
    (folder / "d.md").write_text(
        "---\nid: d\ntitle: {en: D, ko: 디}\ncategory: x\n---\n## en\nx\n## ko\ny\n",
        encoding="utf-8",
    )
    return folder


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_pack_errors_are_a_list_grouped_by_file_with_lines(
    qtbot,
    window,
    tmp_path: Path,
    lang: str,  # noqa: ANN001
) -> None:
    pack = _broken_pack(tmp_path / "broken")
    box, rows = pack_errors(qtbot, window, pack, lang)
    assert box.objectName() == "packErrorsDialog" and box.isVisible()
    tree = box.tree
    assert tree.topLevelItem(0).text(0) == "a.md  (1)"
    assert set(rows) == {"a.md", "c.md", "sub/b.md"}  # relative to the pack; d.md is fine
    unknown = "알 수 없는 카테고리 'y'" if lang == "ko" else "unknown category 'y'"
    assert rows["a.md"] == [("4", unknown)]  # in the UI language
    assert [(line, "'nowhere'" in msg) for line, msg in rows["c.md"]] == [("7", True)]
    assert [line for line, _msg in rows["sub/b.md"]] == ["5"]  # the bad indentation
    header = tree.headerItem()
    if lang == "ko":
        assert (header.text(0), header.text(1)) == ("줄", "문제")
        assert box.windowTitle() == "콘텐츠 폴더에 오류가 있습니다"
        assert "현재 그래프는 그대로" in box.informativeText()
    else:
        assert (header.text(0), header.text(1)) == ("Line", "Problem")
    assert str(pack) in box.informativeText()
    # The list is a real list, not a 4-line details box: every row is on screen at its size.
    assert tree.height() > 200 and box.width() >= 700
    qtbot.mouseClick(box.copy_button, Qt.MouseButton.LeftButton)
    assert QApplication.clipboard().text() == box.detailedText()
    assert f"{pack}/a.md:4: error: unknown category 'y'" in box.detailedText()
    box.close()
    assert len(window.scene.nodes) == 9 and window.pack_dir != pack


# -- a damaged progress file -------------------------------------------------------------


@pytest.fixture
def seoul(monkeypatch: pytest.MonkeyPatch) -> None:
    """The user's clock in Seoul (UTC+9, no summer time), so local and UTC times differ."""
    monkeypatch.setenv("TZ", "Asia/Seoul")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


@pytest.mark.usefixtures("seoul")
def test_damaged_progress_says_where_it_went_and_offers_the_backup_in_korean(
    qtbot,  # noqa: ANN001
    tmp_path: Path,
) -> None:
    data = tmp_path / "data"
    paths = user_paths(data).ensure()
    QSettings(str(paths.config / "settings.ini"), QSettings.Format.IniFormat).setValue(
        "language", "ko"
    )
    with ProgressStore(paths.progress_db) as progress:
        progress.record("jwt-what", "jwt", 3, datetime(2026, 3, 1, 14, 0, tzinfo=UTC))
    # Yesterday's daily backup, written at 14:30 UTC: 23:30 in Seoul (not 09:00, its name's
    # UTC midnight).
    backup = backup_copy(paths.progress_db, paths.backups / "progress-2026-03-01.db")
    written = datetime(2026, 3, 1, 14, 30, tzinfo=UTC).timestamp()
    os.utime(backup, (written, written))
    paths.progress_db.write_bytes(b"this is not a database at all\n" * 200)

    window = open_window(qtbot, data)
    box = window.study.damaged_box
    assert box is not None and box.isVisible() and box.objectName() == "progressDamagedDialog"
    moved = next(data.glob("progress.db.corrupt-*"))
    assert moved.read_bytes().startswith(b"this is not a database")
    assert box.text() == "학습 기록 파일이 손상되어 읽을 수 없었습니다."
    assert str(moved) in box.informativeText()
    assert "2026-03-01 23:30" in box.informativeText()
    assert {b.text() for b in box.buttons()} == {"이 백업으로 복원", "새로 시작"}
    restore = box.findChild(QPushButton, "restoreNewestButton")
    qtbot.mouseClick(restore, Qt.MouseButton.LeftButton)
    assert window.study.progress is not None
    assert window.study.progress.seen_ids() == {"jwt-what"}
    assert "2026-03-01 23:30" in window.statusBar().currentMessage()


def test_damaged_progress_without_backups_says_so(qtbot, tmp_path: Path) -> None:  # noqa: ANN001
    data = tmp_path / "data"
    paths = user_paths(data).ensure()
    paths.progress_db.write_bytes(b"\x00garbage" * 500)
    window = open_window(qtbot, data)
    box = window.study.damaged_box
    assert box is not None and box.isVisible()
    assert "There is no backup to restore from." in box.informativeText()
    assert [b.text() for b in box.buttons()] == ["OK"]
    assert window.study.writable  # a fresh file to study on
    box.done(0)


# -- nothing due -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("lang", "start"), [("en", "press “Learn new”"), ("ko", "“새로 학습”을 누르거나")]
)
def test_nothing_due_on_a_new_profile_says_how_to_start(
    qtbot,  # noqa: ANN001
    window,  # noqa: ANN001
    lang: str,
    start: str,
) -> None:
    window.language_switch.setCurrentIndex(window.language_switch.findData(lang))
    qtbot.mouseClick(window.review_button, Qt.MouseButton.LeftButton)
    assert start in window.statusBar().currentMessage()
    assert window.study.dialog is None


def test_nothing_due_after_studying_says_well_done(qtbot, window) -> None:  # noqa: ANN001
    window.study.progress.record("jwt-what", "jwt", 4)  # Easy: due in days, not now
    qtbot.mouseClick(window.review_button, Qt.MouseButton.LeftButton)
    assert window.statusBar().currentMessage() == "Nothing is due. Well done!"


# -- two copies of the app ---------------------------------------------------------------


def _other_copy_answers(window, question_id: str, concept_id: str) -> None:  # noqa: ANN001
    """What a second running copy does: its own connection writes an answer that is due now."""
    with ProgressStore(window.paths.progress_db) as other:
        other.record(question_id, concept_id, 1, datetime(2026, 1, 1, tzinfo=UTC))


def test_a_copy_shows_what_the_other_copy_wrote(qtbot, window) -> None:  # noqa: ANN001
    window.mastery_toggle.setChecked(True)
    grey = window.scene.nodes["jwt"].pen().color().name()
    assert window.review_button.text() == "Review due (0)"
    _other_copy_answers(window, "jwt-what", "jwt")
    # The file changed: the watcher re-reads it (no focus change needed).
    qtbot.waitUntil(lambda: window.review_button.text() == "Review due (1)", timeout=10_000)
    assert window.scene.nodes["jwt"].pen().color().name() != grey  # ringed by its mastery


def test_a_copy_rereads_progress_when_it_becomes_active(qtbot, window) -> None:  # noqa: ANN001
    watch = window.progress_watch
    watch._watcher.removePaths(watch._watcher.files() + watch._watcher.directories())
    _other_copy_answers(window, "jwt-what", "jwt")
    QApplication.processEvents()
    assert window.review_button.text() == "Review due (0)"  # nothing told it yet
    QApplication.instance().applicationStateChanged.emit(Qt.ApplicationState.ApplicationActive)
    assert window.review_button.text() == "Review due (1)"


def test_own_answers_are_not_taken_for_the_other_copys(qtbot, window) -> None:  # noqa: ANN001
    refreshed: list[bool] = []
    window.progress_watch.changed_elsewhere.connect(lambda: refreshed.append(True))
    window.study.progress.record("jwt-what", "jwt", 3)
    window.study.progress_changed.emit()  # what the quiz does after grading
    assert not window.progress_watch.check()
    assert refreshed == []


# -- icon and About ----------------------------------------------------------------------


def test_the_window_has_the_app_icon(window) -> None:  # noqa: ANN001
    icon = window.windowIcon()
    assert not icon.isNull()
    assert {s.width() for s in icon.availableSizes()} >= {16, 32, 48, 256}


@pytest.mark.parametrize(("lang", "words"), [("en", "Licence"), ("ko", "라이선스")])
def test_about_names_version_licence_data_folder_pack_and_readme(
    qtbot,  # noqa: ANN001
    window,  # noqa: ANN001
    lang: str,
    words: str,
) -> None:
    import html
    import tomllib

    from app import __version__
    from app.ui.about import LICENCE, readme_path

    window.set_language(lang)
    window.about_action.trigger()
    box = window.about_box
    assert box.objectName() == "aboutDialog" and box.isVisible()
    text = html.unescape(box.text())
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert project["license"]["text"] == LICENCE
    assert __version__ in text and f"{words}</b>" in text and LICENCE in text
    assert str(window.paths.data) in text and str(window.pack_dir) in text
    assert f"{window.graph.number_of_nodes()}" in text
    assert readme_path() == ROOT / "README.md"
    assert QUrl.fromLocalFile(str(ROOT / "README.md")).toString() in text
    box.done(0)


# -- statistics --------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_statistics_show_everything_at_their_default_size(
    qtbot,  # noqa: ANN001
    bundled_db: Path,
    tmp_path: Path,
    lang: str,
) -> None:
    from app.core.store import ContentStore
    from app.ui.stats_dialog import StatsDialog

    with ContentStore(bundled_db) as store:
        dialog = StatsDialog(store, tmp_path / "progress.db", lang)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    table = dialog.table
    assert table.rowCount() == 11
    assert not table.verticalScrollBar().isVisible()
    assert not table.horizontalScrollBar().isVisible()
    rows_bottom = table.rowViewportPosition(10) + table.rowHeight(10)
    assert rows_bottom <= table.viewport().height()  # the last row is not cut off
    metrics = table.fontMetrics()
    for column in range(table.columnCount()):
        header = table.horizontalHeaderItem(column).text()
        texts = [header] + [table.item(r, column).text() for r in range(table.rowCount())]
        needed = max(metrics.horizontalAdvance(t) for t in texts)
        assert table.columnWidth(column) >= needed, (column, texts)
    right = table.columnViewportPosition(6) + table.columnWidth(6)
    assert right <= table.viewport().width()
    chart = dialog.chart
    assert chart.height() >= chart.minimumHeight() and chart.width() >= chart.minimumWidth()
    assert chart.geometry().bottom() <= dialog.height()


@pytest.mark.parametrize(
    ("top", "ticks"),
    [(0, [0, 1]), (1, [0, 1]), (3, [0, 1, 2, 3]), (7, [0, 2, 4, 6, 8]), (13, [0, 5, 10, 15]),
     (60, [0, 20, 40, 60]), (430, [0, 200, 400, 600])],
)  # fmt: skip
def test_the_forecast_axis_counts_in_round_steps_up_to_the_top(top: int, ticks: list[int]) -> None:
    from app.ui.stats_dialog import y_ticks

    assert y_ticks(top) == ticks


def test_the_forecast_labels_each_bar_by_its_days_from_now(qtbot, window) -> None:  # noqa: ANN001
    card = window.study.progress.record("jwt-what", "jwt", 3)  # Good: due in a few days
    days = int((card.due - datetime.now(UTC)).total_seconds() // 86400)
    window.show_stats()
    chart = window.stats_dialog.chart
    assert chart.x_labels() == [str(day) for day in range(14)]
    assert chart.counts[days] == 1 and chart.x_labels()[days] == str(days)
    assert chart.y_labels()[0] == 0 and chart.y_labels()[-1] >= 1
    window.stats_dialog.close()


def test_statistics_count_questions_in_one_unit(qtbot, window) -> None:  # noqa: ANN001
    """Answer every question of one category, written and generated: seen equals questions."""
    from app.core.quiz import is_generated_id

    auth = [c for c, d in window.graph.nodes(data=True) if d["category"] == "auth"]
    asked = {q: c for c in auth for q in window.study.question_ids()[c]}
    assert any(is_generated_id(q) for q in asked)  # made from links: counted as questions too
    for question_id, concept_id in asked.items():
        window.study.progress.record(question_id, concept_id, 3)
    window.show_stats()
    dialog = window.stats_dialog
    table = dialog.table
    headers = [table.horizontalHeaderItem(c).text() for c in range(table.columnCount())]
    row = next(r for r in range(table.rowCount()) if table.item(r, 0).text().startswith("Auth"))
    values = dict(zip(headers, (table.item(row, c).text() for c in range(7)), strict=True))
    assert values["Questions"] == values["Seen"] == str(len(asked))
    assert "count questions" in dialog.findChild(QLabel, "statsUnits").text()
    dialog.close()


# -- categories menu and legend ----------------------------------------------------------


def _open_category_menu(qtbot, window):  # noqa: ANN001, ANN202
    menu = window.category_menu
    menu.popup(window.category_button.mapToGlobal(window.category_button.rect().bottomLeft()))
    qtbot.waitExposed(menu)
    return menu


def _category_action(menu, category_id: str):  # noqa: ANN001, ANN202
    return next(a for a in menu.actions() if a.data() == category_id)


def test_categories_menu_stays_open_while_ticking_several(qtbot, window) -> None:  # noqa: ANN001
    menu = _open_category_menu(qtbot, window)
    for category_id in ("auth", "cache"):
        action = _category_action(menu, category_id)
        qtbot.mouseClick(menu, Qt.MouseButton.LeftButton, pos=menu.actionGeometry(action).center())
        assert menu.isVisible()  # still open for the next one
        assert not action.isChecked()
    # The keyboard ticks too, and the menu stays.
    database = _category_action(menu, "database")
    menu.setActiveAction(database)
    qtbot.keyClick(menu, Qt.Key.Key_Space)
    assert menu.isVisible() and not database.isChecked()
    assert window.graph_focus.hidden_categories == {"auth", "cache", "database"}
    assert not window.scene.nodes["jwt"].isVisible() and not window.scene.nodes["redis"].isVisible()
    # The legend lists only the categories still shown.
    assert [c.id for c in window.legend.shown_categories()] == []
    qtbot.mouseClick(menu, Qt.MouseButton.LeftButton, pos=menu.actionGeometry(database).center())
    assert [c.id for c in window.legend.shown_categories()] == ["database"]
    # "Show all" is an ordinary command: it shows everything and closes the menu.
    show_all = menu.actions()[-1]
    qtbot.mouseClick(menu, Qt.MouseButton.LeftButton, pos=menu.actionGeometry(show_all).center())
    qtbot.waitUntil(lambda: not menu.isVisible(), timeout=5_000)
    assert window.graph_focus.hidden_categories == set()
    assert [c.id for c in window.legend.shown_categories()] == ["auth", "cache", "database"]


def _has_colour(image, colour, tolerance: int = 30) -> bool:  # noqa: ANN001
    return any(
        abs(QColor(image.pixel(x, y)).red() - colour.red()) < tolerance
        and abs(QColor(image.pixel(x, y)).green() - colour.green()) < tolerance
        and abs(QColor(image.pixel(x, y)).blue() - colour.blue()) < tolerance
        for x in range(10, 28)
        for y in range(image.height())
    )


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_legend_explains_the_mastery_rings_while_they_are_shown(
    qtbot,  # noqa: ANN001
    window,  # noqa: ANN001
    lang: str,
) -> None:
    from app.ui.graph_items import mastery_colour

    window.set_language(lang)
    legend = window.legend
    green = mastery_colour(1.0)
    assert legend.mastery_rows() == [] and not _has_colour(legend.grab().toImage(), green)
    height = legend.height()
    window.mastery_toggle.setChecked(True)
    rows = legend.mastery_rows()
    assert [colour.name() for colour, _text in rows] == [
        mastery_colour(v).name() for v in (None, 0.0, 0.5, 1.0)
    ]
    texts = [text for _colour, text in rows]
    assert texts[0] == ("아직 학습 전" if lang == "ko" else "not studied yet")
    assert texts[-1].startswith("100%")
    assert legend.height() > height
    assert _has_colour(legend.grab().toImage(), green)  # the key is drawn
    window.mastery_toggle.setChecked(False)
    assert legend.mastery_rows() == [] and legend.height() == height


def test_the_legend_never_covers_a_node(qtbot, window) -> None:  # noqa: ANN001
    window.mastery_toggle.setChecked(True)  # the tallest legend
    for size in ((1200, 800), (700, 500)):
        window.resize(*size)
        qtbot.waitUntil(lambda s=size: window.width() == s[0], timeout=5_000)
        window.view.fit_all()
        covered = window.legend.geometry()
        assert window.legend.isVisible() and covered.bottom() < window.view.height()
        for concept_id, item in window.scene.nodes.items():
            on_screen = window.view.mapFromScene(item.sceneBoundingRect()).boundingRect()
            assert not on_screen.intersects(covered), (size, concept_id)


# -- the graph refits when the window is resized -----------------------------------------


def _wheel(view, steps: int) -> None:  # noqa: ANN001
    centre = view.viewport().rect().center()
    event = QWheelEvent(
        QPointF(centre), QPointF(view.viewport().mapToGlobal(centre)), QPoint(0, 0),
        QPoint(0, 120 * steps), Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier,
        Qt.ScrollPhase.NoScrollPhase, False,
    )  # fmt: skip
    QApplication.sendEvent(view.viewport(), event)


def test_resizing_refits_the_graph_unless_the_user_wheel_zoomed(qtbot, window) -> None:  # noqa: ANN001
    view = window.view
    assert view.fitted
    before = view.scale_factor()
    window.resize(800, 560)
    qtbot.waitUntil(lambda: view.scale_factor() != pytest.approx(before), timeout=5_000)
    assert view.fitted and view.scale_factor() < before  # smaller window: refitted smaller
    fitted_small = view.scale_factor()
    _wheel(view, 2)
    zoomed = view.scale_factor()
    assert zoomed == pytest.approx(fitted_small * 1.15**2) and not view.fitted
    width = view.width()
    window.resize(1300, 850)
    qtbot.waitUntil(lambda: view.width() != width, timeout=5_000)
    assert view.scale_factor() == pytest.approx(zoomed)  # the user's zoom is kept
