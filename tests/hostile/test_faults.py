"""Database faults: progress and content files that are damaged, read-only, full, swapped or shared."""

from __future__ import annotations

import dataclasses
import os
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QPushButton

import app.ui.study as study_module
from app.core import progress as progress_module
from app.core.backup import backup_copy
from app.core.content import content_key, ensure_content, is_current
from app.core.paths import user_paths
from app.core.progress import ProgressCorrupt, ProgressError, ProgressReadOnly, ProgressStore
from app.core.search_index import index_is_current
from app.core.store import read_digest
from tests.conftest import MINI_PACK, ROOT
from tests.hostile.harness import app_command
from tests.ui.conftest import open_window

NOW = datetime(2025, 3, 1, 9, 0, tzinfo=UTC)
Damage = Callable[[Path], None]


def _answered(path: Path, ids: tuple[str, ...] = ("jwt-what", "redis-what", "q-old")) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    with ProgressStore(path) as progress:
        for question_id in ids:
            progress.record(question_id, question_id.split("-")[0], 3, NOW)
    return path


def _files(folder: Path) -> dict[str, bytes]:
    """The folder's files, leaving out SQLite's -shm index: a read-only open of a database in
    WAL mode creates one (and an empty -wal), while the database itself is never written."""
    files = {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}
    return {
        n: b for n, b in files.items() if not n.endswith("-shm") and (b or not n.endswith("-wal"))
    }


def _aside(folder: Path) -> Path:
    [moved] = [
        p for p in folder.glob("progress.db.corrupt-*") if not p.name.endswith(("-wal", "-shm"))
    ]
    return moved


def _set_header(offset: int, value: bytes) -> Damage:
    def damage(path: Path) -> None:
        data = bytearray(path.read_bytes())
        data[offset : offset + len(value)] = value
        path.write_bytes(bytes(data))

    return damage


def _newer_schema(path: Path) -> None:
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA user_version = 99")
    conn.close()


def _garble_pages(path: Path) -> None:
    data = path.read_bytes()
    path.write_bytes(data[: 3 * 4096] + b"\xff" * (len(data) - 3 * 4096))


DAMAGED: dict[str, Damage] = {
    "not-a-database": lambda p: p.write_bytes(b"this is not a database\n" * 300),
    "mangled-header": _set_header(0, b"SQLite format 4\x00"),
    "truncated": lambda p: p.write_bytes(p.read_bytes()[:1500]),
}
CONTENT_FAULTS: dict[str, Damage] = {
    **DAMAGED,
    "zero-bytes": lambda p: p.write_bytes(b""),
    "newer-schema": _newer_schema,
    "garbled-pages": _garble_pages,
}


# -- the progress database, through ProgressStore -----------------------------------------


def test_zero_bytes_progress_is_initialised(tmp_path: Path) -> None:
    path = tmp_path / "progress.db"
    path.touch()
    with ProgressStore(path) as progress:
        progress.record("q", "c", 3, NOW)
    with ProgressStore(path) as progress:
        assert progress.seen_ids() == {"q"}


@pytest.mark.parametrize("damage", DAMAGED.values(), ids=DAMAGED.keys())
def test_damaged_progress_is_refused_by_name_and_never_written(
    tmp_path: Path, damage: Damage
) -> None:
    path = _answered(tmp_path / "progress.db")
    damage(path)
    before = _files(tmp_path)
    with pytest.raises(ProgressCorrupt) as refused:
        ProgressStore(path)
    assert str(path) in str(refused.value) and "not a readable progress database" in str(
        refused.value
    )
    assert _files(tmp_path) == before


def test_newer_progress_schema_is_refused_and_left_alone(tmp_path: Path) -> None:
    path = _answered(tmp_path / "progress.db")
    _newer_schema(path)
    before = _files(tmp_path)
    with pytest.raises(ProgressError, match="newer version of Backend Atlas.*Update the app"):
        ProgressStore(path)
    assert _files(tmp_path) == before


# CI runs as root, and chmod does not stop root from writing: read-only is simulated where
# the app asks the question (`writable`, `os.access`), and SQLite itself opens with mode=ro.
def test_read_only_progress_file_reads_and_refuses_answers(tmp_path: Path, monkeypatch) -> None:  # noqa: ANN001
    path = _answered(tmp_path / "progress.db")
    before = path.read_bytes()
    monkeypatch.setattr(progress_module, "writable", lambda _path: False)
    with ProgressStore(path) as progress:
        assert progress.read_only and progress.seen_ids() == {"jwt-what", "redis-what", "q-old"}
        with pytest.raises(ProgressReadOnly, match="read-only.*not saved") as refused:
            progress.record("new", "c", 3, NOW)
        assert str(path) in str(refused.value)
    assert path.read_bytes() == before


def test_read_only_progress_folder_reads_and_refuses_answers(tmp_path: Path, monkeypatch) -> None:  # noqa: ANN001
    folder = tmp_path / "data"
    path = _answered(folder / "progress.db")
    real_access = os.access
    monkeypatch.setattr(
        os, "access", lambda p, mode, **kw: Path(p) != folder and real_access(p, mode, **kw)
    )
    with ProgressStore(path) as progress:
        assert progress.read_only and progress.review_count() == 3
        with pytest.raises(ProgressReadOnly):
            progress.record("new", "c", 3, NOW)


def test_a_data_folder_that_cannot_exist_reads_as_empty(tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    with ProgressStore(blocker / "data" / "progress.db") as progress:
        assert progress.read_only and progress.seen_ids() == set()
        with pytest.raises(ProgressReadOnly):
            progress.record("q", "c", 3, NOW)


def _fill_to_the_brim(progress: ProgressStore) -> int:
    """Cap the database at its current size, then answer until it is full; returns the count."""
    pages = progress._conn.execute("PRAGMA page_count").fetchone()[0]
    progress._conn.execute(f"PRAGMA max_page_count = {pages}")
    for n in range(100_000):
        try:
            progress.record(f"f{n}", "c", 3, NOW)
        except ProgressError:
            return n
    raise AssertionError("max_page_count never filled up")


def test_full_disk_gives_a_clear_error_and_keeps_every_saved_answer(tmp_path: Path) -> None:
    path = tmp_path / "progress.db"
    with ProgressStore(path) as progress:
        saved = _fill_to_the_brim(progress)
        with pytest.raises(ProgressError) as full:
            progress.record("one-more", "c", 3, NOW)
        message = str(full.value)
        assert str(path) in message and "disk is full" in message and "not saved" in message
        assert progress.review_count() == saved  # nothing half-written
        assert progress.card("one-more") is None
    with ProgressStore(path) as progress:  # and the file is intact
        assert progress.review_count() == saved
        assert progress._conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_progress_replaced_while_open_is_not_written_blindly(tmp_path: Path) -> None:
    path = _answered(tmp_path / "progress.db")
    other = _answered(tmp_path / "elsewhere" / "progress.db", ("other-q",))
    with ProgressStore(path) as progress:
        os.replace(other, path)  # a sync tool puts another copy in its place
        with pytest.raises(ProgressError, match="replaced or removed by another program") as swap:
            progress.record("lost?", "c", 3, NOW)
        assert str(path) in str(swap.value) and "not saved" in str(swap.value)
    with ProgressStore(path) as progress:
        assert progress.seen_ids() == {"other-q"}


# -- the progress database, through the window ---------------------------------------------


def _window(qtbot, data: Path, mini_db: Path):  # noqa: ANN001, ANN202
    """A window on the mini pack, its content database copied in rather than built."""
    target = user_paths(data).content_db(MINI_PACK)
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(mini_db, target)
    return open_window(qtbot, data)


@pytest.mark.parametrize("damage", DAMAGED.values(), ids=DAMAGED.keys())
def test_window_moves_a_damaged_progress_file_aside_and_restores_the_newest_backup(
    qtbot,
    tmp_path: Path,
    mini_db: Path,
    monkeypatch,
    damage: Damage,  # noqa: ANN001
) -> None:
    data = tmp_path / "data"
    path = _answered(data / "progress.db")
    newest = backup_copy(path, data / "backups" / "progress-2025-02-28.db")
    older = _answered(tmp_path / "older" / "progress.db", ("older",))
    oldest = backup_copy(older, data / "backups" / "progress-2025-02-01.db")
    for copy, day in ((newest, 28), (oldest, 1)):  # taken at noon on the day they are named
        taken = datetime(2025, 2, day, 12, 0, tzinfo=UTC).timestamp()
        os.utime(copy, (taken, taken))
    damage(path)
    damaged = path.read_bytes()
    window = _window(qtbot, data, mini_db)
    aside = _aside(data)
    assert aside.read_bytes() == damaged  # moved, never overwritten
    box = window.study.damaged_box
    assert box is not None and str(aside) in box.informativeText()
    assert "2025-02-28" in box.informativeText()  # the newest backup was offered
    restore = box.findChild(QPushButton, "restoreNewestButton")
    qtbot.mouseClick(restore, Qt.MouseButton.LeftButton)
    assert window.study.progress.seen_ids() == {"jwt-what", "redis-what", "q-old"}  # restored
    assert window.study.writable and window.panel.quiz_button.isVisible()


def test_window_with_a_damaged_progress_file_and_no_backup_starts_afresh(
    qtbot,
    tmp_path: Path,
    mini_db: Path,
    monkeypatch,  # noqa: ANN001
) -> None:
    data = tmp_path / "data"
    path = _answered(data / "progress.db")
    DAMAGED["not-a-database"](path)
    monkeypatch.setattr(QMessageBox, "question", lambda *a: pytest.fail("nothing to offer"))
    window = _window(qtbot, data, mini_db)
    aside = _aside(data)
    assert str(aside) in window.study.problem and str(aside) in window.statusBar().currentMessage()
    assert window.study.progress.seen_ids() == set() and window.study.writable


def test_window_keeps_browsing_when_a_damaged_file_cannot_be_moved(
    qtbot,
    tmp_path: Path,
    mini_db: Path,
    monkeypatch,  # noqa: ANN001
) -> None:
    data = tmp_path / "data"
    path = _answered(data / "progress.db")
    DAMAGED["truncated"](path)
    before = path.read_bytes()

    def refuse(target: Path) -> Path:  # as a read-only folder would, for root too
        raise PermissionError(13, "Permission denied", str(target))

    monkeypatch.setattr(study_module, "move_aside", refuse)
    window = _window(qtbot, data, mini_db)
    assert window.study.progress is None and not window.study.writable
    assert str(path) in window.study.problem and "Permission denied" in window.study.problem
    assert path.read_bytes() == before
    window.select("jwt")
    assert window.panel.text().startswith("JSON Web Token")
    assert window.panel.quiz_button.isHidden() and not window.review_button.isEnabled()


def test_window_on_read_only_progress_browses_with_the_quiz_hidden(
    qtbot,
    tmp_path: Path,
    mini_db: Path,
    monkeypatch,  # noqa: ANN001
) -> None:
    data = tmp_path / "data"
    path = _answered(data / "progress.db")
    before = path.read_bytes()
    monkeypatch.setattr(progress_module, "writable", lambda _path: False)  # see above: root
    window = _window(qtbot, data, mini_db)
    assert window.study.progress.read_only and "read-only" in window.statusBar().currentMessage()
    window.select("jwt")
    assert window.panel.text().startswith("JSON Web Token")
    assert window.panel.quiz_button.isHidden() and window.panel.quiz_near_button.isHidden()
    assert not window.review_button.isEnabled() and not window.learn_button.isEnabled()
    assert window.study.quiz_concept("jwt", False) is None
    assert window.study.mastery()["jwt"] is not None  # what was learnt still shows
    window.close()
    assert path.read_bytes() == before


def test_window_on_a_newer_progress_schema_browses_and_leaves_it_alone(
    qtbot,
    tmp_path: Path,
    mini_db: Path,  # noqa: ANN001
) -> None:
    data = tmp_path / "data"
    _newer_schema(_answered(data / "progress.db"))
    before = _files(data)
    window = _window(qtbot, data, mini_db)
    assert window.study.progress is None
    assert "newer version" in window.statusBar().currentMessage()
    window.select("redis")
    assert window.panel.text().startswith("Redis")
    assert window.panel.quiz_button.isHidden()
    window.close()
    assert _files(data) == before


def test_quiz_on_a_full_disk_says_so_and_stops(
    qtbot,
    tmp_path: Path,
    mini_db: Path,
    monkeypatch,  # noqa: ANN001
) -> None:
    window = _window(qtbot, tmp_path / "data", mini_db)
    progress = window.study.progress
    saved = _fill_to_the_brim(progress)
    warned: list[str] = []
    monkeypatch.setattr(
        QMessageBox, "warning", lambda _parent, _title, text, *a: warned.append(text)
    )
    dialog = window.study.quiz_concept("jwt", False)
    item = dialog.current()
    assert item.kind == "recall"
    dialog.reveal()
    dialog.grade(3)
    assert len(warned) == 1 and "disk is full" in warned[0] and str(progress.path) in warned[0]
    assert not dialog.isVisible() and dialog.outcomes == []
    assert progress.review_count() == saved


def test_window_and_another_process_answer_at_once(qtbot, tmp_path: Path, mini_db: Path) -> None:  # noqa: ANN001
    window = _window(qtbot, tmp_path / "data", mini_db)
    progress = window.study.progress
    worker = subprocess.Popen(
        [sys.executable, "-m", "tests.core.progress_worker", str(progress.path), "other", "60"],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    for n in range(30):
        progress.record(f"window-{n}", "jwt", 3)
    _out, err = worker.communicate(timeout=60)
    assert worker.returncode == 0, err
    assert progress.review_count() == 90
    assert progress._conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


# -- the content database: a cache, rebuilt from the text -----------------------------------


@pytest.mark.parametrize("damage", CONTENT_FAULTS.values(), ids=CONTENT_FAULTS.keys())
def test_window_rebuilds_a_bad_content_database_and_shows_the_graph(
    qtbot,
    tmp_path: Path,
    mini_db: Path,
    damage: Damage,  # noqa: ANN001
) -> None:
    data = tmp_path / "data"
    db = user_paths(data).content_db(MINI_PACK)
    db.parent.mkdir(parents=True)
    shutil.copyfile(mini_db, db)
    damage(db)
    assert not is_current(MINI_PACK, db)
    window = open_window(qtbot, data)
    assert len(window.scene.nodes) == 9 and window.store.count("concepts") == 9
    assert read_digest(db) == content_key(MINI_PACK)


def test_content_database_replaced_while_open(qtbot, tmp_path: Path, mini_db: Path) -> None:  # noqa: ANN001
    window = _window(qtbot, tmp_path / "data", mini_db)
    db = window.store.path
    garbage = db.with_name("garbage")
    garbage.write_bytes(b"\x00garbage" * 1000)
    os.replace(garbage, db)
    window.select("redis")  # the open connection still reads the file it opened
    assert window.panel.text().startswith("Redis")
    with qtbot.waitSignal(window.content_loaded, timeout=60_000):
        window.open_pack(MINI_PACK)
    assert read_digest(db) == content_key(MINI_PACK) and len(window.scene.nodes) == 9


def test_unwritable_cache_folder_gives_a_message_naming_it(
    qtbot,
    tmp_path: Path,
    mini_db: Path,
    monkeypatch,  # noqa: ANN001
) -> None:
    window = _window(qtbot, tmp_path / "data", mini_db)
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the cache folder should be")  # fails for root too
    window.paths = dataclasses.replace(window.paths, cache=blocker / "cache")
    other = shutil.copytree(MINI_PACK, tmp_path / "other-pack")
    warned: list[str] = []
    monkeypatch.setattr(
        QMessageBox, "warning", lambda _parent, _title, text, *a: warned.append(text)
    )
    nodes = set(window.scene.nodes)
    window.open_pack(other)
    qtbot.waitUntil(lambda: not window._building, timeout=60_000)
    assert len(warned) == 1 and str(blocker / "cache") in warned[0], warned
    assert "Traceback" not in warned[0] and "writable" in warned[0]
    assert window.pack_dir == MINI_PACK and set(window.scene.nodes) == nodes


def _cli(*args: str, file_size: int | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        app_command(*args, file_size=file_size),
        capture_output=True,
        text=True,
        timeout=120,
        cwd=ROOT,
    )


def test_unwritable_cache_on_the_command_line(tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    run = _cli("build", str(MINI_PACK), "--db", str(blocker / "content.db"))
    assert run.returncode == 1 and "Traceback" not in run.stderr
    assert run.stderr.startswith(f"backend-atlas: {blocker}: "), run.stderr


def test_full_disk_while_building_keeps_the_previous_database(
    tmp_path: Path, mini_db: Path
) -> None:
    db = tmp_path / "cache" / "content.db"
    db.parent.mkdir()
    shutil.copyfile(mini_db, db)
    before = db.read_bytes()
    run = _cli("build", str(MINI_PACK), "--db", str(db), file_size=64 * 1024)  # the disk fills up
    assert run.returncode == 1 and "Traceback" not in run.stderr
    assert f"{db}: cannot write the content database" in run.stderr
    assert "the previous one is kept" in run.stderr
    assert db.read_bytes() == before and [p.name for p in db.parent.iterdir()] == ["content.db"]


def test_read_only_stale_content_database_is_replaced(tmp_path: Path, mini_db: Path) -> None:
    db = tmp_path / "content.db"
    shutil.copyfile(mini_db, db)
    _newer_schema(db)
    db.chmod(0o444)  # the app only ever reads it, and replaces it by rename
    status = ensure_content(MINI_PACK, db)
    assert status.rebuilt and is_current(MINI_PACK, db)


def test_two_processes_build_the_same_content_database(tmp_path: Path) -> None:
    db = tmp_path / "content.db"
    builds = [
        subprocess.Popen(
            app_command("build", str(MINI_PACK), "--db", str(db)),
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )  # fmt: skip
        for _ in range(2)
    ]
    for build in builds:
        _out, err = build.communicate(timeout=120)
        assert build.returncode == 0, err
    assert is_current(MINI_PACK, db) and index_is_current(db)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["content.db", "content.search.db"]
