"""After a damaged progress file, the next start still offers the user's real backup."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from app.core.backup import backup_copy, list_backups
from app.core.paths import user_paths
from app.core.progress import ProgressStore
from tests.ui.conftest import open_window

DAMAGE = b"this is not a database at all\n" * 200


def test_a_second_damaged_start_offers_the_real_backup_not_the_empty_start(
    qtbot,  # noqa: ANN001
    tmp_path: Path,
) -> None:
    data = tmp_path / "data"
    paths = user_paths(data).ensure()
    with ProgressStore(paths.progress_db) as progress:
        progress.record("jwt-what", "jwt", 3, datetime(2026, 3, 1, 14, 0, tzinfo=UTC))
    real = backup_copy(paths.progress_db, paths.backups / "progress-2026-03-01.db")
    paths.progress_db.write_bytes(DAMAGE)

    first = open_window(qtbot, data)  # moved aside; the user chooses to start fresh
    assert first.study.damaged_box is not None
    first.study.damaged_box.done(0)
    first.close()
    assert [b.path for b in list_backups(paths.backups)] == [real]  # no empty copy of today

    paths.progress_db.write_bytes(DAMAGE)  # damaged again
    second = open_window(qtbot, data)
    box = second.study.damaged_box
    assert box is not None
    (newest,) = list_backups(paths.backups)
    assert newest.path == real
    assert newest.taken.astimezone().strftime("%Y-%m-%d %H:%M") in box.informativeText()
    box.done(0)
