"""Reading one concept file: one read gives the draft, the findings and the digest; bodies split exactly."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from app.core.findings import Finding, Report
from app.core.pack import _read_concept, read_concept_hashed
from app.core.packfiles import MAX_FILE_BYTES, body_sections, file_digest, front_matter
from tests.base_pack import ALPHA


def _findings(read: list[Finding]) -> list[str]:
    return [str(f) for f in read]


def _write(path: Path, content: bytes) -> Path:
    path.write_bytes(content)
    return path


def _sparse(path: Path) -> Path:
    with open(path, "wb") as handle:
        handle.truncate(MAX_FILE_BYTES + 1)
    return path


def _fifo(path: Path) -> Path:
    os.mkfifo(path)
    return path


FILES = {
    "valid": lambda p: _write(p, ALPHA.encode()),
    "bom-crlf": lambda p: _write(p, b"\xef\xbb\xbf" + ALPHA.replace("\n", "\r\n").encode()),
    "nul": lambda p: _write(p, ALPHA.encode().replace(b"Alpha comes", b"Alpha\x00comes")),
    "c1-control": lambda p: _write(p, ALPHA.replace("Alpha comes", "Alpha\x85comes").encode()),
    "del-control": lambda p: _write(p, ALPHA.replace("Alpha comes", "Alpha\x7fcomes").encode()),
    "utf16": lambda p: _write(p, ALPHA.encode("utf-16")),
    "bad-utf8": lambda p: _write(p, ALPHA.encode().replace(b"Alpha comes", b"Alpha\xc3comes")),
    "too-big": _sparse,
    "missing": lambda p: p,
}
if hasattr(os, "mkfifo"):
    FILES["named-pipe"] = _fifo


@pytest.mark.parametrize("name", sorted(FILES))
def test_one_read_gives_what_reading_and_hashing_apart_give(tmp_path: Path, name: str) -> None:
    path = FILES[name](tmp_path / f"{name}.md")
    apart: list[Finding] = []
    draft = _read_concept(path, "a.md", Report(apart, "a.md"))
    together: list[Finding] = []
    hashed, digest = read_concept_hashed(str(path), "a.md", Report(together, "a.md"))
    assert _findings(together) == _findings(apart)
    assert digest == file_digest(path)
    assert (hashed is None) == (draft is None)
    if draft is not None and hashed is not None:
        assert (hashed.id, hashed.body, hashed.wikilinks) == (draft.id, draft.body, draft.wikilinks)


def test_a_control_character_is_reported_on_its_line(tmp_path: Path) -> None:
    path = FILES["c1-control"](tmp_path / "a.md")
    found: list[Finding] = []
    assert read_concept_hashed(str(path), "a.md", Report(found, "a.md"))[0] is None
    assert _findings(found) == [
        "a.md:16: error: file contains a control character (U+0085); remove it"
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("---\n---\nbody", ("", 1, "body")),
        ("---\nid: a\n...  \n## en", ("id: a", 2, "## en")),
        (" --- \nid: a\n---x\n---\u3000\nrest\n", ("id: a\n---x", 3, "rest\n")),
        ("---\nid: a\n---", ("id: a", 2, "")),
    ],
)
def test_front_matter_closes_on_the_first_dashes_or_dots_line(
    text: str, expected: tuple[str, int, str]
) -> None:
    assert front_matter(text, Report([], "a.md")) == expected


def test_headings_and_links_in_fenced_code_are_text(tmp_path: Path) -> None:
    body = (
        "## en\n"
        "Before [[alpha]].\n"
        "```\n"
        "## ko\n"
        "[[not-a-link]]\n"
        "```\n"
        "`[[inline-code]]` after [[beta]]\n"
        "\n"
        "## ko\n"
        "\n"
        "한국어 [[gamma]]\n"
    )
    text = "---\nid: a\ntitle: {en: A, ko: 에이}\ncategory: auth\n---\n" + body
    path = _write(tmp_path / "a.md", text.encode())
    found: list[Finding] = []
    draft, _digest = read_concept_hashed(str(path), "a.md", Report(found, "a.md"))
    assert found == []
    assert draft is not None
    assert draft.body.en.splitlines()[2] == "## ko"  # in code: not the next section
    assert draft.body.ko == "한국어 [[gamma]]"
    # 1-based file lines: the body starts on line 6.
    assert draft.wikilinks == [(7, "alpha"), (12, "beta"), (16, "gamma")]


def test_text_before_the_sections_is_reported_once_on_its_first_line() -> None:
    report_findings: list[Finding] = []
    sections = body_sections(
        "\n \nstray\nmore\n## en\nA.\n## ko\n가.", 10, Report(report_findings, "a.md")
    )
    assert sections == {"en": (15, "A."), "ko": (17, "가.")}
    assert _findings(report_findings) == [
        "a.md:13: warning: text before the first '## en' or '## ko' heading is ignored"
    ]
