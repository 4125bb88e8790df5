"""Validator messages in both languages: every finding has Korean, and YAML errors name the right line."""

from __future__ import annotations

import re
import string
from pathlib import Path

import pytest

from app.core import yamlsafe
from app.core.findings import Finding
from app.core.messages import CATALOGUE, msg, particle
from app.core.pack import load_pack
from tests.base_pack import ALPHA
from tests.hostile.corpus import CASES, Case, write_pack

HANGUL = re.compile(r"[가-힣]")
#: Entries that only carry text through: a parser's own words, a type name, nothing.
PASS_THROUGH = {"", "verbatim", "kind_type"}


def _fields(template: str) -> set[str]:
    return {name for _text, name, _spec, _conv in string.Formatter().parse(template) if name}


@pytest.mark.parametrize("key", sorted(CATALOGUE))
def test_every_message_has_english_and_korean_with_the_same_parameters(key: str) -> None:
    english, korean = CATALOGUE[key]
    if key in PASS_THROUGH:
        return
    assert english.strip() and HANGUL.search(korean), (key, korean)
    # PyYAML's problems keep the parser's English words (`text`); Korean says it in its own.
    assert _fields(korean) <= _fields(english), key


def _korean_problems(findings: list[Finding]) -> list[str]:
    """Findings whose Korean text is missing, has no Hangul, or is the English text."""
    return [
        str(f)
        for f in findings
        if not HANGUL.search(f.describe("ko")) or f.describe("ko") == f.describe("en")
    ]


SMALL = [c for c in CASES if c.pack_writer is None]


@pytest.mark.parametrize("case", SMALL, ids=[c.name for c in SMALL])
def test_every_hostile_finding_reads_in_korean(case, tmp_path: Path) -> None:  # noqa: ANN001
    result = load_pack(write_pack(case, tmp_path / "pack"), "PACK")
    if case.expect is not None:
        assert any(str(f).startswith(f"PACK/{case.expect}") for f in result.findings)
    assert _korean_problems(result.findings) == []


# Defects the corpus does not hold, each reaching a different message (and `where` prefix).
QUESTION_DEFECTS = {
    "prompt-a-number": ('prompt: {en: "Which?", ko: "어느 것?"}', "prompt: 3"),
    "choice-not-a-mapping": (
        "choices: [{en: one, ko: 하나}, {en: two, ko: 둘}]",
        "choices: [x, {en: two, ko: 둘}]",
    ),  # fmt: skip
    "choice-missing-ko": ("{en: two, ko: 둘}", "{en: two}"),
    "correct-out-of-range": ("correct: 1", "correct: 5"),
    "kind-typo": ("kind: choice", "kind: choise"),
    "unknown-question-field": ("    correct: 1", "    corect: 1"),
    "link-kind-typo": ("kind: prerequisite-of", "kind: prerequisite"),
    "link-missing-kind": ("{to: beta, kind: prerequisite-of}", "{to: beta}"),
    "source-url": ("questions:", "sources: [{title: T, url: ftp://x}]\nquestions:"),
    "unknown-field": ("questions:", "aliasses: [x]\nquestions:"),
}


@pytest.mark.parametrize("name", sorted(QUESTION_DEFECTS))
def test_front_matter_defects_read_in_korean(name: str, tmp_path: Path) -> None:
    old, new = QUESTION_DEFECTS[name]
    assert old in ALPHA
    files = {"a/alpha.md": ALPHA.replace(old, new, 1)}
    pack = write_pack(Case("q", files), tmp_path / "pack")
    findings = [f for f in load_pack(pack, "PACK").findings if f.path == "PACK/a/alpha.md"]
    assert findings, name
    assert _korean_problems(findings) == []


def test_a_suggestion_reads_as_a_korean_developer_would_say_it(tmp_path: Path) -> None:
    files = {"a/alpha.md": ALPHA.replace("questions:", "aliasses: [x]\nquestions:", 1)}
    pack = write_pack(Case("q", files), tmp_path / "pack")
    (warning,) = [f for f in load_pack(pack, "PACK").findings if f.severity == "warning"]
    assert str(warning) == "PACK/a/alpha.md:8: warning: unknown field 'aliasses' (did you mean 'aliases'?)"  # fmt: skip
    assert warning.describe("ko") == "알 수 없는 필드 'aliasses' — 'aliases'를 말씀하신 건가요?"


def test_english_and_korean_of_a_nested_message() -> None:
    message = msg("must_be_text", where=msg("where_question"), key="id", what=msg("kind_number"))
    assert message.en == "question 'id' must be text, got a number (put it in quotes if it is text)"
    assert message.ko == "질문의 'id'에는 텍스트를 써야 합니다. 지금 값: 숫자(텍스트라면 따옴표로 감싸세요)"  # fmt: skip
    with pytest.raises(KeyError):
        msg("no-such-message")


@pytest.mark.parametrize(
    ("word", "form", "expected"),
    [
        ("카테고리", "을", "를"),  # ends in a vowel
        ("필드", "이", "가"),
        ("링크 종류", "은", "는"),
        ("개념", "을", "을"),  # ends in ㅁ
        ("'auth'", "을", "를"),  # 어스
        ("'title'", "이", "이"),  # 타이틀: a silent e after l
        ("'name'", "은", "은"),  # 네임
        ("'en'", "이", "이"),  # 엔
        ("'ko'", "이", "가"),  # 코
        ("'kebab-string'", "을", "을"),  # 스트링
        ("'beta'", "과", "와"),
        ("3", "은", "은"),  # 삼
        ("2", "이", "가"),  # 이
    ],
)
def test_korean_particles_follow_the_last_sound(word: str, form: str, expected: str) -> None:
    assert particle(word, form) == expected


# A YAML fault is reported at the line to fix (0-based): where a bracket or quote opened, or
# the key missing its colon, not lines later where the parser gave up.
YAML_LINES = [
    ("flow-sequence", "id: a\naliases: [a, b\ncategory: x\nlinks: 1\n", 1, "'['가 닫히지"),
    ("flow-mapping", "id: a\ntitle: {en: A, ko: B\ncategory: x\n", 1, "'{'가 닫히지"),
    ("flow-at-end", "id: a\naliases: [a, b\n", 1, "'['가 닫히지"),
    ("double-quote", 'id: a\ntitle: "abc\ncategory: x\nlinks: 1\n', 1, "따옴표가 닫히지"),
    ("single-quote", "id: a\ntitle: 'abc\ncategory: x\n", 1, "따옴표가 닫히지"),
    ("missing-colon", "id: a\ntitle x\ncategory: y\n", 1, "':'가 없습니다"),
    # The parser stops on the faulty line itself: that line stays.
    ("tab-indent", "links:\n\t- {to: b}\n", 1, "탭"),
    ("bad-indent", "id: a\n  bad: 1\ncategory: x\n", 1, "들여쓰기"),
    ("list-in-mapping", "id: a\ncategory: x\n- y\n", 2, "키가 와야"),
    ("second-document", "a: 1\n---\nb: 2\n", 1, "문서"),
    ("duplicate-key", "id: a\ntitle: b\nid: c\n", 2, "두 번"),
]


@pytest.mark.parametrize(("text", "line", "korean"), [c[1:] for c in YAML_LINES], ids=[c[0] for c in YAML_LINES])  # fmt: skip
def test_yaml_errors_name_the_line_to_fix(text: str, line: int, korean: str) -> None:
    with pytest.raises(yamlsafe.YamlError) as caught:
        yamlsafe.parse(text)
    assert caught.value.line == line
    assert caught.value.message.en.startswith("YAML: ")
    assert caught.value.message.ko.startswith("YAML 오류: ") and korean in caught.value.message.ko


def test_validate_speaks_korean_when_asked(tmp_path: Path, capsys) -> None:  # noqa: ANN001
    from app.cli import main

    files = {"a/alpha.md": ALPHA.replace("category: auth", "category: atuh", 1)}
    pack = write_pack(Case("q", files), tmp_path / "pack")
    assert main(["validate", str(pack), "--lang", "ko"]) == 1
    out = capsys.readouterr().out
    assert (
        f"{pack}/a/alpha.md:4: error: 알 수 없는 카테고리 'atuh' — 'auth'를 말씀하신 건가요?" in out
    )
    assert main(["validate", str(pack)]) == 1
    assert "a/alpha.md:4: error: unknown category 'atuh' (did you mean 'auth'?)" in capsys.readouterr().out  # fmt: skip
