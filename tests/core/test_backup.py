"""Backups of the progress database: daily when changed, 7 daily + 4 weekly kept, restore."""

from __future__ import annotations

import sqlite3
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from app.core.backup import (
    backup_copy,
    backup_if_due,
    list_backups,
    prune_backups,
    restore_backup,
)
from app.core.progress import ProgressCorrupt, ProgressError, ProgressStore

START = datetime(2025, 1, 1, 20, 0, tzinfo=UTC)  # a Wednesday


def _answer(db: Path, question_id: str, at: datetime) -> None:
    with ProgressStore(db) as progress:
        progress.record(question_id, "c", 3, at)


def _seen(db: Path) -> set[str]:
    with ProgressStore(db, read_only=True) as progress:
        return progress.seen_ids()


def test_forty_days_keep_seven_daily_and_four_weekly(tmp_path: Path) -> None:
    db, backups = tmp_path / "progress.db", tmp_path / "backups"
    for day in range(40):
        now = START + timedelta(days=day)
        _answer(db, f"q{day}", now)
        assert backup_if_due(db, backups, now) is not None
        assert backup_if_due(db, backups, now + timedelta(hours=1)) is None  # once a day
    kept = list_backups(backups)
    dates = [b.taken.date() for b in kept]
    last = (START + timedelta(days=39)).date()  # Sunday 9 February
    assert dates[:7] == [last - timedelta(days=n) for n in range(7)]  # the last 7 days
    # Before them, the newest copy of each of the 4 weeks before (ISO weeks end on Sunday).
    assert dates[7:] == [date(2025, 2, 2), date(2025, 1, 26), date(2025, 1, 19), date(2025, 1, 12)]
    assert sorted(p.name for p in backups.iterdir()) == sorted(b.path.name for b in kept)
    # Each copy is a whole, consistent database holding what was answered by its day.
    newest_weekly = kept[7]
    with ProgressStore(newest_weekly.path, read_only=True) as progress:
        assert len(progress.seen_ids()) == (newest_weekly.taken.date() - START.date()).days + 1


def test_no_backup_when_nothing_changed(tmp_path: Path) -> None:
    db, backups = tmp_path / "progress.db", tmp_path / "backups"
    assert backup_if_due(db, backups, START) is None  # no database yet
    _answer(db, "q", START)
    assert backup_if_due(db, backups, START) is not None
    for day in range(1, 4):  # reading (and opening) the store changes nothing
        _seen(db)
        assert backup_if_due(db, backups, START + timedelta(days=day)) is None
    _answer(db, "q2", START + timedelta(days=4))
    assert backup_if_due(db, backups, START + timedelta(days=4)) is not None
    assert len(list_backups(backups)) == 2


def test_backups_are_made_with_the_backup_api_while_in_use(tmp_path: Path) -> None:
    db, backups = tmp_path / "progress.db", tmp_path / "backups"
    with ProgressStore(db) as progress:  # open, in WAL mode, answers not yet checkpointed
        progress.record("q", "c", 3, START)
        copy = backup_if_due(db, backups, START)
        assert copy is not None
    conn = sqlite3.connect(copy)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert conn.execute("SELECT question_id FROM cards").fetchall() == [("q",)]
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"  # one file
    finally:
        conn.close()


def test_other_files_in_the_folder_are_left_alone(tmp_path: Path) -> None:
    backups = tmp_path / "backups"
    backups.mkdir()
    strangers = ["notes.txt", "progress-2020-13-45.db", "progress-old.db"]
    for name in strangers:
        (backups / name).write_text("mine")
    for day in range(12):
        (backups / f"progress-{(START + timedelta(days=day)).date()}.db").write_bytes(b"x")
    prune_backups(backups)
    for name in strangers:
        assert (backups / name).read_text() == "mine"
    assert len(list_backups(backups)) == 7 + 1  # the days before the last 7 fall in 1 week


def test_restore_brings_back_a_backup_and_keeps_the_current_state(tmp_path: Path) -> None:
    db, backups = tmp_path / "progress.db", tmp_path / "backups"
    _answer(db, "old", START)
    backup = backup_if_due(db, backups, START)
    _answer(db, "new", START + timedelta(days=1))
    with ProgressStore(db) as open_store:  # the app still has it open
        previous = restore_backup(backup, db, now=START + timedelta(days=2))
        assert open_store.seen_ids() == {"old"}  # sees the restored content
    assert _seen(db) == {"old"}
    assert previous is not None and _seen(previous) == {"old", "new"}
    assert [b.kind for b in list_backups(backups)] == ["before-restore", "daily"]
    again = restore_backup(backup, db, now=START + timedelta(days=2))  # same second: both kept
    assert again != previous and _seen(again) == {"old"} and _seen(previous) == {"old", "new"}
    assert [b.kind for b in list_backups(backups)] == ["before-restore"] * 2 + ["daily"]


def test_restore_refuses_a_bad_backup_and_changes_nothing(tmp_path: Path) -> None:
    db, backups = tmp_path / "progress.db", tmp_path / "backups"
    _answer(db, "q", START)
    broken = tmp_path / "broken.db"
    broken.write_bytes(b"not sqlite" * 100)
    with pytest.raises(ProgressCorrupt):
        restore_backup(broken, db, backups)
    newer = backup_if_due(db, backups, START)
    with sqlite3.connect(newer) as conn:
        conn.execute("PRAGMA user_version = 99")
    conn.close()
    with pytest.raises(ProgressError, match="newer version"):
        restore_backup(newer, db, backups)
    assert _seen(db) == {"q"}
    assert [b.kind for b in list_backups(backups)] == ["daily"]


def test_restore_over_a_damaged_database_moves_it_aside(tmp_path: Path) -> None:
    db, backups = tmp_path / "progress.db", tmp_path / "backups"
    _answer(db, "q", START)
    backup = backup_if_due(db, backups, START)
    db.write_bytes(b"garbage" * 1000)
    moved = restore_backup(backup, db, backups)
    assert moved is not None and moved.read_bytes() == b"garbage" * 1000
    assert _seen(db) == {"q"}


def test_a_backup_says_when_it_was_taken(tmp_path: Path) -> None:
    db, backups = tmp_path / "progress.db", tmp_path / "backups"
    _answer(db, "q", START)
    backup_if_due(db, backups, START)  # 20:00 UTC
    (daily,) = list_backups(backups)
    assert daily.taken == START  # the time of day too, not the name's midnight
    restore_backup(daily.path, db, now=START + timedelta(hours=1, seconds=5))
    before_restore = list_backups(backups)[0]
    assert before_restore.taken == START + timedelta(hours=1, seconds=5)
    # A daily copy whose file time is another day (copied since): its name's day, at midnight.
    copied = backups / "progress-2024-12-25.db"
    copied.write_bytes(daily.path.read_bytes())
    assert [b.taken for b in list_backups(backups) if b.path == copied] == [
        datetime(2024, 12, 25, tzinfo=UTC)
    ]


def _fresh_start(db: Path, number: int = 1) -> None:
    """What the app does with a damaged file: move it aside and open a new, empty one."""
    db.rename(db.with_name(f"progress.db.corrupt-{number}"))
    ProgressStore(db).close()


def test_a_fresh_database_after_damage_is_never_offered_as_the_newest_backup(
    tmp_path: Path,
) -> None:
    db, backups = tmp_path / "progress.db", tmp_path / "backups"
    _answer(db, "mine", START)
    real = backup_if_due(db, backups, START)
    _fresh_start(db)
    # The same start backs up nothing: today's real backup is not replaced by the empty
    # database, and on the next day no empty copy joins it.
    assert backup_if_due(db, backups, START + timedelta(hours=2)) is None
    next_day = START + timedelta(days=1)
    assert backup_if_due(db, backups, next_day) is None
    assert [b.path for b in list_backups(backups)] == [real]  # what the next start offers
    assert _seen(real) == {"mine"}
    # Once something is answered, the fresh database is backed up as usual.
    _answer(db, "new", next_day)
    assert backup_if_due(db, backups, next_day) is not None
    assert _seen(list_backups(backups)[0].path) == {"new"}


def test_empty_backups_never_push_real_ones_out_of_the_rotation(tmp_path: Path) -> None:
    db, backups = tmp_path / "progress.db", tmp_path / "backups"
    for day in range(7):
        _answer(db, f"q{day}", START + timedelta(days=day))
        backup_if_due(db, backups, START + timedelta(days=day))
    real = {b.path for b in list_backups(backups)}
    assert len(real) == 7
    # Empty daily copies, as an earlier version made after a fresh start (days 7-9), the
    # last one today's.
    empty = tmp_path / "empty.db"
    ProgressStore(empty).close()
    for day in range(7, 10):
        name = f"progress-{(START + timedelta(days=day)).date()}.db"
        backup_copy(empty, backups / name)
    today = START + timedelta(days=9)
    _answer(db, "today", today)
    taken = backup_if_due(db, backups, today)  # replaces today's empty copy
    assert taken == backups / f"progress-{today.date()}.db" and _seen(taken) >= {"today"}
    left = {b.path for b in list_backups(backups)}
    assert left == real | {taken}  # the 7 real ones stay; the empty ones are gone
