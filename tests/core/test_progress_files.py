"""The progress file as the user's disk presents it: newer, older, read-only, empty, damaged."""

from __future__ import annotations

import os
import sqlite3
from datetime import UTC, datetime
from pathlib import Path

import pytest

from app.core import progress as progress_module
from app.core import progress_file
from app.core.backup import list_backups
from app.core.progress import (
    ProgressCorrupt,
    ProgressError,
    ProgressReadOnly,
    ProgressStore,
    move_aside,
)

NOW = datetime(2025, 3, 1, 9, 0, tzinfo=UTC)


def _make(path: Path, answers: int = 3) -> Path:
    with ProgressStore(path) as progress:
        for n in range(answers):
            progress.record(f"q{n}", "c", 3, NOW)
    return path


def _files(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


def test_a_newer_database_is_refused_and_left_untouched(tmp_path: Path) -> None:
    path = _make(tmp_path / "progress.db")
    with sqlite3.connect(path) as conn:
        conn.execute("PRAGMA user_version = 99")
    conn.close()
    before = _files(tmp_path)
    with pytest.raises(ProgressError) as caught:
        ProgressStore(path)
    message = str(caught.value)
    assert str(path) in message and "newer version" in message and "Update the app" in message
    with pytest.raises(ProgressError, match="newer version"):
        ProgressStore(path, read_only=True)
    assert _files(tmp_path) == before  # not a byte changed, no journal left behind


def test_read_only_store_reads_and_refuses_writes(tmp_path: Path) -> None:
    path = _make(tmp_path / "progress.db")
    before = path.read_bytes()
    # CI runs as root, where chmod does not stop writes: open it the way a read-only
    # file is opened, through SQLite's read-only mode.
    with ProgressStore(path, read_only=True) as progress:
        assert progress.read_only
        assert progress.seen_ids() == {"q0", "q1", "q2"}
        assert progress.review_count() == 3
        assert progress.preview("q0", NOW)[3] > progress.preview("new", NOW)[3]
        with pytest.raises(ProgressReadOnly) as caught:
            progress.record("q9", "c", 3, NOW)
        assert str(path) in str(caught.value) and "read-only" in str(caught.value)
        assert "not saved" in str(caught.value)
        with pytest.raises(sqlite3.OperationalError, match="readonly"):
            progress._conn.execute("DELETE FROM cards")  # SQLite itself refuses, too
    assert path.read_bytes() == before


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes through chmod")
def test_read_only_folder_is_detected(tmp_path: Path) -> None:
    folder = tmp_path / "data"
    path = _make(folder / "progress.db")
    folder.chmod(0o555)
    try:
        with ProgressStore(path) as progress:
            assert progress.read_only and progress.seen_ids() == {"q0", "q1", "q2"}
            with pytest.raises(ProgressReadOnly):
                progress.record("q9", "c", 3, NOW)
    finally:
        folder.chmod(0o755)


def test_read_only_without_a_file_reads_as_empty_and_creates_nothing(tmp_path: Path) -> None:
    path = tmp_path / "progress.db"
    with ProgressStore(path, read_only=True) as progress:
        assert progress.seen_ids() == set() and progress.due_ids(NOW) == []
        with pytest.raises(ProgressReadOnly):
            progress.record("q", "c", 3, NOW)
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    "damage",
    [
        pytest.param(lambda p: p.write_bytes(b"this is not a database at all\n" * 200), id="text"),
        pytest.param(lambda p: p.write_bytes(p.read_bytes()[:1500]), id="truncated"),
        pytest.param(
            lambda p: p.write_bytes(p.read_bytes()[:4096] + b"\xff" * (len(p.read_bytes()) - 4096)),
            id="garbled-pages",
        ),
    ],
)
def test_a_damaged_file_is_reported_and_can_be_moved_aside(tmp_path: Path, damage) -> None:
    path = _make(tmp_path / "progress.db", answers=50)
    damage(path)
    with pytest.raises(ProgressCorrupt) as caught:
        ProgressStore(path)
    assert caught.value.path == path and str(path) in str(caught.value)
    kept = path.read_bytes()
    moved = move_aside(path)
    assert moved.name.startswith("progress.db.corrupt-") and moved.read_bytes() == kept
    assert not path.exists()
    with ProgressStore(path) as progress:  # a fresh start in the same place
        assert progress.seen_ids() == set()


def test_another_programs_sqlite_file_is_not_taken_for_ours(tmp_path: Path) -> None:
    path = tmp_path / "progress.db"
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE photos (id INTEGER)")
    conn.close()
    with pytest.raises(ProgressCorrupt, match="another program"):
        ProgressStore(path)


def test_move_aside_never_overwrites_and_takes_the_journal_along(tmp_path: Path) -> None:
    path = tmp_path / "progress.db"
    moved = []
    for n in range(3):  # same second, three times
        path.write_bytes(b"broken %d" % n)
        (tmp_path / "progress.db-wal").write_bytes(b"wal %d" % n)
        moved.append(move_aside(path))
    assert len(set(moved)) == 3
    assert [m.read_bytes() for m in moved] == [b"broken 0", b"broken 1", b"broken 2"]
    assert [Path(f"{m}-wal").read_bytes() for m in moved] == [b"wal 0", b"wal 1", b"wal 2"]
    assert not (tmp_path / "progress.db-wal").exists()


def _add_hint_column(conn: sqlite3.Connection) -> None:
    conn.execute("ALTER TABLE cards ADD COLUMN hint TEXT")
    conn.execute("UPDATE cards SET hint = 'migrated'")


def test_an_older_schema_is_migrated_after_a_backup(tmp_path: Path, monkeypatch) -> None:
    path = _make(tmp_path / "progress.db")
    backups = tmp_path / "backups"
    # Pretend this build has the next schema: what `_make` wrote is now the old one.
    current = progress_file.SCHEMA_VERSION
    monkeypatch.setattr(progress_file, "SCHEMA_VERSION", current + 1)
    monkeypatch.setitem(progress_module.MIGRATIONS, current, _add_hint_column)
    with ProgressStore(path, backups_dir=backups) as progress:
        assert progress.seen_ids() == {"q0", "q1", "q2"}
        progress.record("q3", "c", 3, NOW)
        hints = {r[0] for r in progress._conn.execute("SELECT hint FROM cards")}
        assert hints == {"migrated", None}
    with sqlite3.connect(path) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == current + 1
    conn.close()
    [backup] = list_backups(backups)
    assert backup.kind == f"before-v{current + 1}"
    with sqlite3.connect(backup.path) as old:  # the backup is the untouched old version
        assert old.execute("PRAGMA user_version").fetchone()[0] == current
        assert old.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert old.execute("SELECT count(*) FROM cards").fetchone()[0] == 3
        columns = {r[1] for r in old.execute("PRAGMA table_info(cards)")}
        assert "hint" not in columns
    old.close()
    with ProgressStore(path, backups_dir=backups):  # already current: no second backup
        pass
    assert len(list_backups(backups)) == 1


def test_a_failed_migration_changes_nothing(tmp_path: Path, monkeypatch) -> None:
    path = _make(tmp_path / "progress.db")

    def half_then_fail(conn: sqlite3.Connection) -> None:
        conn.execute("DELETE FROM cards")
        raise RuntimeError("migration bug")

    current = progress_file.SCHEMA_VERSION
    monkeypatch.setattr(progress_file, "SCHEMA_VERSION", current + 1)
    monkeypatch.setitem(progress_module.MIGRATIONS, current, half_then_fail)
    with pytest.raises(RuntimeError, match="migration bug"):
        ProgressStore(path, backups_dir=tmp_path / "backups")
    monkeypatch.undo()
    with ProgressStore(path) as progress:
        assert progress.seen_ids() == {"q0", "q1", "q2"}
    with sqlite3.connect(path) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == current
    conn.close()


def test_a_schema_1_database_gains_the_interview_tables_and_keeps_every_answer(
    tmp_path: Path,
) -> None:
    path = tmp_path / "progress.db"
    with ProgressStore(path) as progress:
        progress.record("q0", "c", 3, NOW)
    with sqlite3.connect(path) as conn:  # what version 1 of the app wrote
        conn.execute("DROP TABLE interview_answers")
        conn.execute("DROP TABLE interviews")
        conn.execute("PRAGMA user_version = 1")
    conn.close()
    with ProgressStore(path, backups_dir=tmp_path / "backups") as progress:
        assert progress.seen_ids() == {"q0"} and progress.review_count() == 1
        interview = progress.start_interview(3, 60, NOW)
        progress.finish_interview(interview, NOW)
        assert progress.interview_count() == 1
    with sqlite3.connect(path) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == progress_file.SCHEMA_VERSION
    conn.close()
    assert [b.kind for b in list_backups(tmp_path / "backups")] == ["before-v2"]
