"""Issue #15 polish, as the user meets it: pack errors, damaged progress, statistics, menus, icon."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication


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


def _rows(branch) -> list[tuple[str, str]]:  # noqa: ANN001
    return [(branch.child(i).text(0), branch.child(i).text(1)) for i in range(branch.childCount())]


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_pack_errors_are_a_list_grouped_by_file_with_lines(
    qtbot,
    window,
    tmp_path: Path,
    lang: str,  # noqa: ANN001
) -> None:
    window.language_switch.setCurrentIndex(window.language_switch.findData(lang))
    pack = _broken_pack(tmp_path / "broken")
    window.open_pack(pack)
    qtbot.waitUntil(lambda: getattr(window, "pack_errors_box", None) is not None, timeout=30_000)
    box = window.pack_errors_box
    assert box.objectName() == "packErrorsDialog" and box.isVisible()
    tree = box.tree
    branches = [tree.topLevelItem(i) for i in range(tree.topLevelItemCount())]
    files = {b.data(0, Qt.ItemDataRole.UserRole): b for b in branches}
    assert branches[0].text(0) == "a.md  (1)"
    assert set(files) == {"a.md", "c.md", "sub/b.md"}  # relative to the pack; d.md is fine
    assert _rows(files["a.md"]) == [("4", "unknown category 'y'")]
    assert [(line, "'nowhere'" in msg) for line, msg in _rows(files["c.md"])] == [("7", True)]
    assert [line for line, _msg in _rows(files["sub/b.md"])] == ["5"]  # the bad indentation
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
