"""A mock interview: recall questions asked the way an interviewer drills down along the graph.

It starts on a concept from a weak or due area, then follows up: the next question is on
the same concept or one linked to it (prerequisite-of, part-of, used-for, contrasts-with,
either direction), as "you said JWT — how do you revoke one?" leads to refresh tokens. It
moves to another area after a miss (Again) or a streak of good answers, and when the
current thread has nothing left to ask.
"""

from __future__ import annotations

import random
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

import networkx as nx

from app.core.quiz import QuizItem, item_from_question, question_ids_by_concept

if TYPE_CHECKING:
    from app.core.progress import ProgressStore
    from app.core.store import ContentStore

__all__ = [
    "FOLLOW_KINDS",
    "GOOD_STREAK",
    "DEFAULT_QUESTIONS",
    "DEFAULT_SECONDS",
    "InterviewPicker",
    "linked",
    "weakness",
    "picker_for",
]

#: The links an interviewer follows from one answer to the next question.
FOLLOW_KINDS = frozenset({"prerequisite-of", "part-of", "used-for", "contrasts-with"})
#: Good answers in a row after which the interviewer is satisfied and changes the subject.
GOOD_STREAK = 3
DEFAULT_QUESTIONS = 10
DEFAULT_SECONDS = 180


def linked(graph: nx.MultiDiGraph, concept_id: str) -> set[str]:
    """Concepts joined to `concept_id` by a followed link kind, in either direction."""
    if concept_id not in graph:
        return set()
    found = {t for _s, t, k in graph.out_edges(concept_id, keys=True) if k in FOLLOW_KINDS}
    found |= {s for s, _t, k in graph.in_edges(concept_id, keys=True) if k in FOLLOW_KINDS}
    found.discard(concept_id)
    return found


def weakness(
    concept_ids: Iterable[str], mastery: Mapping[str, float | None], due: Iterable[str]
) -> dict[str, float]:
    """How much a concept needs asking, 0–2: a due question adds 1, low mastery up to 1.

    A concept never studied counts as half known: due and weak ones come first, but an
    interview also reaches what was never practised.
    """
    due_concepts = set(due)
    result = {}
    for concept_id in concept_ids:
        value = mastery.get(concept_id)
        known = 0.5 if value is None else value
        result[concept_id] = (1.0 - known) + (1.0 if concept_id in due_concepts else 0.0)
    return result


@dataclass
class _Thread:
    """The area being drilled into: where it started and the good answers in a row."""

    category: str
    streak: int = 0


class InterviewPicker:
    """Chooses each next question from `items` (recall questions), never one twice.

    `need` weighs concepts (see `weakness`); `rng` makes a session repeatable in tests.
    """

    def __init__(
        self,
        items: Iterable[QuizItem],
        graph: nx.MultiDiGraph,
        need: Mapping[str, float],
        rng: random.Random | None = None,
        follow_rate: float = 0.85,
    ) -> None:
        self.graph = graph
        self.need = need
        self.rng = rng or random.Random()
        self.follow_rate = follow_rate
        self.by_concept: dict[str, list[QuizItem]] = {}
        for item in items:
            if item.kind == "recall" and item.concept_id in graph:
                self.by_concept.setdefault(item.concept_id, []).append(item)
        self.asked: set[str] = set()
        self.thread: _Thread | None = None
        self.last: QuizItem | None = None

    def _open(self, concept_id: str) -> list[QuizItem]:
        return [i for i in self.by_concept.get(concept_id, []) if i.question_id not in self.asked]

    def _category(self, concept_id: str) -> str:
        return str(self.graph.nodes[concept_id].get("category", ""))

    def _take(self, concept_id: str) -> QuizItem:
        item = self.rng.choice(self._open(concept_id))
        self.asked.add(item.question_id)
        self.last = item
        return item

    def first(self) -> QuizItem | None:
        """The opening question: on a concept from the neediest area."""
        return self._new_area(avoid=None)

    def _new_area(self, avoid: str | None) -> QuizItem | None:
        open_ids = [c for c in sorted(self.by_concept) if self._open(c)]
        if not open_ids:
            return None
        elsewhere = [c for c in open_ids if self._category(c) != avoid] or open_ids
        # One of the neediest concepts; among equals, chance, so sessions do not start alike.
        top = max(self.need.get(c, 0.5) for c in elsewhere)
        concept_id = self.rng.choice([c for c in elsewhere if self.need.get(c, 0.5) >= top - 0.1])
        self.thread = _Thread(self._category(concept_id))
        return self._take(concept_id)

    def next(self, rating: int) -> QuizItem | None:
        """The question after the last one was graded `rating` (1 Again … 4 Easy)."""
        last, thread = self.last, self.thread
        if last is None or thread is None:
            return self.first()
        thread.streak = thread.streak + 1 if rating >= 3 else 0
        if rating == 1 or thread.streak >= GOOD_STREAK:
            return self._new_area(avoid=thread.category)
        return self.follow_up(last.concept_id) or self._new_area(avoid=thread.category)

    def follow_up(self, concept_id: str) -> QuizItem | None:
        """A question on `concept_id` or a concept linked to it, the needier more likely."""
        if self.rng.random() > self.follow_rate:
            return None
        candidates = [
            c for c in (concept_id, *sorted(linked(self.graph, concept_id))) if self._open(c)
        ]
        if not candidates:
            return None
        weights = [0.2 + self.need.get(c, 0.5) for c in candidates]
        chosen = self.rng.choices(candidates, weights=weights)[0]
        thread = self.thread
        streak = thread.streak if thread is not None else 0
        self.thread = _Thread(self._category(chosen), streak)
        return self._take(chosen)


def picker_for(
    store: ContentStore,
    graph: nx.MultiDiGraph,
    progress: ProgressStore | None,
    rng: random.Random | None = None,
    now: datetime | None = None,
) -> InterviewPicker:
    """A picker over the pack's recall questions, weighed by the learner's progress."""
    items = [item_from_question(q) for q in store.questions() if q.kind == "recall"]
    mastery: Mapping[str, float | None] = {}
    due: set[str] = set()
    if progress is not None:
        mastery = progress.mastery(question_ids_by_concept(store, graph), now)
        due_ids = set(progress.due_ids(now))
        due = {concept for qid, concept, _card in progress.cards() if qid in due_ids}
    return InterviewPicker(items, graph, weakness(graph.nodes, mastery, due), rng)
