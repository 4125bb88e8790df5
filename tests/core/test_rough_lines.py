"""Files read by the fast front-matter reader (no lines) still get findings at the exact lines."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.core import pack as pack_module
from app.core import yamlfast
from app.core.pack import LoadResult, load_pack
from tests.base_pack import ALPHA, CATEGORIES


def _concept(cid: str, links: str = "", questions: str = "", body: str = "Text.") -> str:
    """A concept file whose own text is clean: whatever is wrong is wrong across files."""
    return (
        f"---\ntitle: {{en: {cid.title()}, ko: 개념}}\nid: {cid}\ncategory: auth\n"
        f"links:\n{links or '  []'}\nquestions:\n{questions or '  []'}\n"
        f"---\n## en\n{body}\n\n## ko\n본문.\n"
    )


def _question(qid: str) -> str:
    return (
        f"  - id: {qid}\n    kind: recall\n"
        '    prompt: {en: "What?", ko: "무엇?"}\n    answer: {en: This., ko: 이것.}\n'
    )


# Every finding cross_check makes, each in a file that is clean on its own; the lines they
# are reported at come from the front matter (ids, links, questions).
CROSS_FILE_DEFECTS = {
    "categories.yaml": CATEGORIES,
    "a/alpha.md": ALPHA,
    "a/beta.md": _concept("beta", links="  - {to: gamma, kind: prerequisite-of}"),
    # gamma -> alpha -> beta -> gamma: a prerequisite cycle.
    "a/gamma.md": _concept("gamma", links="  - {to: alpha, kind: prerequisite-of}"),
    "b/dup.md": _concept("beta"),  # cites beta.md's id line
    "b/self.md": _concept("self-link", links="  - {to: self-link, kind: related-to}"),
    "b/unknown.md": _concept("unknown-target", links="  - {to: nowhere, kind: related-to}"),
    "b/twice.md": _concept(
        "twice",
        links="  - {to: beta, kind: related-to}\n  - {to: beta, kind: related-to}",
    ),
    "b/wiki.md": _concept("wiki", body="See [[nothing-here]]."),
    "c/q1.md": _concept("q-one", questions=_question("shared-q")),
    "c/q2.md": _concept("q-two", questions=_question("shared-q")),
    "c/case.md": _concept("Upper-Case"),
    "c/category.md": _concept("lost").replace("category: auth", "category: nowhere"),
}


def _write(root: Path, files: dict[str, str]) -> Path:
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


def _read_both(pack: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[LoadResult, LoadResult, int]:
    """The pack read with the fast reader, then with yamlsafe only; and how many front
    matters the fast reader vouched for."""
    fast_parse = yamlfast.parse
    vouched = 0

    def counting(text: str) -> object:
        nonlocal vouched
        value = fast_parse(text)
        vouched += value is not None
        return value

    monkeypatch.setattr(yamlfast, "parse", counting)
    fast = load_pack(pack, "PACK")
    monkeypatch.setattr(yamlfast, "parse", lambda _text: None)
    exact = load_pack(pack, "PACK")
    return fast, exact, vouched


@pytest.mark.skipif(not yamlfast.available(), reason="rapidyaml is not installed")
def test_cross_file_findings_are_at_exact_lines_after_a_fast_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pack = _write(tmp_path / "pack", CROSS_FILE_DEFECTS)
    fast, exact, vouched = _read_both(pack, monkeypatch)
    assert vouched >= len(CROSS_FILE_DEFECTS) - 1  # every concept file took the fast path
    shown = [str(f) for f in exact.findings]
    assert [str(f) for f in fast.findings] == shown
    for expected in (
        "PACK/b/dup.md:3: error: duplicate concept id 'beta' (also in PACK/a/beta.md:3)",
        "PACK/b/self.md:6: error: 'self-link' links to itself",
        "PACK/b/unknown.md:6: error: link to unknown concept 'nowhere'",
        "PACK/b/twice.md:7: warning: duplicate link to 'beta'",
        "PACK/b/wiki.md:11: error: [[nothing-here]] names an unknown concept",
        "PACK/c/q2.md:8: error: duplicate question id 'shared-q'",
        "PACK/c/case.md:3: error:",
        "PACK/c/category.md:4: error: unknown category 'nowhere'",
        "PACK/a/alpha.md:7: error: prerequisite-of links form a cycle",
    ):
        assert any(expected in line for line in shown), (expected, shown)
    assert fast.pack is not None and exact.pack is not None
    assert fast.pack.concepts == exact.pack.concepts


@pytest.mark.skipif(not yamlfast.available(), reason="rapidyaml is not installed")
def test_only_the_files_a_finding_names_are_read_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    files = {
        "categories.yaml": CATEGORIES,
        **{f"b/c{i}.md": _concept(f"c{i}") for i in range(6)},
        "b/broken.md": _concept("broken", links="  - {to: nowhere, kind: related-to}"),
    }
    pack = _write(tmp_path / "pack", files)
    read_again: list[str] = []
    read = pack_module._read_concept

    def spying(path: Path, rel: str, report: object, fast: bool = True) -> object:
        if not fast:
            read_again.append(rel)
        return read(path, rel, report, fast)  # type: ignore[arg-type]

    monkeypatch.setattr(pack_module, "_read_concept", spying)
    result = load_pack(pack, "PACK")
    assert [str(f) for f in result.findings] == [
        "PACK/b/broken.md:6: error: link to unknown concept 'nowhere'"
    ]
    assert read_again == ["b/broken.md"]


def test_without_the_fast_reader_every_file_is_read_exactly(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(yamlfast, "parse", lambda _text: None)
    result = load_pack(_write(tmp_path / "pack", CROSS_FILE_DEFECTS), "PACK")
    assert "PACK/b/dup.md:3: error: duplicate concept id 'beta' (also in PACK/a/beta.md:3)" in [
        str(f) for f in result.findings
    ]


@pytest.mark.skipif(not yamlfast.available(), reason="rapidyaml is not installed")
def test_the_bundled_pack_reads_the_same_through_either_reader(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from tests.conftest import BUNDLED_PACK

    fast, exact, vouched = _read_both(BUNDLED_PACK, monkeypatch)
    assert vouched > 150  # most of its files took the fast path
    assert fast.findings == exact.findings
    assert fast.pack is not None and exact.pack is not None
    assert fast.pack.concepts == exact.pack.concepts
    assert fast.pack.digest == exact.pack.digest
