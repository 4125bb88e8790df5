"""A file replaced whole: the old one or the new one, never part of one, and nothing left behind."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from app.core.atomic import replacing


def test_the_new_file_takes_the_old_ones_place(tmp_path: Path) -> None:
    target = tmp_path / "page.html"
    target.write_text("old", encoding="utf-8")
    with replacing(target, mode=0o644) as temp:
        assert temp.parent == tmp_path and temp != target
        temp.write_text("new", encoding="utf-8")
        assert target.read_text(encoding="utf-8") == "old"  # untouched until the end
    assert target.read_text(encoding="utf-8") == "new"
    assert stat.S_IMODE(target.stat().st_mode) == 0o644
    assert [p.name for p in tmp_path.iterdir()] == ["page.html"]


def test_a_failure_keeps_the_old_file_and_leaves_no_other(tmp_path: Path) -> None:
    target = tmp_path / "content.db"
    target.write_bytes(b"old")
    with pytest.raises(KeyboardInterrupt), replacing(target) as temp:
        temp.write_bytes(b"half")
        raise KeyboardInterrupt  # a cancel is cleaned up as any error is
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["content.db"]


def test_two_writers_at_once_never_share_a_file(tmp_path: Path) -> None:
    target = tmp_path / "backup.db"
    with replacing(target) as first, replacing(target) as second:
        assert first != second
        first.write_bytes(b"first")
        second.write_bytes(b"second")
    assert target.read_bytes() == b"first"  # the last rename wins: the outer block ends last
    assert [p.name for p in tmp_path.iterdir()] == ["backup.db"]


def test_what_a_killed_writer_left_is_swept_but_not_what_another_is_writing(
    tmp_path: Path,
) -> None:
    import os
    import time

    target = tmp_path / "content.db"
    left = tmp_path / ".content.db.dead1234.partial"
    left.write_bytes(b"x" * 100)
    hours_ago = time.time() - 2 * 3600
    os.utime(left, (hours_ago, hours_ago))
    busy = tmp_path / ".content.db.live5678.partial"
    busy.write_bytes(b"being written")
    other = tmp_path / ".backup.db.dead9999.partial"  # another file's: not this target's
    other.write_bytes(b"y")
    os.utime(other, (hours_ago, hours_ago))
    with replacing(target) as temp:
        temp.write_bytes(b"new")
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        ["content.db", busy.name, other.name]
    )
