"""The body search index: built after the content database, same answers as the scan, never stale."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from app.core.content import build_content
from app.core.search import search
from app.core.search_index import (
    build_search_index,
    ensure_search_index,
    index_is_current,
    index_path,
)
from app.core.store import ContentStore
from tests.conftest import MINI_PACK

QUERIES = ["token", "TOKEN", "캐시", "토큰", "ca", "c", "%", "_", "\\", "signature", "레디스는",
           "sql", "없는말zzz", "n+1", "index"]  # fmt: skip


def _hits(db: Path, query: str) -> list[tuple[str, str]]:
    with ContentStore(db) as store:
        return [(hit.concept_id, hit.field) for hit in search(store, query)]


def _bodies(db: Path, query: str) -> list[str]:
    with ContentStore(db) as store:
        return store.match_bodies(query, 500)


def test_the_index_answers_as_the_scan_did(bundled_db: Path, tmp_path: Path) -> None:
    db = tmp_path / "content.db"
    shutil.copy(bundled_db, db)
    scanned = {q: (_bodies(db, q), _hits(db, q)) for q in QUERIES}
    assert scanned["캐시"][0] and scanned["token"][0]  # the scan finds bodies by itself
    assert not index_is_current(db)
    assert ensure_search_index(db) is True
    assert index_is_current(db)
    with ContentStore(db) as store:
        assert store._indexed  # really answered from the index below
    for query in QUERIES:
        assert (_bodies(db, query), _hits(db, query)) == scanned[query], query
    assert ensure_search_index(db) is False  # current: not built twice


def test_an_open_store_starts_using_an_index_built_meanwhile(mini_db: Path) -> None:
    with ContentStore(mini_db) as store:
        before = store.match_bodies("token", 50)
        assert not store._indexed
        build_search_index(mini_db)
        assert store.match_bodies("token", 50) == before
        assert store._indexed


def test_an_index_of_other_content_is_never_used(mini_db: Path, bundled_db: Path) -> None:
    other = mini_db.with_name("other.db")
    shutil.copy(bundled_db, other)
    build_search_index(other)
    shutil.copy(index_path(other), index_path(mini_db))  # the mini pack's slot, bundled index
    assert not index_is_current(mini_db)
    with ContentStore(mini_db) as store:
        assert not store._indexed
        assert store.match_bodies("redis", 50) == []  # the mini pack's bodies say no such thing
    assert ensure_search_index(mini_db) is True and index_is_current(mini_db)


def test_a_rebuilt_pack_does_not_search_its_old_index(tmp_path: Path) -> None:
    pack = tmp_path / "pack"
    shutil.copytree(MINI_PACK, pack)
    db = tmp_path / "content.db"
    build_content(pack, db)
    build_search_index(db)
    jwt = next(pack.rglob("jwt.md"))
    jwt.write_text(jwt.read_text(encoding="utf-8").replace("signature", "zebrafish"), "utf-8")
    build_content(pack, db)
    assert not index_is_current(db)
    assert "jwt" in _bodies(db, "zebrafish")  # the scan reads the new text


def test_a_damaged_index_is_ignored_and_rebuilt(mini_db: Path) -> None:
    build_search_index(mini_db)
    index_path(mini_db).write_bytes(b"not a database at all" * 100)
    assert not index_is_current(mini_db)
    with ContentStore(mini_db) as store:
        assert store.match_bodies("token", 50)  # the scan answers
    assert ensure_search_index(mini_db) is True and index_is_current(mini_db)


def test_a_failed_build_keeps_the_old_index_and_leaves_no_file(
    mini_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    build_search_index(mini_db)
    before = index_path(mini_db).read_bytes()

    def full_disk(*_args: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("app.core.search_index.os.fsync", full_disk)
    with pytest.raises(OSError):
        build_search_index(mini_db)
    assert index_path(mini_db).read_bytes() == before
    assert sorted(p.name for p in mini_db.parent.iterdir() if p.name.startswith(".")) == []
    assert ensure_search_index(mini_db) is False  # the old one is current: kept as it is


def test_a_stopped_build_leaves_nothing_and_search_scans(bundled_db: Path, tmp_path: Path) -> None:
    import sqlite3

    db = tmp_path / "content.db"
    shutil.copy(bundled_db, db)

    asked: list[int] = []

    def stop() -> bool:
        asked.append(1)
        return True

    with pytest.raises(sqlite3.OperationalError):
        build_search_index(db, stop)
    assert asked
    assert sorted(p.name for p in tmp_path.iterdir()) == [db.name]
    assert ensure_search_index(db, stop) is False  # stopped again: no error, no index
    assert not index_is_current(db)
    assert _bodies(db, "token")  # the scan still answers
