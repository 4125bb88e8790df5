"""The validator: one defect per pack, the exact `path:line: severity: message`, never a traceback."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from app.core.pack import load_pack
from tests.base_pack import ALPHA, CATEGORIES

BETA = """\
---
id: beta
title: {en: Beta, ko: 베타}
category: cache
links:
  - {to: alpha, kind: related-to}
questions:
  - id: beta-q
    kind: recall
    prompt: {en: "What is beta?", ko: "베타란?"}
    answer: {en: The second., ko: 두 번째.}
---
## en
Beta.

## ko
베타.
"""


def _write_pack(root: Path, files: dict[str, str | bytes]) -> Path:
    base: dict[str, str | bytes] = {
        "categories.yaml": CATEGORIES,
        "a/alpha.md": ALPHA,
        "b/beta.md": BETA,
    }
    base.update(files)
    for rel, content in base.items():
        if content is None:
            continue
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    return root


_BETA_ANSWER = "    answer: {en: The second., ko: 두 번째.}\n"


def _beta_points(points: str) -> dict[str, str]:
    """BETA with `points` (YAML under the recall question) after its answer on line 11."""
    return {"b/beta.md": BETA.replace(_BETA_ANSWER, _BETA_ANSWER + points)}


def _alpha(old: str, new: str) -> dict[str, str]:
    assert old in ALPHA, old
    return {"a/alpha.md": ALPHA.replace(old, new, 1)}


CASES = [
    (
        "yaml-syntax",
        _alpha("aliases: [a, 에이]", "aliases: [a, 에이"),
        "a/alpha.md:5: error: YAML: did not find expected ',' or ']'",  # where '[' opened
    ),
    (
        "yaml-bad-indent",
        _alpha("category: auth", "category: auth\n  bad: indent"),
        "a/alpha.md:5: error: YAML: mapping values are not allowed in this context",
    ),
    ("missing-id", _alpha("id: alpha\n", ""), "a/alpha.md:2: error: missing required field 'id'"),
    (
        "missing-title",
        _alpha("title: {en: Alpha, ko: 알파}\n", ""),
        "a/alpha.md:2: error: missing required field 'title'",
    ),
    (
        "missing-title-ko",
        _alpha("title: {en: Alpha, ko: 알파}", "title: {en: Alpha}"),
        "a/alpha.md:3: error: 'title.ko' is missing",
    ),
    (
        "title-not-mapping",
        _alpha("title: {en: Alpha, ko: 알파}", "title: Alpha"),
        "a/alpha.md:3: error: 'title' must be a mapping {en: ..., ko: ...}, got str",
    ),
    (
        "category-number",
        _alpha("category: auth", "category: 12"),
        "a/alpha.md:4: error: 'category' must be text, got a number (put it in quotes if it is text)",
    ),
    (
        "alias-boolean",
        _alpha("aliases: [a, 에이]", "aliases: [a, no]"),
        "a/alpha.md:5: error: 'aliases' items must be text, got true/false (YAML reads yes/no/on/off as booleans: put the text in quotes)",
    ),
    (
        "unknown-category",
        _alpha("category: auth", "category: atuh"),
        "a/alpha.md:4: error: unknown category 'atuh' (did you mean 'auth'?)",
    ),
    (
        "unknown-link-kind",
        _alpha("kind: prerequisite-of", "kind: prerequisite"),
        "a/alpha.md:7: error: unknown link kind 'prerequisite' (did you mean 'prerequisite-of'?); use one of: prerequisite-of, part-of, example-of, used-for, contrasts-with, related-to",
    ),
    (
        "unknown-link-target",
        _alpha("{to: beta, kind", "{to: betta, kind"),
        "a/alpha.md:7: error: link to unknown concept 'betta' (did you mean 'beta'?)",
    ),
    (
        "self-link",
        _alpha("{to: beta, kind", "{to: alpha, kind"),
        "a/alpha.md:7: error: 'alpha' links to itself",
    ),
    (
        "unknown-wikilink",
        _alpha("before [[beta]].", "before [[bta]]."),
        "a/alpha.md:16: error: [[bta]] names an unknown concept (did you mean 'beta'?)",
    ),
    (
        "duplicate-id",
        {"b/beta.md": BETA.replace("id: beta\n", "id: alpha\n")},
        "b/beta.md:2: error: duplicate concept id 'alpha' (also in PACK/a/alpha.md:2)",
    ),
    (
        "duplicate-id-case",
        {"b/beta.md": BETA.replace("id: beta\n", "id: Alpha\n")},
        "b/beta.md:2: error: id 'Alpha' must be kebab-case: lower-case a-z, 0-9 and single '-'",
    ),
    (
        "id-not-kebab",
        _alpha("id: alpha", "id: Alpha_One"),
        "a/alpha.md:2: error: id 'Alpha_One' must be kebab-case: lower-case a-z, 0-9 and single '-'",
    ),
    (
        "id-bidi",
        _alpha("id: alpha", 'id: "al\u202epha"'),
        # Spelled out in the message: a raw U+202E would reverse how the line reads.
        "a/alpha.md:2: error: id 'al\\u202epha' must be kebab-case: lower-case a-z, 0-9 and single '-'",
    ),
    (
        "prerequisite-cycle",
        {"b/beta.md": BETA.replace("kind: related-to", "kind: prerequisite-of")},
        "a/alpha.md:7: error: prerequisite-of links form a cycle: alpha → beta → alpha",
    ),
    (
        "duplicate-question-id",
        {"b/beta.md": BETA.replace("id: beta-q", "id: alpha-q")},
        "b/beta.md:8: error: duplicate question id 'alpha-q' (also in PACK/a/alpha.md)",
    ),
    (
        "choice-correct-out-of-range",
        _alpha("correct: 1", "correct: 2"),
        "a/alpha.md:13: error: 'correct' is 2 but there are 2 choices (0-based: 0 to 1)",
    ),
    (
        "choice-correct-missing",
        _alpha("    correct: 1\n", ""),
        "a/alpha.md:9: error: 'correct' must be the 0-based index of the right choice, got nothing",
    ),
    (
        "question-kind",
        _alpha("kind: choice", "kind: essay"),
        "a/alpha.md:10: error: unknown question kind 'essay'; use recall or choice",
    ),
    (
        "missing-ko-body",
        _alpha("\n## ko\n알파는 [[beta]]보다 먼저입니다.\n", "\n"),
        "a/alpha.md:14: error: missing the '## ko' body section",
    ),
    (
        "missing-en-body",
        _alpha("## en\nAlpha comes before [[beta]].\n", ""),
        "a/alpha.md:14: error: missing the '## en' body section",
    ),
    (
        "invalid-utf8",
        {"a/alpha.md": ALPHA.encode().replace(b"Alpha comes", b"Alpha \xff comes")},
        "a/alpha.md:16: error: invalid UTF-8 (byte 304); save the file as UTF-8",
    ),
    (
        "utf16",
        {"a/alpha.md": ALPHA.encode("utf-16")},
        "a/alpha.md:1: error: file is UTF-16; save it as UTF-8",
    ),
    (
        "nul-byte",
        {"a/alpha.md": ALPHA.encode().replace(b"Alpha comes", b"Alpha\x00 comes")},
        "a/alpha.md:16: error: file contains a NUL byte (is it a binary file?)",
    ),
    (
        "too-big",
        {"a/alpha.md": ALPHA + "x" * 1_000_001},
        "a/alpha.md:1: error: file is 1,000,377 bytes; the limit is 1,000,000 (split the concept)",
    ),
    (
        "no-front-matter",
        {"a/alpha.md": "# Alpha\n"},
        "a/alpha.md:1: error: file must start with a '---' line opening the YAML front matter",
    ),
    (
        "unclosed-front-matter",
        {"a/alpha.md": "---\nid: alpha\n"},
        "a/alpha.md:1: error: the front matter opened on line 1 is never closed with a '---' line",
    ),
    (
        "front-matter-list",
        {"a/alpha.md": "---\n- a\n- b\n---\n## en\nx\n## ko\ny\n"},
        "a/alpha.md:2: error: front matter must be a mapping of fields, got a list",
    ),
    (
        "python-tag",
        _alpha("aliases: [a, 에이]", "aliases: !!python/object/apply:os.system [echo]"),
        "a/alpha.md:5: error: YAML: the tag 'tag:yaml.org,2002:python/object/apply:os.system' is not allowed (plain YAML only)",
    ),
    (
        "alias-bomb",
        _alpha("aliases: [a, 에이]", "aliases: &x [a, 에이]\nlevel: [*x, *x]"),
        "a/alpha.md:5: error: YAML: anchors and aliases (*name) are not allowed in content files",
    ),
    (
        "duplicate-key",
        _alpha("category: auth", "category: auth\ncategory: cache"),
        "a/alpha.md:5: error: YAML: duplicate key 'category'",
    ),
    (
        "unknown-field-warning-only",
        _alpha("category: auth", "category: auth\ncatgory: x"),
        "a/alpha.md:5: warning: unknown field 'catgory' (did you mean 'category'?)",
    ),
    (
        "bad-colour",
        {"categories.yaml": CATEGORIES.replace("#e6194b", "red")},
        "categories.yaml:3: error: colour 'red' must look like #1f77b4",
    ),
    (
        "source-javascript",
        _alpha(
            "category: auth", "category: auth\nsources:\n  - {title: x, url: 'javascript:alert(1)'}"
        ),
        "a/alpha.md:6: error: source url must start with http:// or https://, got 'javascript:alert(1)'",
    ),
    (
        "point-missing-ko",
        _beta_points("    points:\n      - {en: Second, keywords: [second]}\n"),
        "b/beta.md:13: error: missing required field 'ko' in point 0",
    ),
    (
        "point-empty-en",
        _beta_points('    points:\n      - {en: "", ko: 둘, keywords: [second]}\n'),
        "b/beta.md:13: error: point 0 'en' must be text, got empty text",
    ),
    (
        "point-no-keywords",
        _beta_points("    points:\n      - {en: Second, ko: 둘, keywords: []}\n"),
        "b/beta.md:13: error: point 0 needs at least one keyword",
    ),
    (
        "point-keywords-missing",
        _beta_points("    points:\n      - en: Second\n        ko: 둘\n"),
        "b/beta.md:13: error: point 0 needs at least one keyword",
    ),
    (
        "point-keyword-number",
        _beta_points(
            "    points:\n      - en: Second\n        ko: 둘\n        keywords: [two, 2]\n"
        ),
        "b/beta.md:15: error: point 0 keywords must be text, got a number (put it in quotes if it is text)",
    ),
    (
        "point-keyword-blank",
        _beta_points('    points:\n      - {en: Second, ko: 둘, keywords: ["  "]}\n'),
        "b/beta.md:13: error: point 0 keywords must be text, got empty text",
    ),
    (
        "points-not-list",
        _beta_points("    points: second\n"),
        "b/beta.md:12: error: recall question 'points' must be a list, got str",
    ),
    (
        "point-not-mapping",
        _beta_points("    points:\n      - second\n"),
        "b/beta.md:13: error: point 0 must be a mapping {en: ..., ko: ..., keywords: [...]}, got str",
    ),
    (
        "point-unknown-field-warning-only",
        _beta_points("    points:\n      - {en: Second, ko: 둘, keyword: [x], keywords: [y]}\n"),
        "b/beta.md:13: warning: unknown point field 'keyword' (did you mean 'keywords'?)",
    ),
    (
        "points-on-choice",
        _alpha(
            "    correct: 1\n",
            "    correct: 1\n    points:\n      - {en: a, ko: b, keywords: [c]}\n",
        ),
        "a/alpha.md:14: error: 'points' belong to recall questions only (a choice question has one right answer)",
    ),
]


@pytest.mark.parametrize(("name", "files", "expected"), CASES, ids=[c[0] for c in CASES])
def test_one_defect_is_reported_exactly(
    tmp_path: Path, name: str, files: dict, expected: str
) -> None:
    pack = _write_pack(tmp_path / "pack", files)
    result = load_pack(pack, "PACK")
    lines = [str(f) for f in result.findings]
    assert f"PACK/{expected}" in lines, "\n".join(lines)
    if "warning" not in expected:
        assert not result.ok


def test_clean_pack_has_no_findings(tmp_path: Path) -> None:
    result = load_pack(_write_pack(tmp_path / "pack", {}), "PACK")
    assert result.findings == []
    assert result.ok
    assert [c.id for c in result.pack.concepts] == ["alpha", "beta"]
    alpha = result.pack.by_id["alpha"]
    assert alpha.mentions == ("beta",)
    assert alpha.questions[0].correct == 1


def test_points_are_read_in_order_with_nfc_keywords(tmp_path: Path) -> None:
    import unicodedata

    nfd = unicodedata.normalize("NFD", "두 번째")
    points = (
        "    points:\n"
        "      - {en: Second, ko: 둘째, keywords: [second, " + nfd + ", second]}\n"
        "      - {en: After alpha, ko: 알파 다음, keywords: [after]}\n"
    )
    result = load_pack(_write_pack(tmp_path / "pack", _beta_points(points)), "PACK")
    assert result.findings == []
    read = result.pack.by_id["beta"].questions[0].points
    assert [p.text.en for p in read] == ["Second", "After alpha"]
    assert read[0].text.ko == "둘째"
    assert read[0].keywords == ("second", "두 번째")  # NFC, duplicates dropped
    assert read[1].keywords == ("after",)


def test_nfd_korean_is_stored_as_nfc(tmp_path: Path) -> None:
    import unicodedata

    nfd = unicodedata.normalize("NFD", "알파")
    result = load_pack(_write_pack(tmp_path / "pack", _alpha("ko: 알파}", f"ko: {nfd}}}")), "PACK")
    assert result.ok
    assert result.pack.by_id["alpha"].title.ko == "알파"


def test_crlf_and_bom_are_accepted(tmp_path: Path) -> None:
    data = b"\xef\xbb\xbf" + ALPHA.replace("\n", "\r\n").encode()
    result = load_pack(_write_pack(tmp_path / "pack", {"a/alpha.md": data}), "PACK")
    assert result.ok, [str(f) for f in result.findings]


def test_deep_prerequisite_chain_has_no_recursion_error(tmp_path: Path) -> None:
    files: dict[str, str] = {
        "a/alpha.md": ALPHA.replace("kind: prerequisite-of", "kind: related-to")
    }
    for i in range(3000):
        nxt = (
            f"  - {{to: c{i + 1}, kind: prerequisite-of}}\n"
            if i < 2999
            else "  - {to: alpha, kind: related-to}\n"
        )
        files[f"chain/c{i}.md"] = (
            f"---\nid: c{i}\ntitle: {{en: C{i}, ko: C{i}}}\ncategory: auth\nlinks:\n{nxt}---\n## en\nx\n## ko\ny\n"
        )
    result = load_pack(_write_pack(tmp_path / "pack", files), "PACK")
    assert result.ok, [str(f) for f in result.findings][:3]
    from app.core.graph import build_graph, learning_path
    from app.core.model import ConceptSummary

    pack = result.pack
    graph = build_graph(
        [ConceptSummary(c.id, c.title, c.category) for c in pack.concepts],
        [link for c in pack.concepts for link in c.links],
    )
    assert learning_path(graph, "c2999")[:3] == ["c0", "c1", "c2"]


def test_cli_validate_reports_and_exits_1_without_traceback(tmp_path: Path) -> None:
    pack = _write_pack(tmp_path / "pack", _alpha("category: auth", "category: atuh"))
    run = subprocess.run(
        [sys.executable, "-m", "app", "validate", str(pack)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert run.returncode == 1
    assert (
        f"{pack}/a/alpha.md:4: error: unknown category 'atuh' (did you mean 'auth'?)" in run.stdout
    )
    assert "Traceback" not in run.stdout + run.stderr
    assert run.stdout.strip().endswith("2 concept files: 1 error(s), 0 warning(s)")


def test_cli_validate_missing_folder(tmp_path: Path) -> None:
    run = subprocess.run(
        [sys.executable, "-m", "app", "validate", str(tmp_path / "nope")],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert run.returncode == 1
    assert "no such folder" in run.stderr
    assert "Traceback" not in run.stderr
