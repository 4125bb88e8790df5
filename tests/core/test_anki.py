"""The Anki package, read back with sqlite3 from the zip: notes, fields, tags, stable GUIDs."""

from __future__ import annotations

import json
import re
import sqlite3
import zipfile
from pathlib import Path

import pytest

from app.cli import main
from app.core.anki import CHOICE_MODEL, RECALL_MODEL, AnkiError, anki_tag, export_anki, note_guid
from app.core.content import build_content
from app.core.store import ContentStore
from tests.core.quiz_pack import write_pack
from tests.core.test_obsidian import VAULT

HANGUL = re.compile("[\uac00-\ud7a3]")


def _read_apkg(path: Path, tmp_path: Path) -> dict:
    """Notes by GUID (model, fields by name, tags), the decks and the media map."""
    with zipfile.ZipFile(path) as archive:
        assert sorted(archive.namelist()) == ["collection.anki2", "media"]
        media = json.loads(archive.read("media"))
        db = tmp_path / f"{path.stem}-collection.anki2"
        db.write_bytes(archive.read("collection.anki2"))
    conn = sqlite3.connect(db)
    try:
        models = json.loads(conn.execute("SELECT models FROM col").fetchone()[0])
        decks = json.loads(conn.execute("SELECT decks FROM col").fetchone()[0])
        notes = {}
        for guid, mid, tags, flds in conn.execute("SELECT guid, mid, tags, flds FROM notes"):
            model = models[str(mid)]
            names = [f["name"] for f in model["flds"]]
            notes[guid] = {
                "model": model["name"],
                "fields": dict(zip(names, flds.split("\x1f"), strict=True)),
                "tags": tags.split(),
            }
        cards = conn.execute("SELECT count(*) FROM cards").fetchone()[0]
    finally:
        conn.close()
    return {"notes": notes, "decks": decks, "media": media, "cards": cards, "models": models}


@pytest.fixture
def quiz_db(tmp_path: Path) -> Path:
    return build_content(write_pack(tmp_path / "pack"), tmp_path / "quiz.db").db_path


def _export(db: Path, target: Path, lang: str = "both", timestamp: float | None = None):
    with ContentStore(db) as store:
        return export_anki(store, target, lang, timestamp)


def test_one_note_per_question_with_fields_and_tags(quiz_db: Path, tmp_path: Path) -> None:
    result = _export(quiz_db, tmp_path / "deck.apkg")
    assert (result.recall, result.choice) == (1, 1)
    apkg = _read_apkg(result.path, tmp_path)
    assert apkg["media"] == {} and apkg["cards"] == 2
    recall = apkg["notes"][note_guid("http-stateless")]
    assert recall["model"] == "Backend Atlas: recall"
    fields = recall["fields"]
    assert "HTTP를 왜 무상태라고 하나요?" in fields["Prompt"]
    assert "Why is HTTP called stateless?" in fields["Prompt"]
    assert (
        "Each request stands alone." in fields["Answer"]
        and "요청마다 독립적입니다." in fields["Answer"]
    )
    assert "HTTP" in fields["Concept"] and "Web" in fields["Category"]
    # The summary is the body's first paragraph, and its [[wikilinks]] are not links.
    assert "request/response protocol" in fields["Summary"]
    assert "<a" not in fields["Summary"]
    assert sorted(recall["tags"]) == ["http", "web"]
    choice = apkg["notes"][note_guid("jwt-parts")]
    assert choice["model"] == "Backend Atlas: multiple choice"
    assert "Two" in choice["fields"]["Choices"] and "Three" in choice["fields"]["Choices"]
    assert choice["fields"]["Key"].startswith("B. ") and "Three" in choice["fields"]["Key"]
    assert sorted(choice["tags"]) == ["auth", "jwt"]


def test_rest_summary_drops_its_wikilink(quiz_db: Path, tmp_path: Path) -> None:
    with ContentStore(quiz_db) as store:
        body = store.bodies()["rest"].en
    assert "[[http|HTTP]]" in body
    from app.core.anki import _summary

    summary = _summary(body)
    assert "HTTP" in summary and "<a" not in summary and "[[" not in summary


def test_choice_cards_need_no_add_on(tmp_path: Path, quiz_db: Path) -> None:
    apkg = _read_apkg(_export(quiz_db, tmp_path / "deck.apkg").path, tmp_path)
    models = {m["name"]: m for m in apkg["models"].values()}
    choice = models["Backend Atlas: multiple choice"]["tmpls"][0]
    assert "{{Choices}}" in choice["qfmt"] and "{{Key}}" not in choice["qfmt"]
    assert "{{Key}}" in choice["afmt"] and "{{Explanation}}" in choice["afmt"]
    assert all("<script" not in t["qfmt"] + t["afmt"] for m in models.values() for t in m["tmpls"])
    assert {int(m["id"]) for m in apkg["models"].values()} == {
        RECALL_MODEL.model_id,
        CHOICE_MODEL.model_id,
    }


def test_guids_and_deck_are_stable_across_exports(tmp_path: Path) -> None:
    pack = write_pack(tmp_path / "pack")
    db = build_content(pack, tmp_path / "one.db").db_path
    first = _read_apkg(_export(db, tmp_path / "first.apkg", timestamp=1_000).path, tmp_path)
    http = pack / "web" / "http.md"
    http.write_text(
        http.read_text(encoding="utf-8").replace("Each request stands alone.", "No session state."),
        encoding="utf-8",
    )
    db = build_content(pack, tmp_path / "two.db").db_path
    second = _read_apkg(_export(db, tmp_path / "second.apkg", timestamp=2_000).path, tmp_path)
    assert (
        set(first["notes"])
        == set(second["notes"])
        == {
            note_guid("http-stateless"),
            note_guid("jwt-parts"),
        }
    )
    guid = note_guid("http-stateless")
    assert "No session state." in second["notes"][guid]["fields"]["Answer"]
    assert "No session state." not in first["notes"][guid]["fields"]["Answer"]
    deck_ids = [
        {d["id"] for d in apkg["decks"].values() if d["name"] != "Default"}
        for apkg in (first, second)
    ]
    assert deck_ids[0] == deck_ids[1] and len(deck_ids[0]) == 1
    names = {d["name"] for d in first["decks"].values()}
    assert "Backend Atlas::pack" in names


@pytest.mark.parametrize(("lang", "korean", "english"), [
    ("ko", True, False), ("en", False, True), ("both", True, True),
])  # fmt: skip
def test_lang_chooses_the_languages_on_the_card(
    quiz_db: Path, tmp_path: Path, lang: str, korean: bool, english: bool
) -> None:
    apkg = _read_apkg(_export(quiz_db, tmp_path / f"{lang}.apkg", lang).path, tmp_path)
    prompt = apkg["notes"][note_guid("http-stateless")]["fields"]["Prompt"]
    assert bool(HANGUL.search(prompt)) is korean
    assert ("Why is HTTP called stateless?" in prompt) is english


def test_pack_text_cannot_add_script_to_a_card(tmp_path: Path) -> None:
    pack = write_pack(tmp_path / "pack")
    http = pack / "web" / "http.md"
    http.write_text(
        http.read_text(encoding="utf-8").replace(
            "Why is HTTP called stateless?", "Why <script>alert(1)</script> stateless?"
        ),
        encoding="utf-8",
    )
    db = build_content(pack, tmp_path / "x.db").db_path
    apkg = _read_apkg(_export(db, tmp_path / "x.apkg").path, tmp_path)
    prompt = apkg["notes"][note_guid("http-stateless")]["fields"]["Prompt"]
    assert "<script" not in prompt and "&lt;script&gt;" in prompt


def test_a_vault_exports_its_flashcards(tmp_path: Path) -> None:
    db = build_content(VAULT, tmp_path / "vault.db").db_path
    result = _export(db, tmp_path / "vault.apkg")
    apkg = _read_apkg(result.path, tmp_path)
    assert (result.recall, result.choice) == (3, 0)
    prompts = {n["fields"]["Prompt"]: n for n in apkg["notes"].values()}
    redis = prompts["<p>레디스가 빠른 이유는?</p>"]  # one language: shown once
    assert "메모리에서 동작하고" in redis["fields"]["Answer"]
    assert redis["fields"]["Concept"] == "레디스"
    assert all(len(n["tags"]) == 2 for n in apkg["notes"].values())


def test_the_bundled_pack_is_its_own_deck(tmp_path: Path) -> None:
    from app.core.anki import deck_for
    from app.core.paths import bundled_pack_dir

    bundled = deck_for(str(bundled_pack_dir()))
    assert bundled[1] == "Backend Atlas"
    assert deck_for(str(bundled_pack_dir())) == bundled != deck_for(str(tmp_path / "x"))
    assert (1 << 30) <= bundled[0] < (1 << 31)


def test_anki_tags_are_one_word() -> None:
    assert anki_tag("my tag") == "my_tag"
    assert anki_tag('a"b::c') == "a_b_c"
    assert anki_tag("캐시") == "캐시"


def test_a_pack_without_questions_writes_nothing(tmp_path: Path) -> None:
    vault = tmp_path / "vault"
    (vault / ".obsidian").mkdir(parents=True)
    (vault / "Note.md").write_text("no cards here\n", encoding="utf-8")
    db = build_content(vault, tmp_path / "empty.db").db_path
    with pytest.raises(AnkiError):
        _export(db, tmp_path / "empty.apkg")
    assert not (tmp_path / "empty.apkg").exists()


def test_cli_export_anki(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "vault.apkg"
    assert main(["export-anki", str(VAULT), "-o", str(target), "--lang", "en"]) == 0
    out = capsys.readouterr().out
    assert "3 notes (3 recall, 0 multiple choice)" in out
    assert "'Backend Atlas::obsidian_vault'" in out
    assert len(_read_apkg(target, tmp_path)["notes"]) == 3
    assert list(tmp_path.glob(".*partial")) == []


def test_cli_export_anki_user_errors(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    missing = tmp_path / "no-such-folder" / "x.apkg"
    assert main(["export-anki", str(VAULT), "-o", str(missing)]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("backend-atlas: ")
    plain = tmp_path / "plain"
    plain.mkdir()
    (plain / "Note.md").write_text("Q::A\n", encoding="utf-8")
    target = tmp_path / "plain.apkg"
    assert main(["export-anki", str(plain), "-o", str(target), "--format", "obsidian"]) == 0
    assert len(_read_apkg(target, tmp_path)["notes"]) == 1
