"""Mastery of a concept: how much of it you will still know, over every question it is asked by.

A question's *strength* is 0 until it is answered, and 0 again while its latest answer was
Again (the memory is not there now). Otherwise it is how long FSRS expects the memory to
last, as a share of three weeks, times the chance of recalling it today:

    strength = min(1, stability / 21 days) × retrievability(now)

FSRS's stability is the number of days after which recall drops to 90%, so it only grows
with successful reviews spread over days: one Good answer gives about 2.3 days (0.11),
and many answers on one day cannot take it much further. Three weeks is when Anki calls a
card *mature* and when the statistics count a question as mastered.

A concept's mastery is the mean strength of *all* its questions, the unanswered ones
included, so one answer to one of four questions is at most a quarter of it. A concept
with no answered question has no mastery yet (None), which the UI shows as "not studied".
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime

from fsrs import Card, Rating, Scheduler

__all__ = ["MASTERY_DAYS", "question_strength", "concept_mastery"]

#: Stability (days) at which a question counts fully: Anki's "mature", the stats' "mastered".
MASTERY_DAYS = 21.0

_SCHEDULER = Scheduler()


def question_strength(card: Card | None, last_rating: int | None, now: datetime) -> float:
    """0–1: how lasting the memory of one question is at `now` (see the module docstring)."""
    if card is None or card.stability is None or last_rating in (None, Rating.Again):
        return 0.0
    recall = _SCHEDULER.get_card_retrievability(card, now)
    return min(1.0, card.stability / MASTERY_DAYS) * max(0.0, min(1.0, recall))


def concept_mastery(
    answered: Mapping[str, tuple[Card, int | None]],
    questions_by_concept: Mapping[str, Iterable[str]],
    now: datetime,
) -> dict[str, float | None]:
    """Per concept, the mean strength over all its questions; None when none is answered.

    `answered`: question id -> (its FSRS card, the rating of its latest answer).
    """
    result: dict[str, float | None] = {}
    for concept_id, question_ids in questions_by_concept.items():
        ids = list(dict.fromkeys(question_ids))
        if not any(q in answered for q in ids):
            result[concept_id] = None
            continue
        total = sum(question_strength(*answered[q], now) for q in ids if q in answered)
        result[concept_id] = total / len(ids)
    return result
