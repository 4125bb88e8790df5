"""Mock interviews: follow-ups along the graph, and every graded answer kept, even through kill -9."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from app.core.graph import build_graph
from app.core.interview import GOOD_STREAK, InterviewPicker, linked, picker_for, weakness
from app.core.progress import InterviewAnswer, ProgressStore
from app.core.store import ContentStore
from tests.conftest import ROOT

NOW = datetime(2025, 3, 1, 9, 0, tzinfo=UTC)


@pytest.fixture(scope="module")
def bundled(bundled_db: Path):
    store = ContentStore(bundled_db)
    yield store, build_graph(store.summaries(), store.links())
    store.close()


def _session(
    picker: InterviewPicker, rng: random.Random, length: int = 10
) -> list[tuple[str, int]]:
    """(concept, rating) per question of one interview with random grades."""
    asked, item = [], picker.first()
    while item is not None and len(asked) < length:
        rating = rng.choice([1, 2, 3, 3, 4])
        asked.append((item.concept_id, rating))
        item = picker.next(rating)
    return asked


def test_follow_ups_stay_on_the_concept_or_a_linked_one(bundled) -> None:
    store, graph = bundled
    rng = random.Random(11)
    pairs = followed = 0
    for seed in range(60):
        picker = picker_for(store, graph, None, random.Random(seed))
        asked = _session(picker, rng)
        assert len(asked) == 10
        assert len({c for c, _r in asked}) > 1
        for (before, _r), (after, _r2) in zip(asked, asked[1:], strict=False):
            pairs += 1
            followed += after == before or after in linked(graph, before)
    assert followed / pairs >= 0.4, followed / pairs


def test_a_miss_or_a_good_streak_moves_to_another_area(bundled) -> None:
    store, graph = bundled
    misses = streaks = 0
    for seed in range(30):
        picker = picker_for(store, graph, None, random.Random(seed))
        item = picker.first()
        for step in range(12):
            area = picker.thread.category
            rating = 1 if step % 5 == 4 else 3
            ends_streak = rating == 3 and picker.thread.streak == GOOD_STREAK - 1
            item = picker.next(rating)
            if rating == 1 or ends_streak:
                assert graph.nodes[item.concept_id]["category"] != area
                assert picker.thread.streak == 0
                misses += rating == 1
                streaks += ends_streak
    assert misses > 10 and streaks > 10


def test_no_question_is_asked_twice_and_the_end_is_none(bundled) -> None:
    store, graph = bundled
    small = [q for q in picker_for(store, graph, None).by_concept.get("jwt", [])]
    picker = InterviewPicker(small, graph, {}, random.Random(1))
    seen = []
    item = picker.first()
    while item is not None:
        seen.append(item.question_id)
        item = picker.next(3)
    assert sorted(seen) == sorted(i.question_id for i in small) and len(seen) == len(set(seen))


def test_it_starts_where_the_learner_is_weak_or_due(bundled, tmp_path: Path) -> None:
    store, graph = bundled
    need = weakness(graph.nodes, {"redis": 0.9, "jwt": 0.0}, due=["orm"])
    assert need["orm"] > need["jwt"] > need["caching"] > need["redis"]
    with ProgressStore(tmp_path / "p.db") as progress:
        questions = [q for q in store.questions(["orm"]) if q.kind == "recall"]
        progress.record(questions[0].id, "orm", 1, NOW)
        starts = {
            picker_for(store, graph, progress, random.Random(s), NOW + timedelta(days=1))
            .first()
            .concept_id
            for s in range(10)
        }
    assert "orm" in starts


def test_interview_answers_survive_a_restart(tmp_path: Path) -> None:
    path = tmp_path / "progress.db"
    with ProgressStore(path) as progress:
        interview = progress.start_interview(2, 180, NOW)
        first = InterviewAnswer(0, "jwt-what", "jwt", 3, 2, 3, 41.5)
        progress.record_interview_answer(interview, first, NOW)
        progress.record_interview_answer(
            interview, InterviewAnswer(1, "orm-what", "orm", 1, 0, 2, 180.0), NOW
        )
        progress.finish_interview(interview, NOW)
    with ProgressStore(path) as progress:
        assert progress.interview_count() == 1
        answers = progress.interview_answers(interview)
        assert answers[0] == first and [a.rating for a in answers] == [3, 1]
        assert progress.review_count() == 2  # graded into FSRS like any review
        assert progress.card("jwt-what") is not None


def test_kill_9_mid_interview_keeps_every_graded_answer(bundled_db: Path, tmp_path: Path) -> None:
    db = tmp_path / "progress.db"
    worker = subprocess.Popen(
        [sys.executable, "-m", "tests.core.interview_worker", str(db), str(bundled_db), "4"],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        ready = worker.stdout.readline().split()
        assert ready[:1] == ["ready"], worker.stderr.read()
        graded = [worker.stdout.readline().strip() for _ in range(4)]
        assert all(graded), worker.stderr.read()
    finally:
        os.kill(worker.pid, signal.SIGKILL)
        worker.wait(timeout=30)
        worker.stdout.close()
        worker.stderr.close()
    assert worker.returncode == -signal.SIGKILL
    with ProgressStore(db) as progress:
        answers = progress.interview_answers(int(ready[1]))
        assert [a.question_id for a in answers] == graded
        assert [a.rating for a in answers] == [1, 2, 3, 4]
        assert progress.seen_ids() == set(graded)
        assert progress.interview_count() == 0  # never finished: kept, not counted
        assert progress.interview_ids() == [int(ready[1])]
