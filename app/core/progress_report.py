"""The progress numbers the statistics show: seen, due and mastered, mastery, mock interviews."""

from __future__ import annotations

import os
from datetime import datetime
from pathlib import Path
from typing import Any

from fsrs import Card, State

from app.core.graph import build_graph
from app.core.mastery import MASTERY_DAYS
from app.core.progress import ProgressStore
from app.core.progress_file import utc
from app.core.quiz import is_generated_id, question_ids_by_concept
from app.core.store import ContentStore

__all__ = ["MASTERED_STABILITY_DAYS", "is_mastered", "progress_summary", "category_mastery"]

#: A card counts as mastered once FSRS expects it to be remembered for three weeks (Anki's
#: "mature"): the stability at which a question's share of a concept's mastery is full.
MASTERED_STABILITY_DAYS = MASTERY_DAYS


def is_mastered(card: Card) -> bool:
    """In review, with FSRS stability of three weeks or more."""
    return card.state == State.Review and (card.stability or 0.0) >= MASTERED_STABILITY_DAYS


def progress_summary(
    store: ContentStore, progress_db_path: str | os.PathLike[str], now: datetime | None = None
) -> dict[str, Any] | None:
    """Reviews, seen, due and mastered questions in total and per category, a 14-day forecast,
    mastery per studied concept (0–1, `app.core.mastery`) and the finished mock interviews.

    Counts only questions the pack still has (answers to removed ones are kept, not counted).
    None when there is no progress database yet. Opens it read-only.
    """
    path = Path(progress_db_path)
    if not path.is_file():
        return None
    at = utc(now)
    category_of = {s.id: s.category for s in store.summaries()}
    authored = {q.id: q.concept_id for q in store.questions()}
    per_category = {c.id: {"seen": 0, "mastered": 0, "due": 0} for c in store.categories()}
    with ProgressStore(path, read_only=True) as progress:
        attached: list[str] = []
        totals = {"seen": 0, "mastered": 0, "due": 0}
        for question_id, concept_id, card in progress.cards():
            concept_id = authored.get(question_id, concept_id)
            known = question_id in authored or is_generated_id(question_id)
            if not known or concept_id not in category_of:
                continue
            attached.append(question_id)
            row = per_category.setdefault(
                category_of[concept_id], {"seen": 0, "mastered": 0, "due": 0}
            )
            flags = {"seen": True, "mastered": is_mastered(card), "due": card.due <= at}
            for key, value in flags.items():
                row[key] += value
                totals[key] += value
        graph = build_graph(store.summaries(), store.links())
        mastery = progress.mastery(question_ids_by_concept(store, graph), at)
        return {
            "reviewed": progress.review_count(),
            **totals,
            "detached": len(progress.seen_ids()) - len(attached),
            "categories": per_category,
            "forecast": progress.forecast(14, at, attached),
            "mastery": {
                cid: round(value, 4) for cid, value in mastery.items() if value is not None
            },
            "interviews": progress.interview_count(),
        }


def category_mastery(store: ContentStore, mastery: dict[str, float]) -> dict[str, float]:
    """Per category, the mean mastery of all its concepts; a concept never studied counts 0."""
    totals: dict[str, list[float]] = {c.id: [] for c in store.categories()}
    for summary in store.summaries():
        totals.setdefault(summary.category, []).append(mastery.get(summary.id, 0.0))
    return {cid: sum(values) / len(values) if values else 0.0 for cid, values in totals.items()}
