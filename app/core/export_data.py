"""What an HTML export embeds: script-safe JSON, and concepts with bodies as allow-listed trees."""

from __future__ import annotations

import json
import os
import sqlite3
from collections.abc import Callable, Iterable, Mapping
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import networkx as nx

from app.core.graph import RELATIONS, relations_of
from app.core.markup import is_safe_url, render_markdown
from app.core.model import Question, Text
from app.core.store import ContentStore

__all__ = ["ALLOWED_TAGS", "script_json", "body_tree", "concept_records", "load_mastery"]

#: Every element a body tree may hold; the page's renderer enforces the same list.
ALLOWED_TAGS = frozenset({
    "p", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "strong", "em", "code", "pre",
    "blockquote", "a", "table", "thead", "tbody", "tr", "th", "td", "hr", "br", "s", "del",
})  # fmt: skip
_VOID = frozenset({"hr", "br"})
#: Inside these, whitespace-only text is layout noise from the renderer, not content.
_CONTAINERS = frozenset({"", "ul", "ol", "table", "thead", "tbody", "tr", "blockquote"})

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


#: A body tree: a list of children, each a string or [tag, children] / [tag, children, attrs].
Tree = list[Any]


class _TreeBuilder(HTMLParser):
    """Turns markdown-it's output into nested lists, keeping only allow-listed tags and attributes."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root: Tree = []
        self._stack: list[tuple[str, list[Any]]] = [("", self.root)]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in ALLOWED_TAGS:
            return  # the element goes, its text stays (markdown-it with html off emits none)
        found = dict(attrs)
        kept: dict[str, Any] = {}
        href = (found.get("href") or "").strip()
        if tag == "a" and href and is_safe_url(href):
            kept["href"] = href
        start = found.get("start") or ""
        if tag == "ol" and start.isdigit():
            kept["start"] = int(start)
        children: list[Any] = []
        self._stack[-1][1].append([tag, children, kept] if kept else [tag, children])
        if tag not in _VOID:
            self._stack.append((tag, children))

    def handle_endtag(self, tag: str) -> None:
        for depth in range(len(self._stack) - 1, 0, -1):
            if self._stack[depth][0] == tag:
                del self._stack[depth:]
                return

    def handle_data(self, data: str) -> None:
        parent, children = self._stack[-1]
        if parent in _CONTAINERS and not data.strip():
            return
        if children and isinstance(children[-1], str):
            children[-1] += data
        else:
            children.append(data)


def body_tree(markdown: str, title_of: Callable[[str], str | None] = lambda _id: None) -> Tree:
    """A body as a tree the page builds with DOM calls, never with an HTML parser."""
    builder = _TreeBuilder()
    builder.feed(render_markdown(markdown, title_of))
    builder.close()
    return builder.root


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
    """Everything the panel shows for each of `ids`; relations only among the exported ids."""
    wanted = list(ids)
    titles = {cid: data["title"] for cid, data in graph.nodes(data=True)}
    all_titles = {s.id: s.title for s in store.summaries()}
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
            "body": [
                body_tree(body.en, lambda t: _title(all_titles, t, "en")),
                body_tree(body.ko, lambda t: _title(all_titles, t, "ko")),
            ],
            "relations": [
                [order[(rel.kind, rel.outgoing)], targets]
                for rel, targets in relations_of(graph, cid)
            ],
            "questions": questions.get(cid, []),
        }
        records[cid] = record
    _add_extras(store, records)
    return records


def _title(titles: Mapping[str, Text], concept_id: str, lang: str) -> str | None:
    title = titles.get(concept_id)
    return title.get(lang) if title is not None else None


def _add_extras(store: ContentStore, records: dict[str, dict[str, Any]]) -> None:
    """Sources and misconceptions, which only the one-concept read returns."""
    for cid, record in records.items():
        concept = store.concept(cid)
        if concept is None:
            continue
        if concept.sources:
            record["sources"] = [[s.title, s.url] for s in concept.sources]
        if concept.misconceptions:
            record["misconceptions"] = [_pair(m) for m in concept.misconceptions]


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
