"""Checks across a pack's files: duplicate ids, link targets, wikilinks, question ids, cycles."""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, replace

from app.core.findings import Finding, Report, msg, suggest
from app.core.model import Category, Concept, Link, Question, Source, Text

__all__ = ["ID_RE", "Draft", "cross_check", "rough_cited"]

#: A concept, question or category id: kebab-case ASCII.
ID_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


def _fold(identifier: str) -> str:
    """The form in which two ids count as the same: NFC, case-folded, no format characters."""
    text = unicodedata.normalize("NFC", identifier).casefold()
    return "".join(ch for ch in text if unicodedata.category(ch) != "Cf")


@dataclass
class Draft:
    """A concept file read on its own, before cross-file checks."""

    rel: str
    report: Report
    id: str
    id_line: int
    title: Text
    category: str
    category_line: int
    body: Text
    aliases: tuple[str, ...]
    links: list[tuple[int, str, str]]  # (line, target, kind)
    wikilinks: list[tuple[int, str]]  # (file line, target)
    sources: tuple[Source, ...]
    questions: list[tuple[int, Question]]
    misconceptions: tuple[Text, ...]
    #: Read by the fast front-matter reader: right in every value, but its front-matter
    #: lines are not known (0). `rough_cited` says when they must be read exactly.
    rough: bool = False


def cross_check(drafts: list[Draft], categories: list[Category]) -> list[Concept]:
    category_ids = [c.id for c in categories]
    by_id: dict[str, Draft] = {}
    valid: list[Draft] = []
    for draft in drafts:
        report = draft.report
        if not ID_RE.match(draft.id):
            report.error(
                draft.id_line - 1,
                msg("concept_id_case", id=draft.id),
            )
            continue
        # The id matched ID_RE, lower-case ASCII, so it is its own folded form (_fold).
        if draft.id in by_id:
            first = by_id[draft.id]
            report.error(
                draft.id_line - 1,
                msg("concept_duplicate", id=draft.id, other=f"{first.report.path}:{first.id_line}"),
            )
            continue
        by_id[draft.id] = draft
        if draft.category not in category_ids:
            report.error(
                draft.category_line - 1,
                msg(
                    "category_unknown",
                    category=draft.category,
                    hint=suggest(draft.category, category_ids),
                ),
            )
            continue
        valid.append(draft)

    question_ids: dict[str, str] = {}
    concepts: list[Concept] = []
    prerequisites: list[tuple[str, str]] = []
    link_lines: dict[tuple[str, str], tuple[Draft, int]] = {}
    known = list(by_id)
    for draft in valid:
        report = draft.report
        links: list[Link] = []
        seen_links: set[tuple[str, str]] = set()
        for line, target, kind in draft.links:
            if target == draft.id:
                report.error(line - 1, msg("link_to_self", id=draft.id))
                continue
            if target not in by_id:
                report.error(
                    line - 1,
                    msg("link_target_unknown", target=target, hint=suggest(target, known)),
                )
                continue
            if (target, kind) in seen_links:
                report.warning(line - 1, msg("link_duplicate", target=target, kind=kind))
                continue
            seen_links.add((target, kind))
            links.append(Link(draft.id, target, kind))
            if kind == "prerequisite-of":
                prerequisites.append((draft.id, target))
                link_lines[(draft.id, target)] = (draft, line)
        mentions: list[str] = []
        for line, target in draft.wikilinks:
            if target == draft.id:
                continue
            if target not in by_id:
                report.error(
                    line - 1, msg("wikilink_unknown", target=target, hint=suggest(target, known))
                )
                continue
            if target not in mentions:
                mentions.append(target)
        questions: list[Question] = []
        for line, question in draft.questions:
            if question.id in question_ids:
                report.error(
                    line - 1,
                    msg("question_duplicate", id=question.id, other=question_ids[question.id]),
                )
                continue
            question_ids[question.id] = report.path
            if question.concept_id != draft.id:  # read before the id was known
                question = replace(question, concept_id=draft.id)
            questions.append(question)
        concepts.append(
            Concept(
                id=draft.id,
                title=draft.title,
                category=draft.category,
                body=draft.body,
                aliases=draft.aliases,
                links=tuple(links),
                mentions=tuple(mentions),
                sources=draft.sources,
                questions=tuple(questions),
                misconceptions=draft.misconceptions,
                path=draft.rel,
            )
        )
    _report_cycles(prerequisites, link_lines)
    return concepts


def _report_cycles(
    edges: list[tuple[str, str]], link_lines: dict[tuple[str, str], tuple[Draft, int]]
) -> None:
    if not edges:
        return
    # Imported here: the workers that read a big pack's files import this module for Draft,
    # and networkx would add 0.15 s to each one's start.
    import networkx as nx

    graph = nx.DiGraph(edges)
    for component in nx.strongly_connected_components(graph):
        if len(component) < 2:
            continue
        start = min(component)
        cycle = nx.find_cycle(graph.subgraph(component), source=start)
        names = [edge[0] for edge in cycle] + [cycle[0][0]]
        draft, line = link_lines[(cycle[0][0], cycle[0][1])]
        draft.report.error(line - 1, msg("prerequisite_cycle", cycle=" → ".join(names)))


def rough_cited(drafts: list[Draft], found: list[Finding]) -> list[Draft]:
    """The rough drafts whose lines `found` (cross_check's findings) may carry: those of the
    files it names, and every draft of a duplicated id (the message cites the first one)."""
    if not found or not any(d.rough for d in drafts):
        return []
    named = {f.path for f in found}
    keys = [_fold(draft.id) for draft in drafts]
    shared = Counter(keys)
    return [
        draft
        for draft, key in zip(drafts, keys, strict=True)
        if draft.rough and (draft.report.path in named or shared[key] > 1)
    ]
