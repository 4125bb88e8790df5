"""Honest mastery: every question counts, Again leaves it near 0, only lasting memory reaches 100%."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from fsrs import Card, Rating, Scheduler

from app.core.mastery import MASTERY_DAYS, concept_mastery, question_strength
from app.core.progress import ProgressStore

NOW = datetime(2025, 3, 1, 9, 0, tzinfo=UTC)
SCHEDULER = Scheduler(enable_fuzzing=False)


def _review(card: Card, rating: int, at: datetime) -> Card:
    return SCHEDULER.review_card(card, Rating(rating), at)[0]


def _history(rng: random.Random, length: int) -> tuple[Card, int, datetime]:
    """A random answer history of one question: its card, latest rating and time."""
    card, at, rating = Card(), NOW, 0
    for _ in range(length):
        at += timedelta(minutes=rng.choice([1, 10, 60 * 20, 60 * 24 * rng.randint(1, 40)]))
        rating = rng.choice([1, 2, 3, 3, 3, 4])
        card = _review(card, rating, at)
    return card, rating, at


def test_a_good_review_never_lowers_mastery() -> None:
    rng = random.Random(13)
    for _ in range(400):
        card, rating, at = _history(rng, rng.randint(0, 12))
        later = at + timedelta(minutes=rng.choice([1, 30, 60 * 24 * rng.randint(1, 90)]))
        before = question_strength(card, rating or None, later)
        for success in (2, 3, 4):
            after = question_strength(_review(card, success, later), success, later)
            assert after >= before - 1e-12, (card, success)


def test_unanswered_questions_count_zero_so_never_100_percent() -> None:
    rng = random.Random(29)
    for _ in range(300):
        n = rng.randint(2, 8)
        ids = [f"q{i}" for i in range(n)]
        answered_ids = rng.sample(ids, rng.randint(1, n - 1))
        answered, latest = {}, NOW
        for qid in answered_ids:
            card, rating, at = _history(rng, rng.randint(1, 15))
            answered[qid] = (card, rating)
            latest = max(latest, at)
        value = concept_mastery(answered, {"c": ids}, latest)["c"]
        assert value is not None
        assert 0.0 <= value <= len(answered_ids) / n < 1.0


def test_again_leaves_the_concept_near_zero() -> None:
    rng = random.Random(41)
    for _ in range(200):
        card, _rating, at = _history(rng, rng.randint(0, 15))
        lapsed = _review(card, 1, at + timedelta(days=rng.randint(0, 60)))
        assert question_strength(lapsed, 1, lapsed.last_review) == 0.0
        assert concept_mastery({"q": (lapsed, 1)}, {"c": ["q"]}, NOW + timedelta(days=400)) == {
            "c": 0.0
        }


@pytest.mark.parametrize("n", [1, 2, 4, 7])
def test_one_good_answer_of_n_questions_is_at_most_a_nth(n: int) -> None:
    card = _review(Card(), 3, NOW)
    ids = [f"q{i}" for i in range(n)]
    value = concept_mastery({"q0": (card, 3)}, {"c": ids}, NOW)["c"]
    assert value is not None and 0 < value <= 1 / n
    assert value < 0.2  # one answer is not lasting memory, whatever n is


def test_only_reviews_spread_over_days_approach_100_percent() -> None:
    crammed, at = Card(), NOW
    for _ in range(30):  # thirty Good answers in one afternoon
        crammed = _review(crammed, 3, at)
        at += timedelta(minutes=5)
    assert question_strength(crammed, 3, at) < 0.2
    spaced, at = Card(), NOW
    days = 0
    for _ in range(12):  # Good every time it comes due
        at = max(at, spaced.due)
        spaced = _review(spaced, 3, at)
        days = (at - NOW).days
    assert days > 30
    assert question_strength(spaced, 3, at) >= 0.95
    assert spaced.stability >= MASTERY_DAYS
    # Memory fades: the same card a year without review is worth less.
    assert question_strength(spaced, 3, at + timedelta(days=365)) < question_strength(spaced, 3, at)


def test_the_store_uses_the_same_number(tmp_path: Path) -> None:
    with ProgressStore(tmp_path / "progress.db") as progress:
        progress.record("q1", "a", 3, NOW)
        progress.record("q2", "a", 3, NOW)
        progress.record("q2", "a", 1, NOW + timedelta(minutes=1))  # latest answer: Again
        mastery = progress.mastery({"a": ["q1", "q2", "unseen", "q1"], "b": ["x"]}, NOW)
        card = progress.card("q1")
        assert progress.last_ratings() == {"q1": 3, "q2": 1}
    assert mastery["b"] is None
    assert mastery["a"] == pytest.approx(question_strength(card, 3, NOW) / 3)
    assert 0 < mastery["a"] < 0.05
