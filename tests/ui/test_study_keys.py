"""The window counts due reviews and mastery over the same questions the quiz knows."""

from __future__ import annotations

from app.core.graph import build_graph
from app.core.quiz import question_ids_by_concept
from app.core.store import ContentStore
from app.ui.study import _QuestionKeys


def test_question_ids_from_keys_equal_those_from_questions(mini_store: ContentStore) -> None:
    graph = build_graph(mini_store.summaries(), mini_store.links())
    expected = question_ids_by_concept(mini_store, graph)
    assert any(len(ids) > 1 for ids in expected.values())
    assert question_ids_by_concept(_QuestionKeys(mini_store), graph) == expected  # type: ignore[arg-type]
