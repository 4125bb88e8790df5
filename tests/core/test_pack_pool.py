"""A big pack read on every core gives exactly what the serial reader gives: concepts and findings, in order."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import app.core.pack_pool as pack_pool
from app.core.pack import load_pack
from app.core.packfiles import pack_digest
from tests.conftest import MINI_PACK


def _load(pack: Path, parallel: bool, monkeypatch: pytest.MonkeyPatch):  # noqa: ANN202
    monkeypatch.setattr(pack_pool, "PARALLEL_FROM", 0 if parallel else 10**9)
    monkeypatch.setattr(pack_pool, "_CHUNK", 3)  # several tasks even on a small pack
    monkeypatch.setattr(pack_pool.os, "cpu_count", lambda: 2)
    return load_pack(pack, "PACK")


def test_parallel_read_equals_serial_read_with_broken_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pack = tmp_path / "pack"
    shutil.copytree(MINI_PACK, pack)
    notes = sorted(pack.rglob("*.md"))
    notes[0].write_text("---\nid: [broken\n---\n", encoding="utf-8")  # YAML error, line 2
    notes[1].write_bytes(b"\xff\xfe not utf-8")
    (notes[2].parent / "zz-link.md").symlink_to(notes[3])
    serial = _load(pack, False, monkeypatch)
    parallel = _load(pack, True, monkeypatch)
    assert pack_pool._executor is not None  # the workers did read it
    assert [str(f) for f in serial.findings] == [str(f) for f in parallel.findings]
    assert len(serial.errors) >= 2 and serial.warnings
    assert serial.pack is not None and parallel.pack is not None
    assert serial.pack.concepts == parallel.pack.concepts and parallel.pack.concepts
    # The workers hashed what they read: the digest is the one hashing every file gives.
    assert serial.pack.digest == parallel.pack.digest == pack_digest(pack)


def test_the_calling_thread_reads_every_chunk_no_worker_took(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from concurrent.futures import Future

    class Idle:  # a pool whose workers never get to anything: every task stays pending
        submitted = 0

        def submit(self, *_args: object) -> Future[object]:
            Idle.submitted += 1
            return Future()

    pack = tmp_path / "pack"
    shutil.copytree(MINI_PACK, pack)
    next(iter(sorted(pack.rglob("*.md")))).write_text("---\nid: [broken\n---\n", encoding="utf-8")
    serial = _load(pack, False, monkeypatch)
    monkeypatch.setattr(pack_pool, "_pool", Idle)
    here = _load(pack, True, monkeypatch)
    assert Idle.submitted == 3  # 9 files in chunks of 3, all offered to the workers
    assert [str(f) for f in serial.findings] == [str(f) for f in here.findings] and here.errors
    whole = _load(MINI_PACK, True, monkeypatch)
    assert whole.pack is not None and whole.pack.concepts
    assert whole.pack.concepts == _load(MINI_PACK, False, monkeypatch).pack.concepts  # type: ignore[union-attr]
    assert whole.pack.digest == pack_digest(MINI_PACK)


def test_a_pool_that_cannot_start_falls_back_to_the_serial_reader(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse() -> None:
        raise OSError("no processes here")

    monkeypatch.setattr(pack_pool, "_pool", refuse)
    result = _load(MINI_PACK, True, monkeypatch)
    assert result.ok and len(result.pack.concepts) == 9  # type: ignore[union-attr]


def test_the_layout_laid_out_aside_is_the_layout(monkeypatch: pytest.MonkeyPatch) -> None:
    from app.core.content import layout_input, pack_layout
    from app.core.layout import compute_layout

    pack = load_pack(MINI_PACK).pack
    assert pack is not None
    monkeypatch.setattr(pack_pool, "PARALLEL_FROM", 0)
    monkeypatch.setattr(pack_pool.os, "cpu_count", lambda: 2)
    waiting = pack_pool.run_aside(len(pack.concepts), compute_layout, *layout_input(pack))
    assert pack_pool._executor is not None  # really in a worker process
    assert waiting() == pack_layout(pack)


def test_a_broken_pool_lays_out_here(monkeypatch: pytest.MonkeyPatch) -> None:
    from concurrent.futures.process import BrokenProcessPool

    def broken() -> None:
        raise BrokenProcessPool("a worker was killed")

    monkeypatch.setattr(pack_pool, "PARALLEL_FROM", 0)
    monkeypatch.setattr(pack_pool.os, "cpu_count", lambda: 2)
    monkeypatch.setattr(pack_pool, "_pool", broken)
    assert pack_pool.run_aside(10, sorted, [3, 1, 2])() == [1, 2, 3]


def test_what_workers_send_back_pickles_whole() -> None:
    import dataclasses
    import pickle

    from app.core.model import KeyPoint, Question, Text

    point = KeyPoint(Text("integrity", "무결성"), ("tamper", "위변조"))
    question = Question("q", "jwt", "choice", Text("p", "피"), Text("a", "에이"),
                        (Text("x", "엑스"), Text("y", "와이")), 1, Text("e", "이"), (point,))  # fmt: skip
    # Every field set to something other than its default, so a field the hand-written
    # __reduce__ forgot would come back different.
    defaults = Question("q", "c", "recall", Text("", ""))
    assert all(
        getattr(question, f.name) != getattr(defaults, f.name)
        for f in dataclasses.fields(Question)
        if f.name not in ("id",)
    )
    assert pickle.loads(pickle.dumps(question)) == question
    assert pickle.loads(pickle.dumps(point)) == point


@pytest.mark.parametrize("parallel", [False, True])
def test_reading_tells_how_many_files_are_read(
    parallel: bool, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    heard: list[tuple[int, int]] = []
    monkeypatch.setattr(pack_pool, "PARALLEL_FROM", 0 if parallel else 10**9)
    monkeypatch.setattr(pack_pool, "_CHUNK", 4)
    monkeypatch.setattr(pack_pool.os, "cpu_count", lambda: 2)
    result = load_pack(MINI_PACK, "PACK", progress=lambda done, total: heard.append((done, total)))
    assert result.ok
    if parallel:  # a chunk at a time, whoever read it first, to the last file
        assert len(heard) == 3 and heard[-1] == (9, 9)
        assert [done for done, _ in heard] == sorted({done for done, _ in heard})
    else:
        assert heard == [(4, 9), (8, 9), (9, 9)]


@pytest.mark.parametrize("parallel", [False, True])
def test_a_cancel_while_reading_stops_the_reading(
    parallel: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    class Cancelled(Exception):
        pass

    heard: list[int] = []

    def cancel_at_first(done: int, _total: int) -> None:
        heard.append(done)
        raise Cancelled

    monkeypatch.setattr(pack_pool, "PARALLEL_FROM", 0 if parallel else 10**9)
    monkeypatch.setattr(pack_pool, "_CHUNK", 2)
    monkeypatch.setattr(pack_pool.os, "cpu_count", lambda: 2)
    with pytest.raises(Cancelled):
        load_pack(MINI_PACK, "PACK", progress=cancel_at_first)
    assert len(heard) == 1 and heard[0] < 9  # stopped at the first report, not at the end


def test_warm_starts_the_workers_only_for_a_big_job(monkeypatch: pytest.MonkeyPatch) -> None:
    pack_pool._reset()
    monkeypatch.setattr(pack_pool.os, "cpu_count", lambda: 2)
    pack_pool.warm(pack_pool.PARALLEL_FROM - 1)
    assert pack_pool._executor is None  # a small pack is read here: no processes started
    pack_pool.warm(pack_pool.PARALLEL_FROM)
    assert pack_pool._executor is not None
    # The workers started are the ones that read: a job now runs on them.
    assert pack_pool._pool().submit(pow, 2, 10).result(timeout=60) == 1024


def test_gc_paused_restores_the_collector_even_on_an_error() -> None:
    import gc

    assert gc.isenabled()
    with pytest.raises(KeyError), pack_pool.gc_paused():
        assert not gc.isenabled()
        raise KeyError("cancel")
    assert gc.isenabled()


@pytest.mark.parametrize("duplicate_link", [False, True])
def test_the_layout_started_before_the_check_is_the_packs_layout(
    duplicate_link: bool, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """build_content lays the map out from the drafts, before the cross-check; a check that
    drops a link (a duplicate: only a warning) changes the input, which is laid out again."""
    import app.core.content as content
    from app.core.store import ContentStore

    pack = tmp_path / "pack"
    shutil.copytree(MINI_PACK, pack)
    if duplicate_link:
        note = next(p for p in sorted(pack.rglob("*.md")) if "\nlinks:\n" in p.read_text("utf-8"))
        text = note.read_text("utf-8")
        start = text.index("\nlinks:\n") + len("\nlinks:\n")
        end = text.index("\n", text.index("kind:", start)) + 1
        note.write_text(text[:end] + text[start:end] + text[end:], encoding="utf-8")
    laid: list[int] = []
    real = content.run_aside

    def counted(size: int, work, *args):  # noqa: ANN001, ANN202
        laid.append(size)
        return real(size, work, *args)

    monkeypatch.setattr(content, "run_aside", counted)
    status = content.build_content(pack, tmp_path / "c.db")
    assert any("duplicate link" in str(f) for f in status.findings) == duplicate_link
    loaded = load_pack(pack).pack
    assert loaded is not None
    store = ContentStore(status.db_path)
    try:
        assert store.positions() == content.pack_layout(loaded)
    finally:
        store.close()
    assert len(laid) == (2 if duplicate_link else 1)  # laid out again only when it changed
