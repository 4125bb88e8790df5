"""A broken content folder's errors listed in the UI language, each at its file and line."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.base_pack import ALPHA, CATEGORIES
from tests.ui.conftest import pack_errors

#: The broken pack: a misspelt category, an unclosed '[' (the parser gives up a line later),
#: a misspelt question kind. Rows are (line, message) per file, in each language.
EXPECTED = {
    "en": {
        "a.md": [("4", "unknown category 'atuh' (did you mean 'auth'?)")],
        "b.md": [("5", "YAML: did not find expected ',' or ']'")],
        "c.md": [
            ("8", "unknown question kind 'choise' (did you mean 'choice'?); use recall or choice")
        ],
    },
    "ko": {
        "a.md": [("4", "알 수 없는 카테고리 'atuh' — 'auth'를 말씀하신 건가요?")],
        "b.md": [
            ("5", "YAML 오류: 이 줄에서 연 '['가 닫히지 않았습니다(',' 또는 ']'가 와야 합니다)")
        ],
        "c.md": [
            (
                "8",
                "알 수 없는 질문 종류 'choise' — 'choice'를 말씀하신 건가요? (쓸 수 있는 값: recall 서술형, choice 객관식)",
            )
        ],
    },
}


def _concept(concept_id: str, old: str = "", new: str = "") -> str:
    text = ALPHA.replace("id: alpha", f"id: {concept_id}").replace("[[beta]]", "text")
    text = text.replace("  - {to: beta, kind: prerequisite-of}\n", "").replace("links:\n", "")
    text = text.replace("alpha-q", f"{concept_id}-q")
    assert old in text
    return text.replace(old, new, 1)


def _broken_pack(folder: Path) -> Path:
    folder.mkdir()
    (folder / "categories.yaml").write_text(CATEGORIES, encoding="utf-8")
    files = {
        "a.md": _concept("a", "category: auth", "category: atuh"),
        "b.md": _concept("b", "aliases: [a, 에이]", "aliases: [a, 에이"),
        "c.md": _concept("c", "kind: choice", "kind: choise"),
        "d.md": _concept("d"),
    }
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_pack_errors_are_listed_in_the_ui_language_with_their_lines(
    qtbot,  # noqa: ANN001
    window,  # noqa: ANN001
    tmp_path: Path,
    lang: str,
) -> None:
    pack = _broken_pack(tmp_path / "broken")
    box, shown = pack_errors(qtbot, window, pack, lang)
    assert shown == EXPECTED[lang]
    # Each row's tooltip, and the copied list, is the English line `validate` prints.
    first = box.tree.topLevelItem(0).child(0)
    assert (
        first.toolTip(1) == f"{pack}/a.md:4: error: unknown category 'atuh' (did you mean 'auth'?)"
    )
    assert f"{pack}/b.md:5: error: YAML: did not find expected ',' or ']'" in box.detailedText()
    box.close()
