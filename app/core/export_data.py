"""What an HTML export embeds: script-safe JSON, and concepts with bodies as Markdown source."""

from __future__ import annotations

import json
import os
import sqlite3
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import networkx as nx

from app.core.graph import RELATIONS, relations_of
from app.core.markup import resolve_wikilinks
from app.core.model import Question, Text
from app.core.store import ContentStore

__all__ = ["script_json", "concept_records", "load_mastery"]

# Chained `str.replace` is several times faster than `str.translate` on a 40 MB page.
_SCRIPT_ESCAPES = (
    ("<", "\\u003c"),
    (">", "\\u003e"),
    ("&", "\\u0026"),
    ("\u2028", "\\u2028"),
    ("\u2029", "\\u2029"),
)


def script_json(value: Any) -> str:
    """Sorted, compact JSON that cannot end a `<script>` element or break a JS string."""
    text = json.dumps(
        value, ensure_ascii=False, sort_keys=True, separators=(",", ":"), allow_nan=False
    )
    # `<`, `>` and `&` only occur inside JSON strings, where `\u003c` means the same thing.
    for raw, escaped in _SCRIPT_ESCAPES:
        text = text.replace(raw, escaped)
    return text


def _pair(text: Text | None) -> list[str] | None:
    return None if text is None else [text.en, text.ko]


def _question(question: Question) -> dict[str, Any]:
    record: dict[str, Any] = {"kind": question.kind, "prompt": _pair(question.prompt)}
    if question.answer is not None:
        record["answer"] = _pair(question.answer)
    if question.choices:
        record["choices"] = [_pair(c) for c in question.choices]
        record["correct"] = question.correct
    if question.explanation is not None:
        record["explanation"] = _pair(question.explanation)
    return record


def concept_records(
    store: ContentStore, graph: nx.MultiDiGraph, ids: Iterable[str]
) -> dict[str, dict[str, Any]]:
    """Everything the panel shows for each of `ids`; relations only among the exported ids.

    Bodies stay Markdown, with wikilinks resolved against every concept in the store (a link
    to a concept outside a local export is dropped by the page); the page renders a body
    only when it is shown, through its own allow-listed token-to-DOM builder.
    """
    wanted = list(ids)
    titles = {cid: data["title"] for cid, data in graph.nodes(data=True)}
    summaries = store.summaries()
    title_en = {s.id: s.title.get("en") for s in summaries}.get
    title_ko = {s.id: s.title.get("ko") for s in summaries}.get
    bodies = store.bodies()
    aliases = store.aliases()
    order = {key: index for index, key in enumerate(RELATIONS)}
    questions: dict[str, list[dict[str, Any]]] = {}
    for question in store.questions(wanted):
        questions.setdefault(question.concept_id, []).append(_question(question))
    records: dict[str, dict[str, Any]] = {}
    for cid in wanted:
        body = bodies[cid]
        record: dict[str, Any] = {
            "title": _pair(titles[cid]),
            "category": graph.nodes[cid]["category"],
            "aliases": aliases.get(cid, []),
            "body": [resolve_wikilinks(body.en, title_en), resolve_wikilinks(body.ko, title_ko)],
            "relations": [
                [order[(rel.kind, rel.outgoing)], targets]
                for rel, targets in relations_of(graph, cid)
            ],
            "questions": questions.get(cid, []),
        }
        records[cid] = record
    _add_extras(store, records)
    return records


def _add_extras(store: ContentStore, records: dict[str, dict[str, Any]]) -> None:
    """Sources and misconceptions, read for all concepts at once."""
    sources = store.sources()
    misconceptions = store.misconceptions()
    for cid, record in records.items():
        if sources.get(cid):
            record["sources"] = [[s.title, s.url] for s in sources[cid]]
        if misconceptions.get(cid):
            record["misconceptions"] = [_pair(m) for m in misconceptions[cid]]


def load_mastery(
    store: ContentStore, progress_db: str | os.PathLike[str] | None, ids: Iterable[str]
) -> dict[str, float] | None:
    """Mastery (0–1, FSRS recall now) per exported concept the user has studied, else None."""
    if progress_db is None or not Path(progress_db).is_file():
        return None
    try:
        from app.core.progress import ProgressError, ProgressStore
    except ImportError:  # the export works without the quiz's progress module
        return None
    wanted = set(ids)
    authored = {q.id: q.concept_id for q in store.questions(wanted)}
    try:
        with ProgressStore(progress_db, read_only=True) as progress:
            by_concept: dict[str, list[str]] = {}
            for question_id, concept_id, _card in progress.cards():
                by_concept.setdefault(authored.get(question_id, concept_id), []).append(question_id)
            values = progress.mastery(by_concept)
    except (ProgressError, sqlite3.DatabaseError, OSError):
        return None  # an unreadable progress file must not stop the graph from exporting
    return {
        cid: round(min(max(float(value), 0.0), 1.0), 3)
        for cid, value in sorted(values.items())
        if cid in wanted and isinstance(value, int | float)
    }
