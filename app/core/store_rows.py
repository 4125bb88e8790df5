"""The content database's tables and the rows a pack makes of them (written by store.py, the one module that talks to content.db)."""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Callable, Iterable, Mapping

from app.core.model import MENTIONS, Concept, Link, Pack, Question, Text

__all__ = ["INDEXES", "Positions", "TABLES", "fold", "pack_rows"]

Positions = Mapping[str, tuple[float, float]]


def _text(value: Text | None) -> tuple[str | None, str | None]:
    return (value.en, value.ko) if value is not None else (None, None)


def fold(text: str) -> str:
    """The form names are stored and searched in: NFC, case-folded, whitespace collapsed."""
    return " ".join(unicodedata.normalize("NFC", text).casefold().split())


#: Every table, created up front so an empty one (a pack with no sources, say) still exists.
TABLES: dict[str, tuple[dict[str, type], str | None]] = {
    "meta": ({"key": str, "value": str}, "key"),
    "categories": ({"id": str, "title_en": str, "title_ko": str, "colour": str, "position": int}, "id"),
    "concepts": ({"id": str, "title_en": str, "title_ko": str, "category": str, "body_en": str,
                  "body_ko": str, "path": str, "position": int, "misconceptions": str}, "id"),
    "aliases": ({"concept_id": str, "alias": str, "position": int}, None),
    "links": ({"source": str, "target": str, "kind": str}, None),
    "questions": ({"id": str, "concept_id": str, "position": int, "kind": str, "prompt_en": str,
                   "prompt_ko": str, "answer_en": str, "answer_ko": str, "choices": str,
                   "correct": int, "explanation_en": str, "explanation_ko": str, "points": str}, "id"),
    "sources": ({"concept_id": str, "position": int, "title": str, "url": str}, None),
    "names": ({"concept_id": str, "name": str, "weight": int}, None),
    "layout": ({"concept_id": str, "x": float, "y": float}, "concept_id"),
}  # fmt: skip
INDEXES = (("aliases", ["concept_id"]), ("links", ["source"]), ("links", ["target"]),
            ("questions", ["concept_id"]), ("sources", ["concept_id"]), ("names", ["concept_id"]),
            ("names", ["name"]),  # search reads a name equal to the query first
            # Covering: the graph's reads (summaries, the export's nodes) never touch the
            # table, whose leaf pages carry the start of every body (10k concepts: 15 -> 5 ms).
            ("concepts", ["position", "id", "title_en", "title_ko", "category"]))  # fmt: skip


def pack_rows(
    pack: Pack, positions: Positions | Callable[[], Positions]
) -> dict[str, Iterable[tuple[object, ...]]]:
    """Each table's rows for `pack`, made as they are written (the layout's last). A row is
    a tuple of the table's columns in TABLES order: sqlite3 binds a tuple by position, where a
    dict costs a name lookup per column (20k question rows x 13 columns at 10k concepts)."""
    concepts = pack.concepts
    return {
        "meta": [("digest", pack.digest), ("root", pack.root)],
        "categories": ((c.id, c.title.en, c.title.ko, c.colour, i) for i, c in enumerate(pack.categories)),
        "concepts": ((c.id, c.title.en, c.title.ko, c.category, c.body.en, c.body.ko, c.path, i,
                      _json_list([[m.en, m.ko] for m in c.misconceptions]))
                     for i, c in enumerate(concepts)),
        "aliases": ((c.id, a, i) for c in concepts for i, a in enumerate(c.aliases)),
        "links": ((link.source, link.target, link.kind) for c in concepts
                  for link in (*c.links, *(Link(c.id, m, MENTIONS) for m in c.mentions))),
        "questions": (_question_row(q, i) for c in concepts for i, q in enumerate(c.questions)),
        "sources": ((c.id, i, s.title, s.url) for c in concepts for i, s in enumerate(c.sources)),
        "names": ((c.id, fold(name), weight) for c in concepts for name, weight in _names(c)),
        "layout": _layout_rows(positions),
    }  # fmt: skip


def _layout_rows(positions: Positions | Callable[[], Positions]) -> Iterable[tuple[object, ...]]:
    """The layout table's rows, asking a callable `positions` only when the first is wanted."""
    found = positions() if callable(positions) else positions
    for cid, (x, y) in found.items():
        yield cid, x, y


def _names(concept: Concept) -> Iterable[tuple[str, int]]:
    """Every name a concept is found by, with its weight: titles 3, aliases 2, id 1."""
    yield concept.title.en, 3
    yield concept.title.ko, 3
    for alias in concept.aliases:
        yield alias, 2
    yield concept.id, 1


_encode = json.JSONEncoder(ensure_ascii=False).encode  # json.dumps's work, without its set-up


def _json_list(items: list[object]) -> str:
    """A list column's JSON text; most lists are empty (40k of a 10k build's 50k)."""
    return _encode(items) if items else "[]"


def _question_row(q: Question, position: int) -> tuple[object, ...]:
    answer_en, answer_ko = _text(q.answer)
    explanation_en, explanation_ko = _text(q.explanation)
    return (
        q.id, q.concept_id, position, q.kind, q.prompt.en, q.prompt.ko, answer_en, answer_ko,
        _json_list([[c.en, c.ko] for c in q.choices]),
        q.correct, explanation_en, explanation_ko,
        _json_list([[p.text.en, p.text.ko, list(p.keywords)] for p in q.points]),
    )  # fmt: skip
