"""Light reads of the content store agree with the full ones they stand in for."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from app.core.pack import load_pack
from app.core.store import ContentStore, build_database
from tests.conftest import MINI_PACK


def test_question_keys_are_every_question_in_order(mini_store: ContentStore) -> None:
    full = [(q.concept_id, q.id) for q in mini_store.questions()]
    assert full and mini_store.question_keys() == full


def test_a_build_tells_each_step_and_a_stop_keeps_the_previous_database(tmp_path: Path) -> None:
    pack = load_pack(MINI_PACK).pack
    assert pack is not None
    db = tmp_path / "content.db"
    steps: list[tuple[int, int]] = []
    build_database(pack, db, progress=lambda done, total: steps.append((done, total)))
    assert steps == [(done, 10) for done in range(1, 11)]  # nine tables, then the indexes
    before = db.read_bytes()

    class Stop(Exception):
        pass

    def stop_at_third(done: int, _total: int) -> None:
        if done == 3:
            raise Stop

    smaller = dataclasses.replace(pack, concepts=pack.concepts[:2])
    with pytest.raises(Stop):
        build_database(smaller, db, progress=stop_at_third)
    assert db.read_bytes() == before  # the previous database, whole
    assert [p.name for p in tmp_path.iterdir()] == ["content.db"]  # and nothing half-written
