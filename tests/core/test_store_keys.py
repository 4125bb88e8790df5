"""Light reads of the content store agree with the full ones they stand in for."""

from __future__ import annotations

from app.core.store import ContentStore


def test_question_keys_are_every_question_in_order(mini_store: ContentStore) -> None:
    full = [(q.concept_id, q.id) for q in mini_store.questions()]
    assert full and mini_store.question_keys() == full
