"""Progress store: FSRS scheduling, the review log, due/seen/mastery reads, content rebuilds."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
from fsrs import Card, Rating, Scheduler, State

from app.core.content import build_content
from app.core.graph import build_graph
from app.core.mastery import MASTERY_DAYS
from app.core.progress import SCHEMA_VERSION, ProgressStore
from app.core.progress_report import progress_summary
from app.core.quiz import due_items, generated_id, item_by_id, question_ids_by_concept
from app.core.store import ContentStore
from tests.core.quiz_pack import write_pack

NOW = datetime(2025, 3, 1, 9, 0, tzinfo=UTC)


@pytest.fixture
def progress(tmp_path: Path):
    store = ProgressStore(tmp_path / "progress.db")
    yield store
    store.close()


def test_new_database_is_wal_versioned_and_durable(tmp_path: Path) -> None:
    path = tmp_path / "data" / "progress.db"  # the folder is made too
    with ProgressStore(path) as progress:
        assert not progress.read_only
        conn = progress._conn
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert conn.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
        assert conn.execute("PRAGMA busy_timeout").fetchone()[0] >= 5000
    with sqlite3.connect(path) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION


def test_ratings_order_the_next_due_date(tmp_path: Path) -> None:
    dues = {}
    for rating in (1, 2, 3, 4):
        with ProgressStore(tmp_path / f"p{rating}.db") as progress:
            dues[rating] = progress.record("q", "c", rating, NOW).due
    assert dues[1] < dues[2] < dues[3] < dues[4]
    assert dues[1] - NOW == timedelta(minutes=1)  # Again: the first learning step
    assert dues[4] - NOW >= timedelta(days=1)  # Easy graduates a new card at once


def test_scheduling_is_the_fsrs_packages(progress: ProgressStore) -> None:
    # Learning steps are never fuzzed, so the store must agree with fsrs exactly.
    expected, _ = Scheduler().review_card(Card(card_id=1, due=NOW), Rating.Good, NOW)
    card = progress.record("q", "c", 3, NOW)
    assert card.due == expected.due
    assert card.stability == pytest.approx(expected.stability)
    assert progress.card("q").to_dict() == card.to_dict()  # stored as fsrs serialises it


def test_good_answers_space_reviews_further_apart(progress: ProgressStore) -> None:
    at, intervals = NOW, []
    for _ in range(5):
        card = progress.record("q", "c", 3, at)
        intervals.append(card.due - at)
        at = card.due
    assert card.state == State.Review
    assert intervals[-1] > intervals[-2] > timedelta(days=1)
    lapse = progress.record("q", "c", 1, at)
    assert lapse.due - at < timedelta(hours=1)  # Again on a review card: relearn soon
    assert lapse.state == State.Relearning


def test_record_logs_every_answer_in_utc(progress: ProgressStore) -> None:
    seoul = timezone(timedelta(hours=9))
    progress.record("q", "concept-a", 3, NOW.astimezone(seoul), duration_ms=4200)
    progress.record("q", "concept-a", 4, NOW + timedelta(days=2))
    rows = progress._conn.execute(
        "SELECT question_id, concept_id, rating, reviewed_at, duration_ms FROM reviews ORDER BY id"
    ).fetchall()
    assert rows == [
        ("q", "concept-a", 3, NOW.timestamp(), 4200),
        ("q", "concept-a", 4, (NOW + timedelta(days=2)).timestamp(), None),
    ]
    assert progress.card("q").last_review == NOW + timedelta(days=2)
    assert progress.review_count() == 2


def test_record_is_one_transaction(progress: ProgressStore, monkeypatch) -> None:
    def broken(self: Card, indent: int | None = None) -> str:
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(Card, "to_json", broken)
    with pytest.raises(RuntimeError):
        progress.record("q", "c", 3, NOW)
    monkeypatch.undo()
    assert progress.review_count() == 0  # the log row went with the failed card write
    assert progress.seen_ids() == set()
    progress.record("q", "c", 3, NOW)  # and the connection is usable afterwards
    assert progress.review_count() == 1


@pytest.mark.parametrize("rating", [0, 5, "3", None])
def test_bad_ratings_are_refused(progress: ProgressStore, rating) -> None:
    with pytest.raises(ValueError, match="rating"):
        progress.record("q", "c", rating, NOW)


def test_naive_times_are_refused(progress: ProgressStore) -> None:
    with pytest.raises(ValueError, match="timezone"):
        progress.record("q", "c", 3, datetime(2025, 1, 1))


def test_preview_gives_the_interval_of_each_grade(progress: ProgressStore) -> None:
    fresh = progress.preview("q", NOW)
    assert list(fresh) == [1, 2, 3, 4]
    assert fresh[1] < fresh[2] < fresh[3] < fresh[4]
    assert progress.review_count() == 0  # a preview writes nothing
    card = progress.record("q", "c", 3, NOW)
    assert card.due - NOW == fresh[3]  # learning steps: no fuzz, preview is exact
    later = progress.preview("q", card.due)
    assert later[3] > fresh[3]


def test_due_seen_and_forecast(progress: ProgressStore) -> None:
    progress.record("again", "c", 1, NOW)  # due in a minute
    progress.record("easy", "c", 4, NOW)  # due in days
    assert progress.due_ids(NOW) == []
    soon = NOW + timedelta(minutes=2)
    assert progress.due_ids(soon) == ["again"]
    assert progress.due_count(soon) == 1
    assert progress.due_count(soon, question_ids=["easy"]) == 0
    assert progress.seen_ids() == {"again", "easy"}
    easy_due = progress.card("easy").due
    assert progress.due_ids(easy_due) == ["again", "easy"]  # most overdue first
    forecast = progress.forecast(14, NOW)
    assert len(forecast) == 14 and sum(forecast) == 2
    assert forecast[0] == 1
    assert forecast[(easy_due - NOW).days] == 1
    assert progress.forecast(14, NOW, question_ids=["easy"])[0] == 0


def test_retrievability_and_mastery(progress: ProgressStore) -> None:
    progress.record("q1", "a", 4, NOW)
    progress.record("q2", "a", 1, NOW)
    later = NOW + timedelta(days=10)
    r1, r2 = progress.retrievability("q1", later), progress.retrievability("q2", later)
    assert 0 < r2 < r1 < 1
    assert progress.retrievability("never", later) is None
    mastery = progress.mastery({"a": ["q1", "q2", "unseen"], "b": ["other"]}, later)
    # q2's latest answer was Again and "unseen" was never answered: both count 0 of 3.
    strength = min(1.0, progress.card("q1").stability / MASTERY_DAYS) * r1
    assert mastery["a"] == pytest.approx(strength / 3)
    assert mastery["b"] is None


def _content(pack: Path, db: Path) -> tuple[ContentStore, object]:
    build_content(pack, db)
    store = ContentStore(db)
    return store, build_graph(store.summaries(), store.links())


def test_progress_survives_a_rebuild_that_removes_the_concept(tmp_path: Path) -> None:
    pack, content_db, progress_db = tmp_path / "pack", tmp_path / "content.db", tmp_path / "p.db"
    write_pack(pack)
    store, graph = _content(pack, content_db)
    gen_id = generated_id("define", "jwt")
    with ProgressStore(progress_db) as progress:
        progress.record("jwt-parts", "jwt", 1, NOW)
        progress.record(gen_id, "jwt", 1, NOW)
        progress.record("http-stateless", "http", 1, NOW)
    store.close()
    due_at = NOW + timedelta(hours=1)

    # The text changes: jwt is gone. The content database is rebuilt from scratch.
    write_pack(pack, drop=["jwt"])
    (pack / "auth" / "jwt.md").unlink()
    store, graph = _content(pack, content_db)
    with ProgressStore(progress_db) as progress:
        assert progress.seen_ids() == {"jwt-parts", gen_id, "http-stateless"}
        assert progress.review_count() == 3
        assert [i.question_id for i in due_items(store, graph, progress, due_at)] == [
            "http-stateless"
        ]
    summary = progress_summary(store, progress_db, due_at)
    assert summary is not None
    assert (summary["seen"], summary["due"], summary["detached"]) == (1, 1, 2)
    assert item_by_id(store, graph, gen_id) is None
    store.close()

    # It comes back: its answers re-attach, schedule intact.
    write_pack(pack)
    store, graph = _content(pack, content_db)
    with ProgressStore(progress_db) as progress:
        due = {i.question_id for i in due_items(store, graph, progress, due_at)}
        assert due == {"jwt-parts", gen_id, "http-stateless"}
        mastery = progress.mastery(question_ids_by_concept(store, graph), due_at)
        assert mastery["jwt"] is not None and mastery["rest"] is None
    summary = progress_summary(store, progress_db, due_at)
    assert (summary["seen"], summary["detached"]) == (3, 0)
    assert summary["categories"]["auth"] == {"seen": 2, "mastered": 0, "due": 2}
    store.close()


def test_progress_summary(tmp_path: Path) -> None:
    write_pack(tmp_path / "pack")
    store, _graph = _content(tmp_path / "pack", tmp_path / "content.db")
    progress_db = tmp_path / "p.db"
    assert progress_summary(store, progress_db) is None  # nothing yet, and nothing created
    assert not progress_db.exists()
    with ProgressStore(progress_db) as progress:
        at = NOW
        for _ in range(6):  # answered Good until FSRS trusts it for weeks
            at = progress.record("http-stateless", "http", 3, at).due
        progress.record(generated_id("part", "caching"), "caching", 1, NOW)
    summary = progress_summary(store, progress_db, NOW + timedelta(hours=1))
    store.close()
    assert summary["reviewed"] == 7
    assert (summary["seen"], summary["mastered"], summary["due"]) == (2, 1, 1)
    assert summary["categories"]["web"] == {"seen": 1, "mastered": 1, "due": 0}
    assert summary["categories"]["cache"] == {"seen": 1, "mastered": 0, "due": 1}
    assert summary["categories"]["auth"] == {"seen": 0, "mastered": 0, "due": 0}
    assert len(summary["forecast"]) == 14 and summary["forecast"][0] == 1
