"""Untrusted content stays inert in the app: text shows as text, only http(s) links open."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QDesktopServices

from tests.conftest import MINI_PACK
from tests.ui.conftest import anchor_point, open_window

HOSTILE = """\
---
id: hostile
title: {en: "<b>bold</b><script>alert(1)</script>", ko: "<img src=x onerror=alert(1)>"}
category: auth
aliases: ["<i>alias</i>", "{{7*7}}"]
links:
  - {to: jwt, kind: related-to}
  - {to: redis, kind: related-to}
sources:
  - {title: "<a href='javascript:alert(1)'>src</a>", url: "https://example.org/ok"}
questions:
  - id: hostile-q
    kind: recall
    prompt: {en: "<script>alert('q')</script>", ko: "질문"}
    answer: {en: "</p><h1>answer</h1>", ko: "답"}
---
## en
<script>alert('body')</script> <img src=x onerror=alert(1)>
[js](javascript:alert(1)) [file](file:///etc/passwd) [data](data:text/html,hi) [ok](https://example.org/)
![secret](../../../../etc/hostname) ![outside](/etc/hostname)
{{7*7}}

## ko
<script>alert('ko')</script>
"""


@pytest.fixture
def hostile_window(qtbot, tmp_path: Path):  # noqa: ANN001, ANN201
    pack = tmp_path / "pack"
    shutil.copytree(MINI_PACK, pack)
    (pack / "auth" / "hostile.md").write_text(HOSTILE, encoding="utf-8")
    window = open_window(qtbot, tmp_path / "data", pack)
    window.select("hostile")
    return window


def test_markup_in_content_is_shown_as_text(hostile_window) -> None:  # noqa: ANN001
    text = hostile_window.panel.text()
    assert text.startswith("<b>bold</b><script>alert(1)</script>")
    assert "<script>alert('body')</script> <img src=x onerror=alert(1)>" in text
    assert "{{7*7}}" in text
    assert "<i>alias</i>" in text
    # The graph draws the name as text too (it is selected, so it is always drawn).
    labels = {label.key: label.text for label in hostile_window.view.current_labels()}
    assert labels["hostile"] == "<b>bold</b><script>alert(1)</script>"
    html = hostile_window.panel.browser.toHtml()
    assert "<script" not in html.replace("&lt;script", "")
    assert 'href="javascript' not in html and 'href="file' not in html and 'href="data' not in html


def test_unsafe_links_are_not_links_and_refused_when_forced(
    qtbot, hostile_window, monkeypatch
) -> None:  # noqa: ANN001
    opened: list[str] = []
    monkeypatch.setattr(
        QDesktopServices, "openUrl", lambda url: opened.append(url.toString()) or True
    )
    panel = hostile_window.panel
    for href in (
        "javascript:alert(1)",
        "file:///etc/passwd",
        "data:text/html,hi",
        "ftp://x",
        "../../etc",
    ):
        with qtbot.waitSignal(panel.link_refused):
            panel.handle_link(href)
    assert opened == []
    point = anchor_point(panel.browser, "https://example.org/")
    qtbot.mouseClick(panel.browser.viewport(), Qt.MouseButton.LeftButton, pos=point)
    assert opened == ["https://example.org/"]


def test_images_load_only_from_inside_the_pack(hostile_window, tmp_path: Path) -> None:  # noqa: ANN001
    from PySide6.QtCore import QUrl
    from PySide6.QtGui import QImage, QTextDocument

    browser = hostile_window.panel.browser
    kind = QTextDocument.ResourceType.ImageResource.value
    assert browser.loadResource(kind, QUrl("../../../../etc/hostname")) is None
    assert browser.loadResource(kind, QUrl("/etc/hostname")) is None
    assert browser.loadResource(kind, QUrl("file:///etc/hostname")) is None
    image = QImage(4, 4, QImage.Format.Format_RGB32)
    image.fill(0xFF0000)
    root = Path(browser.pack_root)
    image.save(str(root / "pic.png"))
    assert browser.loadResource(kind, QUrl("pic.png")) is not None
    huge = QImage(5000, 10, QImage.Format.Format_RGB32)
    huge.save(str(root / "huge.png"))
    assert browser.loadResource(kind, QUrl("huge.png")) is None


def test_show_answer_toggles(qtbot, hostile_window) -> None:  # noqa: ANN001
    panel = hostile_window.panel
    assert "</p><h1>answer</h1>" not in panel.text()
    point = anchor_point(panel.browser, "answer:hostile-q")
    qtbot.mouseClick(panel.browser.viewport(), Qt.MouseButton.LeftButton, pos=point)
    assert "</p><h1>answer</h1>" in panel.text()
