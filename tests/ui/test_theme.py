"""Issue #15 point 4: View → Theme (System / Light / Dark), kept in settings, readable in both."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication, QMessageBox

from app.ui.graph_items import mastery_colour
from app.ui.theme import contrast_ratio, is_dark, light_palette, readable_on
from tests.conftest import BUNDLED_PACK
from tests.ui.conftest import open_window

AA = 4.5  # WCAG 2 AA for normal text


@pytest.fixture(autouse=True)
def _light_afterwards():
    yield
    QApplication.setPalette(light_palette())  # the palette is the application's, not a window's


def _settle() -> None:
    """Let the palette reach every widget (Qt posts the change to each)."""
    QApplication.sendPostedEvents()
    QApplication.processEvents()


def _choose(window, mode: str) -> None:  # noqa: ANN001
    action = window.findChild(QAction, f"theme{mode.capitalize()}")
    assert action is not None and action.isCheckable()
    action.trigger()
    _settle()


def _code_box(window) -> QColor:  # noqa: ANN001
    sheet = window.panel.browser.document().defaultStyleSheet()
    found = re.search(r"pre \{[^}]*background-color: (#[0-9a-f]{6})", sheet)
    assert found, sheet
    return QColor(found.group(1))


def _pixel(widget, x: int, y: int) -> QColor:  # noqa: ANN001
    return widget.grab().toImage().pixelColor(x, y)


def test_dark_theme_is_dark_and_readable_everywhere(qtbot, window) -> None:  # noqa: ANN001
    window.select("redis")
    _choose(window, "dark")
    assert window.findChild(QAction, "themeDark").isChecked()
    assert not window.findChild(QAction, "themeLight").isChecked()
    assert is_dark(QApplication.palette())

    view = window.view
    background = view.palette().color(QPalette.ColorRole.Base)
    assert background.lightnessF() < 0.2
    # What is on screen: the graph's empty corner is dark, not white.
    corner = _pixel(view.viewport(), view.viewport().width() - 3, 3)
    assert corner.lightnessF() < 0.2, corner.name()
    # Concept names: their text colour on the backdrop the view draws under them.
    assert contrast_ratio(window.scene.label_colour, background) >= AA
    # The legend, the panel's text, its links and its code boxes.
    legend = window.legend.palette()
    assert contrast_ratio(legend.color(QPalette.ColorRole.WindowText), legend.color(QPalette.ColorRole.Window)) >= AA  # fmt: skip
    panel = window.panel.browser.palette()
    base = panel.color(QPalette.ColorRole.Base)
    assert base.lightnessF() < 0.2
    assert contrast_ratio(panel.color(QPalette.ColorRole.Text), base) >= AA
    assert contrast_ratio(panel.color(QPalette.ColorRole.Link), base) >= AA
    assert _code_box(window).lightnessF() < 0.3
    assert contrast_ratio(panel.color(QPalette.ColorRole.Text), _code_box(window)) >= AA
    # Dialogs take the same palette.
    box = QMessageBox(window)
    qtbot.addWidget(box)
    text = box.palette().color(QPalette.ColorRole.WindowText)
    assert contrast_ratio(text, box.palette().color(QPalette.ColorRole.Window)) >= AA
    assert is_dark(box.palette())


def test_light_theme_is_readable_too(window) -> None:  # noqa: ANN001
    _choose(window, "dark")
    _choose(window, "light")
    assert not is_dark(QApplication.palette())
    background = window.view.palette().color(QPalette.ColorRole.Base)
    assert background.lightnessF() > 0.9
    assert contrast_ratio(window.scene.label_colour, background) >= AA
    assert _code_box(window).lightnessF() > 0.8


def test_the_choice_is_remembered(qtbot, tmp_path: Path) -> None:  # noqa: ANN001
    first = open_window(qtbot, tmp_path / "data")
    assert first.findChild(QAction, "themeSystem").isChecked()  # the default
    _choose(first, "dark")
    assert first.settings.value("theme") == "dark"
    first.close()
    QApplication.setPalette(light_palette())

    again = open_window(qtbot, tmp_path / "data")
    _settle()
    assert again.findChild(QAction, "themeDark").isChecked()
    assert is_dark(QApplication.palette())
    assert again.scene.label_colour.lightnessF() > 0.8


def test_system_follows_the_os_colour_scheme(window) -> None:  # noqa: ANN001
    hints = QGuiApplication.styleHints()
    _choose(window, "system")
    hints.colorSchemeChanged.emit(Qt.ColorScheme.Dark)
    _settle()
    assert is_dark(QApplication.palette())
    assert window.scene.label_colour.lightnessF() > 0.8
    hints.colorSchemeChanged.emit(Qt.ColorScheme.Light)
    _settle()
    assert not is_dark(QApplication.palette())
    # A theme chosen by hand stays whatever the OS does.
    _choose(window, "dark")
    hints.colorSchemeChanged.emit(Qt.ColorScheme.Light)
    _settle()
    assert is_dark(QApplication.palette())


def test_mastery_rings_keep_their_colours_in_dark(qtbot, window) -> None:  # noqa: ANN001
    _choose(window, "dark")
    qtbot.mouseClick(window.mastery_toggle, Qt.MouseButton.LeftButton)
    mastery = window.study.mastery()
    for concept_id, item in window.scene.nodes.items():
        assert item.pen().color() == mastery_colour(mastery.get(concept_id))
        assert item.pen().widthF() == 5
    _choose(window, "light")
    assert all(
        item.pen().color() == mastery_colour(mastery.get(cid))
        for cid, item in window.scene.nodes.items()
    )


def _category_colours() -> list[str]:
    text = (BUNDLED_PACK / "categories.yaml").read_text(encoding="utf-8")
    return re.findall(r'colour: "(#[0-9a-fA-F]{6})"', text)


@pytest.mark.parametrize("backdrop", ["#1e1f22", "#ffffff"])
def test_category_colours_can_be_made_readable(backdrop: str) -> None:
    colours = _category_colours()
    assert len(colours) >= 10
    for colour in colours:
        readable = readable_on(QColor(colour), QColor(backdrop))
        assert contrast_ratio(readable, QColor(backdrop)) >= AA, colour
        if QColor(colour).hslSaturationF() > 0.2:  # still the category's hue
            assert abs(readable.hslHueF() - QColor(colour).hslHueF()) < 0.02, colour


def test_contrast_ratio_matches_wcag() -> None:
    assert contrast_ratio(QColor("#000000"), QColor("#ffffff")) == pytest.approx(21)
    assert contrast_ratio(QColor("#777777"), QColor("#ffffff")) == pytest.approx(4.48, abs=0.01)
    assert contrast_ratio(QColor("#123456"), QColor("#123456")) == pytest.approx(1)
