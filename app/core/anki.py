"""An Anki package (.apkg) of a pack's questions, built with genanki: one note per question."""

from __future__ import annotations

import hashlib
import html
import itertools
import os
import re
import sqlite3
import tempfile
import time
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import genanki

from app.core.atomic import replacing
from app.core.findings import nfc
from app.core.markup import prose_lines, render_markdown
from app.core.model import Category, ConceptSummary, Question, Text
from app.core.paths import bundled_pack_dir
from app.core.store import ContentStore

__all__ = [
    "ANKI_LANGS",
    "AnkiError",
    "AnkiExport",
    "RECALL_MODEL",
    "CHOICE_MODEL",
    "anki_tag",
    "deck_for",
    "note_guid",
    "export_anki",
]

#: `--lang`: the cards in Korean, in English, or both on every card (Korean first).
ANKI_LANGS = ("ko", "en", "both")
_SUMMARY_CHARS = 600

_CSS = """\
.card { font-family: -apple-system, "Segoe UI", "Noto Sans KR", "Apple SD Gothic Neo",
        "Malgun Gothic", sans-serif; font-size: 19px; line-height: 1.5; text-align: left;
        color: #1d1d1f; background-color: #ffffff; max-width: 42em; margin: 0 auto; }
.card.nightMode, .nightMode .card { color: #e8e8e8; background-color: #1e1e1e; }
.atlas-en { color: #555; margin-top: .4em; }
.nightMode .atlas-en { color: #b0b0b0; }
.atlas-prompt { font-weight: 600; }
.atlas-choices li { margin: .35em 0; }
.atlas-points { margin-top: .8em; }
.atlas-key { font-weight: 600; color: #1b7f3b; }
.nightMode .atlas-key { color: #6fd08c; }
.atlas-concept { margin-top: 1.2em; padding-top: .6em; border-top: 1px solid #ccc;
                 font-size: 16px; }
.atlas-title { font-weight: 600; }
.atlas-category { font-size: 13px; color: #777; }
pre, code { font-family: "JetBrains Mono", Menlo, Consolas, monospace; font-size: 15px; }
pre { white-space: pre-wrap; background: rgba(127,127,127,.12); padding: .5em; }
"""
_CONCEPT_BLOCK = (
    '<div class="atlas-concept"><div class="atlas-title">{{Concept}}</div>'
    '<div class="atlas-category">{{Category}}</div>{{Summary}}</div>'
)

#: Fixed ids: a later export is the same note type, so Anki updates notes in place.
RECALL_MODEL = genanki.Model(
    1744261531,
    "Backend Atlas: recall",
    fields=[
        {"name": n} for n in ("Prompt", "Answer", "KeyPoints", "Concept", "Category", "Summary")
    ],
    templates=[
        {
            "name": "Recall",
            "qfmt": '<div class="atlas-prompt">{{Prompt}}</div>',
            "afmt": '{{FrontSide}}<hr id="answer"><div class="atlas-answer">{{Answer}}</div>'
            '{{#KeyPoints}}<div class="atlas-points">{{KeyPoints}}</div>{{/KeyPoints}}'
            + _CONCEPT_BLOCK,
        }
    ],
    css=_CSS,
)
#: Plain HTML, no script: the choices and the key read the same in AnkiDroid and AnkiMobile.
CHOICE_MODEL = genanki.Model(
    1744261532,
    "Backend Atlas: multiple choice",
    fields=[
        {"name": n}
        for n in ("Prompt", "Choices", "Key", "Explanation", "Concept", "Category", "Summary")
    ],
    templates=[
        {
            "name": "Multiple choice",
            "qfmt": '<div class="atlas-prompt">{{Prompt}}</div>{{Choices}}',
            "afmt": '{{FrontSide}}<hr id="answer"><div class="atlas-key">{{Key}}</div>'
            '{{#Explanation}}<div class="atlas-explanation">{{Explanation}}</div>{{/Explanation}}'
            + _CONCEPT_BLOCK,
        }
    ],
    css=_CSS,
)


class AnkiError(Exception):
    """Nothing to export (a pack without questions); no file was written."""


@dataclass(frozen=True)
class AnkiExport:
    path: Path
    deck: str
    recall: int
    choice: int

    @property
    def notes(self) -> int:
        return self.recall + self.choice


def note_guid(question_id: str) -> str:
    """The note's GUID, from the question id alone: a newer export updates the same notes."""
    return str(genanki.guid_for("backend-atlas", question_id))


def anki_tag(text: str) -> str:
    """`text` as one Anki tag: no spaces, quotes or control characters, no `::` hierarchy."""
    return re.sub(r'[\s"\x00-\x1f\x7f]+|::', "_", nfc(text)).strip("_") or "_"


def deck_for(root: str) -> tuple[int, str]:
    """(deck id, deck name) for the pack at `root`: the same pack gives the same deck."""
    resolved = Path(root).resolve()
    name = "Backend Atlas"
    if resolved != bundled_pack_dir().resolve():
        name += "::" + (nfc(resolved.name) or "pack").replace("::", "_")
    number = int.from_bytes(hashlib.sha256(f"backend-atlas deck\0{name}".encode()).digest()[:4])
    return (1 << 30) + number % (1 << 30), name


def _pick(text: Text, lang: str, render: Callable[[str], str]) -> str:
    """`text` in `lang`, or for `both` Korean then English (once when they are the same)."""
    if lang != "both":
        return f'<div lang="{lang}">{render(text.get(lang))}</div>'
    ko, en = text.get("ko"), text.get("en")
    if ko == en:
        return render(ko)
    return f'<div lang="ko">{render(ko)}</div><div class="atlas-en" lang="en">{render(en)}</div>'


def _markdown(text: str) -> str:
    # Raw HTML off, only http(s) links: a pack's text cannot add script to a card.
    return render_markdown(text).strip()


def _plain(text: str) -> str:
    return html.escape(text, quote=False)


def _summary(body: str) -> str:
    """The body's first paragraph, without links (Markdown, wikilinks or bare URLs)."""
    lines: list[str] = []
    for _index, line, prose in prose_lines(body):
        stripped = line.strip()
        if lines and (not prose or not stripped or stripped.startswith("#")):
            break
        if prose and stripped and not stripped.startswith(("#", "![", "|")):
            lines.append(stripped)
    text = " ".join(lines)
    if len(text) > _SUMMARY_CHARS:
        text = text[:_SUMMARY_CHARS].rsplit(" ", 1)[0] + " …"
    return re.sub(r"</?a\b[^>]*>", "", _markdown(text))


class _Cards:
    """Field values for one pack and language."""

    def __init__(self, store: ContentStore, lang: str) -> None:
        self.lang = lang
        self.concepts: dict[str, ConceptSummary] = {s.id: s for s in store.summaries()}
        self.categories: dict[str, Category] = {c.id: c for c in store.categories()}
        self.bodies = store.bodies()
        self._summaries: dict[str, str] = {}

    def concept_fields(self, concept_id: str) -> list[str]:
        concept = self.concepts[concept_id]
        category = self.categories.get(concept.category)
        if concept_id not in self._summaries:
            body = self.bodies.get(concept_id, Text("", ""))
            self._summaries[concept_id] = _pick(body, self.lang, _summary)
        return [
            _pick(concept.title, self.lang, _plain),
            _pick(category.title, self.lang, _plain) if category else "",
            self._summaries[concept_id],
        ]

    def tags(self, question: Question) -> list[str]:
        concept = self.concepts[question.concept_id]
        return list(dict.fromkeys([anki_tag(concept.category), anki_tag(concept.id)]))

    def recall(self, q: Question) -> genanki.Note:
        points = "".join(f"<li>{_pick(p.text, self.lang, _plain)}</li>" for p in q.points)
        fields = [
            _pick(q.prompt, self.lang, _markdown),
            _pick(q.answer, self.lang, _markdown) if q.answer else "",
            f"<ul>{points}</ul>" if points else "",
            *self.concept_fields(q.concept_id),
        ]
        return genanki.Note(RECALL_MODEL, fields, tags=self.tags(q), guid=note_guid(q.id))

    def choice(self, q: Question) -> genanki.Note:
        items = "".join(f"<li>{_pick(c, self.lang, _markdown)}</li>" for c in q.choices)
        correct = q.correct if q.correct is not None else 0
        letter = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"[correct % 26]
        key = f"{letter}. " + _pick(q.choices[correct], self.lang, _markdown)
        explanation = q.explanation or q.answer
        fields = [
            _pick(q.prompt, self.lang, _markdown),
            f'<ol class="atlas-choices" type="A">{items}</ol>',
            key,
            _pick(explanation, self.lang, _markdown) if explanation else "",
            *self.concept_fields(q.concept_id),
        ]
        return genanki.Note(CHOICE_MODEL, fields, tags=self.tags(q), guid=note_guid(q.id))


def export_anki(
    store: ContentStore,
    target: Path,
    lang: str = "both",
    timestamp: float | None = None,
    pack_dir: str | os.PathLike[str] | None = None,
) -> AnkiExport:
    """Write every question of `store` to `target` as an Anki package, atomically.

    The deck is named after `pack_dir` (default: the folder the store was built from).
    """
    if lang not in ANKI_LANGS:
        raise ValueError(f"lang must be one of {ANKI_LANGS}, got {lang!r}")
    deck_id, name = deck_for(str(pack_dir) if pack_dir is not None else store.root)
    cards = _Cards(store, lang)
    deck = genanki.Deck(deck_id, name, description="Backend Atlas interview questions")
    counts = {"recall": 0, "choice": 0}
    for question in store.questions():
        if question.concept_id not in cards.concepts:
            continue
        if question.kind == "choice" and question.choices:
            deck.add_note(cards.choice(question))
            counts["choice"] += 1
        else:
            deck.add_note(cards.recall(question))
            counts["recall"] += 1
    if not deck.notes:
        raise AnkiError(f"{store.root}: the pack has no questions; no Anki package was written")
    _write_package(genanki.Package(deck), Path(target), timestamp)
    return AnkiExport(Path(target), name, counts["recall"], counts["choice"])


def _write_package(package: genanki.Package, target: Path, timestamp: float | None) -> None:
    """genanki's collection, zipped to a temporary file that then replaces `target`.

    Package.write_to_file leaves its temporary database behind and writes `target` in
    place; this does the same steps with both cleaned up, so a failed export leaves no
    half-written package and no stray file.
    """
    stamp = time.time() if timestamp is None else timestamp
    with tempfile.TemporaryDirectory(prefix="backend-atlas-anki-") as folder:
        collection = Path(folder) / "collection.anki2"
        conn = sqlite3.connect(collection)
        try:
            package.write_to_db(conn.cursor(), stamp, itertools.count(int(stamp * 1000)))
            conn.commit()
        finally:
            conn.close()
        with (
            replacing(target, durable=False) as partial,
            zipfile.ZipFile(partial, "w", zipfile.ZIP_DEFLATED) as archive,
        ):
            archive.write(collection, "collection.anki2")
            archive.writestr("media", "{}")  # no media: everything is in the notes
