"""The content cache key: unchanged files are recognised by their stat, any change by its text."""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

import pytest

import app.core.content as content
from app.core.content import build_content, content_key, is_current
from app.core.store import read_keys
from tests.conftest import MINI_PACK

_LONG_AGO = time.time() - 3600


def _settled_copy(tmp_path: Path) -> Path:
    """A copy of the mini pack whose files last changed an hour ago (not 'racy')."""
    pack = tmp_path / "pack"
    shutil.copytree(MINI_PACK, pack)
    for path in pack.rglob("*"):
        os.utime(path, (_LONG_AGO, _LONG_AGO))
    return pack


def _no_hashing(monkeypatch: pytest.MonkeyPatch) -> None:
    def fail(*_args: object) -> str:
        raise AssertionError("every file was hashed")

    monkeypatch.setattr(content, "content_key", fail)


def test_unchanged_files_are_current_without_reading_them(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pack = _settled_copy(tmp_path)
    db = build_content(pack, tmp_path / "c.db").db_path
    keys = read_keys(db)
    assert keys is not None and "stat" in keys
    assert keys["digest"] == content_key(pack)  # the loader's own hash, not a second pass
    _no_hashing(monkeypatch)
    assert is_current(pack, db)


def test_an_edit_that_keeps_size_and_mtime_is_still_seen(tmp_path: Path) -> None:
    pack = _settled_copy(tmp_path)
    db = build_content(pack, tmp_path / "c.db").db_path
    note = next(pack.rglob("*.md"))
    text = note.read_text(encoding="utf-8")
    swapped = text.replace("## en", "## en", 1)
    swapped = swapped[:-2] + swapped[-1] + swapped[-2]  # same size, other text
    assert swapped != text and len(swapped.encode()) == len(text.encode())
    note.write_text(swapped, encoding="utf-8")
    os.utime(note, (_LONG_AGO, _LONG_AGO))  # as a copy tool that keeps times would
    assert not is_current(pack, db)


def test_a_touched_file_is_hashed_once_then_known_by_its_stat(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pack = _settled_copy(tmp_path)
    db = build_content(pack, tmp_path / "c.db").db_path
    stat_before = read_keys(db)["stat"]  # type: ignore[index]
    note = next(pack.rglob("*.md"))
    os.utime(note, (_LONG_AGO + 60, _LONG_AGO + 60))
    assert is_current(pack, db)  # same text: still current, and the new stat is recorded
    assert read_keys(db)["stat"] != stat_before  # type: ignore[index]
    _no_hashing(monkeypatch)
    assert is_current(pack, db)


def test_a_file_changed_just_now_is_never_trusted_by_its_stat(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pack = tmp_path / "pack"
    shutil.copytree(MINI_PACK, pack, copy_function=shutil.copy)  # written a moment ago
    db = build_content(pack, tmp_path / "c.db").db_path
    assert "stat" not in read_keys(db)  # type: ignore[operator]
    hashed: list[str] = []
    real = content.content_key
    monkeypatch.setattr(content, "content_key", lambda *a: hashed.append("x") or real(*a))
    assert is_current(pack, db) and hashed


def test_a_new_or_removed_file_changes_the_key(tmp_path: Path) -> None:
    pack = _settled_copy(tmp_path)
    db = build_content(pack, tmp_path / "c.db").db_path
    note = next(pack.rglob("*.md"))
    moved = note.with_name("zz-" + note.name)
    note.rename(moved)
    assert not is_current(pack, db)
