"""An Obsidian vault opens as a pack: notes, folders, [[links]], inline fields and flashcards."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from app.core.content import ContentError, build_content, content_key, ensure_content
from app.core.crosscheck import ID_RE
from app.core.model import Concept, Pack
from app.core.pack import load_pack
from app.core.packfiles import MAX_FILE_BYTES
from app.core.store import ContentStore
from tests.conftest import MINI_PACK, ROOT

VAULT = ROOT / "tests" / "fixtures" / "obsidian_vault"


def _load(root: Path, fmt: str | None = None) -> tuple[Pack, list]:
    result = load_pack(root, "VAULT", fmt)
    assert result.pack is not None
    return result.pack, result.findings


def _by_title(pack: Pack) -> dict[str, Concept]:
    return {c.title.en: c for c in pack.concepts}


def _vault(tmp_path: Path, notes: dict[str, str | bytes]) -> Path:
    root = tmp_path / "vault"
    (root / ".obsidian").mkdir(parents=True)
    for rel, text in notes.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(text, encoding="utf-8")
    return root


def _snapshot(root: Path) -> dict[str, tuple[bytes, int]]:
    return {
        str(p.relative_to(root)): (p.read_bytes(), p.stat().st_mtime_ns)
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def test_the_test_vault_opens_with_its_concepts_links_questions_and_one_warning() -> None:
    pack, findings = _load(VAULT)
    concepts = _by_title(pack)
    assert sorted(concepts) == [
        "Cache Aside", "Database indexing", "Query Planning", "Welcome to my backend notes", "레디스",
    ]  # fmt: skip
    titles = {c.id: c.title.en for c in pack.concepts}
    links = {
        (titles[lk.source], titles[lk.target], lk.kind) for c in pack.concepts for lk in c.links
    }
    assert links == {
        ("Welcome to my backend notes", "레디스", "related-to"),  # [[레디스|Redis]]
        ("Database indexing", "Query Planning", "prerequisite-of"),  # inline field
        ("Query Planning", "Database indexing", "related-to"),  # [[Indexing#Composite indexes]]
        ("Query Planning", "레디스", "related-to"),  # [[캐시/레디스|a cache]]
        ("Cache Aside", "레디스", "part-of"),  # the named kind wins over the plain mention
    }
    questions = {q.prompt.en: q.answer.en for c in pack.concepts for q in c.questions if q.answer}
    assert questions == {
        "What does EXPLAIN show?": "The plan the database chose for a query, with estimated costs",
        "레디스가 빠른 이유는?": "메모리에서 동작하고\n단일 스레드 이벤트 루프로 명령을 처리한다",
        "캐시 어사이드에서 쓰기 후 캐시는?": "해당 키를 삭제한다",
    }
    assert all(q.kind == "recall" for c in pack.concepts for q in c.questions)
    assert [str(f) for f in findings] == [
        "VAULT/Welcome.md:4: warning: [[Kafka]] links to a note that is not in the vault; "
        "the link is left out"
    ]


def test_folders_are_categories_and_root_notes_go_to_notes() -> None:
    pack, _ = _load(VAULT)
    categories = {c.id: c for c in pack.categories}
    concepts = _by_title(pack)
    assert [c.title.en for c in pack.categories] == ["Notes", "Databases", "캐시"]
    assert concepts["Welcome to my backend notes"].category == "notes"
    # Nested folders belong to their top-level folder.
    assert concepts["Query Planning"].category == concepts["Database indexing"].category
    assert categories[concepts["레디스"].category].title.ko == "캐시"
    colours = [c.colour for c in pack.categories]
    assert len(set(colours)) == 3 and all(len(c) == 7 and c.startswith("#") for c in colours)


def test_titles_aliases_tags_and_one_language_shown_in_both() -> None:
    concepts = _by_title(_load(VAULT)[0])
    indexing = concepts["Database indexing"]  # from its `# heading`, not the file name
    assert indexing.aliases == ("인덱스", "DB index")
    assert "Tags: #database #performance" in indexing.body.en
    assert not indexing.body.en.startswith("# ")  # the title heading is not repeated
    redis = concepts["레디스"]  # from the Korean file name
    assert redis.aliases == ("Redis", "레디스 캐시")
    for concept in concepts.values():
        assert concept.title.get("en") == concept.title.get("ko")
        assert concept.body.get("en") == concept.body.get("ko")


def test_ids_are_kebab_case_and_stable() -> None:
    first, _ = _load(VAULT)
    again, _ = _load(VAULT)
    ids = [c.id for c in first.concepts]
    assert ids == [c.id for c in again.concepts]
    assert all(ID_RE.match(i) for i in ids)
    assert all(ID_RE.match(q.id) for c in first.concepts for q in c.questions)
    assert _by_title(first)["Database indexing"].id == "databases-indexing"


def test_embeds_are_not_links_and_body_links_point_at_concepts() -> None:
    concepts = _by_title(_load(VAULT)[0])
    welcome = concepts["Welcome to my backend notes"]
    assert concepts["Query Planning"].id not in {lk.target for lk in welcome.links}
    assert f"[[{concepts['레디스'].id}|Redis]]" in welcome.body.en
    assert "!\\[\\[Query Planning\\]\\]" in welcome.body.en  # shown as written, not a link
    assert "<!--SR" not in concepts["Cache Aside"].body.en


def test_the_vault_is_never_written_and_builds_into_the_cache(tmp_path: Path) -> None:
    vault = tmp_path / "vault"
    shutil.copytree(VAULT, vault)
    before = _snapshot(vault)
    db = tmp_path / "cache" / "content.db"
    status = ensure_content(vault, db)
    assert status.rebuilt and _snapshot(vault) == before
    with ContentStore(db) as store:
        assert store.count("concepts") == 5 and store.count("questions") == 3
    assert not ensure_content(vault, db).rebuilt  # keyed by the text, as packs are
    (vault / "New note.md").write_text("A new idea about [[Indexing]].\n", encoding="utf-8")
    assert ensure_content(vault, db).rebuilt


def test_format_decides_how_a_folder_is_read(tmp_path: Path) -> None:
    plain = _vault(tmp_path, {"A.md": "links to [[B]]\n", "B.md": "b\n"})
    shutil.rmtree(plain / ".obsidian")
    assert not load_pack(plain).ok  # no .obsidian/: read as a pack, which needs categories.yaml
    pack, findings = _load(plain, "obsidian")
    assert len(pack.concepts) == 2 and not findings
    assert content_key(plain, "obsidian") != content_key(plain, "pack")
    both = tmp_path / "both"
    shutil.copytree(MINI_PACK, both)
    (both / ".obsidian").mkdir()
    assert load_pack(both).ok  # categories.yaml wins: still the pack
    assert {c.id for c in load_pack(both).pack.categories} == {"auth", "cache", "database"}


@pytest.mark.parametrize(
    ("line", "kind"),
    [
        ("prerequisite-of:: [[B]]", "prerequisite-of"),
        ("- Used for:: [[B]]", "used-for"),
        ("See the [contrasts_with:: [[B]]] note.", "contrasts-with"),
        ("see:: [[B]], [[B#Part]]", "related-to"),
        ("Just [[B|bee]] in a sentence.", "related-to"),
    ],
)
def test_link_kinds_from_dataview_fields(tmp_path: Path, line: str, kind: str) -> None:
    pack, findings = _load(_vault(tmp_path, {"A.md": line + "\n", "B.md": "b\n"}))
    assert not findings
    assert [(lk.target, lk.kind) for lk in pack.by_id["a"].links] == [("b", kind)]
    assert pack.by_id["a"].questions == ()  # a field is not a flashcard


@pytest.mark.parametrize(
    ("text", "cards"),
    [
        ("What is TTL?::Time to live", [("What is TTL?", "Time to live")]),
        ("Reverse me:::both ways", [("Reverse me", "both ways")]),
        ("Q with [[B|a link]]::A <!--SR:!2024-01-01,3,250-->", [("Q with a link", "A")]),
        ("line one\nline two\n?\nanswer one\nanswer two\n\nnot the answer", [
            ("line one\nline two", "answer one\nanswer two")]),
        ("First?::1\n\nSecond\n?\n2\n<!--SR:!2024-01-01,3,250-->", [("First?", "1"), ("Second", "2")]),
        ("`std::move` in code is no card", []),
        ("```\nx::y\n?\n```", []),
    ],
)  # fmt: skip
def test_flashcards_become_recall_questions(tmp_path: Path, text: str, cards: list) -> None:
    pack, findings = _load(_vault(tmp_path, {"A.md": text + "\n", "B.md": "b\n"}))
    assert not findings
    got = [(q.prompt.en, q.answer.en if q.answer else None) for q in pack.by_id["a"].questions]
    assert got == cards


def test_a_question_mark_without_an_answer_is_a_warning(tmp_path: Path) -> None:
    pack, findings = _load(_vault(tmp_path, {"A.md": "Intro\n\nQuestion\n?\n"}))
    assert pack.by_id["a"].questions == ()
    assert [(f.path, f.line, f.severity) for f in findings] == [("VAULT/A.md", 4, "warning")]


def test_links_resolve_as_obsidian_does(tmp_path: Path) -> None:
    root = _vault(tmp_path, {
        "x/Topic.md": "[[Same]] [[y/Same]] [[Other.md]] [[#Heading]] [[x/Topic]] [[scan.pdf]]\n",
        "x/Same.md": "x\n", "y/Same.md": "y\n", "z/Other.md": "o\n",
    })  # fmt: skip
    pack, findings = _load(root)
    assert not findings  # a heading in the same note and an attachment are not broken links
    assert [lk.target for lk in pack.by_id["x-topic"].links] == ["x-same", "y-same", "z-other"]


def test_ids_for_names_the_slug_cannot_spell(tmp_path: Path) -> None:
    root = _vault(tmp_path, {"A B.md": "1\n", "a-b.md": "2\n", "캐시.md": "3\n", "Café.md": "4\n"})
    pack, findings = _load(root)
    assert not findings
    ids = {c.title.en: c.id for c in pack.concepts}
    assert ids["A B"] == "a-b" and ids["a-b"].startswith("a-b-")  # the clash gets a hash
    assert ids["캐시"].startswith("note-") and ids["Café"].startswith("caf-")
    assert len(set(ids.values())) == 4 and all(ID_RE.match(i) for i in ids.values())


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"text\x00more", "NUL byte"),
        (b"caf\xe9 au lait", "invalid UTF-8"),
        (b"x" * (MAX_FILE_BYTES + 1), "the limit is"),
        (b"---\naliases: [unclosed\n---\nbody", "YAML"),
    ],
)
def test_a_hostile_note_is_one_clear_error_and_nothing_is_built(
    tmp_path: Path, content: bytes, message: str
) -> None:
    root = _vault(tmp_path, {"Good.md": "fine\n", "sub/Bad.md": content})
    before = _snapshot(root)
    result = load_pack(root, "VAULT")
    assert [(f.path, f.severity) for f in result.findings] == [("VAULT/sub/Bad.md", "error")]
    assert message in result.findings[0].message
    assert [c.title.en for c in result.pack.concepts] == ["Good"]
    db = tmp_path / "content.db"
    with pytest.raises(ContentError):
        build_content(root, db)
    assert not db.exists() and _snapshot(root) == before


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="needs symbolic links")
def test_symbolic_links_out_of_the_vault_are_not_followed(tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "Secret.md").write_text("secret\n", encoding="utf-8")
    root = _vault(tmp_path, {"Good.md": "fine\n"})
    (root / "Linked.md").symlink_to(outside / "Secret.md")
    (root / "folder").symlink_to(outside, target_is_directory=True)
    pack, findings = _load(root)
    assert [c.title.en for c in pack.concepts] == ["Good"]
    assert [(f.path, f.severity) for f in findings] == [("VAULT/Linked.md", "warning")]
    assert all("secret" not in c.body.en for c in pack.concepts)


def test_cli_reads_a_vault_for_every_pack_command(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from app.cli import main

    assert main(["validate", str(VAULT)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[-1] == "5 concept files: 0 error(s), 1 warning(s)"
    assert "Welcome.md:4: warning: [[Kafka]]" in out[0]
    assert main(["search", "인덱스", "--pack", str(VAULT)]) == 0
    assert capsys.readouterr().out.startswith("databases-indexing\tDatabase indexing")
    assert main(["stats", "--pack", str(VAULT), "--json"]) == 0
    assert '"concepts": 5' in capsys.readouterr().out
    plain = tmp_path / "plain"
    shutil.copytree(VAULT, plain, ignore=shutil.ignore_patterns(".obsidian"))
    assert main(["validate", str(plain)]) == 1  # not a pack
    capsys.readouterr()
    assert main(["build", str(plain), "--format", "obsidian", "--db", str(tmp_path / "p.db")]) == 0
    assert "5 concepts, 5 links, 3 questions" in capsys.readouterr().out
    assert main(["export", str(plain), "--format", "obsidian", "-o", str(tmp_path / "v.html")]) == 0
    assert (tmp_path / "v.html").stat().st_size > 0
