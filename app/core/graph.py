"""The concept graph (networkx) and the algorithms the app asks of it."""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable
from dataclasses import dataclass

import networkx as nx

from app.core.model import LINK_KINDS, MENTIONS, SYMMETRIC_KINDS, ConceptSummary, Link, Text

__all__ = [
    "Relation",
    "RELATIONS",
    "build_graph",
    "relations_of",
    "neighbourhood",
    "learning_path",
    "degree",
]


@dataclass(frozen=True)
class Relation:
    """A link seen from one end: its kind, and whether the concept is its source."""

    kind: str
    outgoing: bool
    label: Text


def _relation(kind: str, outgoing: bool, en: str, ko: str) -> tuple[tuple[str, bool], Relation]:
    return (kind, outgoing), Relation(kind, outgoing, Text(en, ko))


#: How each end of each link kind is named in the panel, in display order.
RELATIONS: dict[tuple[str, bool], Relation] = dict(
    [
        _relation("prerequisite-of", False, "Prerequisites", "선행 개념"),
        _relation("prerequisite-of", True, "Leads to", "다음으로 배울 개념"),
        _relation("part-of", True, "Part of", "상위 개념"),
        _relation("part-of", False, "Has parts", "구성 요소"),
        _relation("example-of", True, "Example of", "상위 분류"),
        _relation("example-of", False, "Examples", "예시"),
        _relation("used-for", True, "Used for", "용도"),
        _relation("used-for", False, "Built on", "활용하는 개념"),
        _relation("contrasts-with", True, "Contrasts with", "비교 대상"),
        _relation("related-to", True, "Related", "관련 개념"),
        _relation(MENTIONS, True, "Mentions", "본문에서 언급"),
        _relation(MENTIONS, False, "Mentioned by", "이 개념을 언급하는 글"),
    ]
)


def build_graph(concepts: Iterable[ConceptSummary], links: Iterable[Link]) -> nx.MultiDiGraph:
    """Nodes carry `title` (Text) and `category`; each edge is keyed by its link kind."""
    graph = nx.MultiDiGraph()
    for concept in concepts:
        graph.add_node(concept.id, title=concept.title, category=concept.category)
    for link in links:
        if link.source in graph and link.target in graph:
            graph.add_edge(link.source, link.target, key=link.kind)
    return graph


def relations_of(graph: nx.MultiDiGraph, concept_id: str) -> list[tuple[Relation, list[str]]]:
    """The concept's neighbours grouped by relation, in `RELATIONS` order, each list sorted."""
    groups: dict[tuple[str, bool], list[str]] = {}
    for _source, target, kind in graph.out_edges(concept_id, keys=True):
        groups.setdefault((kind, True), []).append(target)
    for source, _target, kind in graph.in_edges(concept_id, keys=True):
        outgoing = kind in SYMMETRIC_KINDS  # a symmetric link reads the same from both ends
        groups.setdefault((kind, outgoing), []).append(source)
    result = []
    for key, relation in RELATIONS.items():
        if key in groups:
            result.append((relation, sorted(set(groups[key]))))
    return result


def neighbourhood(
    graph: nx.MultiDiGraph, concept_id: str, depth: int, kinds: Iterable[str] = LINK_KINDS
) -> set[str]:
    """Concepts within `depth` links of `concept_id`, in either direction, over `kinds`."""
    if concept_id not in graph:
        return set()
    allowed = set(kinds)
    seen = {concept_id}
    frontier = deque([(concept_id, 0)])
    while frontier:
        node, distance = frontier.popleft()
        if distance == depth:
            continue
        for _s, other, kind in graph.out_edges(node, keys=True):
            if kind in allowed and other not in seen:
                seen.add(other)
                frontier.append((other, distance + 1))
        for other, _t, kind in graph.in_edges(node, keys=True):
            if kind in allowed and other not in seen:
                seen.add(other)
                frontier.append((other, distance + 1))
    return seen


def learning_path(graph: nx.MultiDiGraph, concept_id: str) -> list[str]:
    """Every prerequisite of `concept_id`, transitively, in an order they can be learnt."""
    if concept_id not in graph:
        return []
    prerequisites = nx.DiGraph()
    prerequisites.add_node(concept_id)
    stack = [concept_id]
    while stack:  # walk backwards along prerequisite-of without recursion
        node = stack.pop()
        for source, _t, kind in graph.in_edges(node, keys=True):
            if kind == "prerequisite-of":
                if source not in prerequisites:
                    stack.append(source)
                prerequisites.add_edge(source, node)
    if not nx.is_directed_acyclic_graph(prerequisites):
        return []  # the validator reports cycles; a path through one has no order
    # Foundations first: each generation only needs the ones before it; ties by id.
    order = [
        node
        for generation in nx.topological_generations(prerequisites)
        for node in sorted(generation)
    ]
    return [node for node in order if node != concept_id]


def degree(graph: nx.MultiDiGraph, kinds: Iterable[str] = LINK_KINDS) -> dict[str, int]:
    """Links per concept, counting only `kinds` (mentions excluded by default)."""
    allowed = set(kinds)
    counts = dict.fromkeys(graph.nodes, 0)
    for source, target, kind in graph.edges(keys=True):
        if kind in allowed:
            counts[source] += 1
            counts[target] += 1
    return counts
