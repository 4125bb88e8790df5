"""Big packs on every core: worker processes and the calling thread parse the concept files (findings come back unchanged); a worker lays out the map."""

from __future__ import annotations

import contextlib
import gc
import multiprocessing
import os
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import TYPE_CHECKING, Any, TypeVar

from app.core.findings import Finding, Report
from app.core.packfiles import display_path

if TYPE_CHECKING:
    from app.core.crosscheck import Draft

__all__ = ["PARALLEL_FROM", "concept_reader", "gc_paused", "run_aside", "warm"]

#: Below this many files a pool costs more (about 0.3 s to start) than it saves.
PARALLEL_FROM = 1500
#: Files per task: big enough that pickling is a small share, small enough to keep cores even.
_CHUNK = 200

T = TypeVar("T")
Progress = Callable[[int, int], None]
ReadConcept = Callable[[str, str, Report], "Draft | None"]
#: A reader that also gives the file's `packfiles.file_digest`, from the same read.
ReadHashed = Callable[[str, str, Report], "tuple[Draft | None, bytes]"]
Reader = Callable[[str, str, Report], "Draft | None"]

_executor: ProcessPoolExecutor | None = None
_HAS_FORKSERVER = "forkserver" in multiprocessing.get_all_start_methods()


def _pool() -> ProcessPoolExecutor:
    """One pool for the process's life. Its workers come from a fresh forkserver, never a
    fork of this process (whose Qt threads may hold locks). Nothing is preloaded there:
    preloading would make the server import the program's __main__, and so start the app."""
    global _executor
    if _executor is None:
        context = multiprocessing.get_context("forkserver")
        _executor = ProcessPoolExecutor(max_workers=_workers(), mp_context=context)
    return _executor


def _read_chunk(
    read: ReadHashed, chunk: list[tuple[str, str, str]], worker: bool = True
) -> list[tuple[list[Finding], Draft | None, bytes]]:
    """Read each file as the serial loop would, with its own findings list, and hash it for
    the pack digest from the same read. In a `worker` process fd 2 points at the null
    device for the whole chunk (yamlfast.quiet: one swap, not one per file); the app's own
    process keeps its stderr, which its other threads may be writing to."""
    out: list[tuple[list[Finding], Draft | None, bytes]] = []
    with gc_paused(), _quiet() if worker else contextlib.nullcontext():
        for full, rel, shown_path in chunk:
            findings: list[Finding] = []
            draft, digest = read(full, rel, Report(findings, shown_path))
            if draft is not None:
                draft.report = None  # type: ignore[assignment]  # re-attached in the parent
            out.append((findings, draft, digest))
    return out


def _quiet() -> contextlib.AbstractContextManager[None]:
    from app.core import yamlfast  # here: rapidyaml's import is for the readers alone

    return yamlfast.quiet()


@contextlib.contextmanager
def gc_paused() -> Iterator[None]:
    """No cyclic garbage collection while a pack is read: its objects all stay alive, so
    each collection would walk them for nothing (4% of a worker's time; 0.15 s of a 10k
    pack's cross-check in the parent). Reference counting still frees what is dropped."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def concept_reader(
    files: Sequence[tuple[str, str]],
    shown: str,
    read: ReadConcept,
    read_hashed: ReadHashed,
    workers: int | None = None,
    progress: Progress | None = None,
) -> tuple[Reader, dict[str, bytes]]:
    """A drop-in for `read(full, rel, report)` over `files` (no symbolic links: the caller
    skips those): with enough files and cores it parses them all first, in worker processes
    and on this thread, and each call hands back one file's draft and appends that file's
    findings to `report`, exactly as `read` would have.

    Also returns the `file_digest` of each file read ahead, by its relative path, from
    `read_hashed` (`read` and the digest from one read of the file); empty when `read`
    itself is returned. Anything wrong with the pool (no processes allowed, a worker
    killed) falls back to `read`.

    `progress(done, total)` hears how many files are read, a chunk at a time; an exception
    it raises (a cancel) stops the reading there, and the files not yet started are dropped.
    """
    wanted = [(full, rel, display_path(shown, rel)) for full, rel in files]
    if not _worth_a_pool(len(wanted), workers):
        return (read if progress is None else _counted(read, len(wanted), progress)), {}
    chunks = [wanted[start : start + _CHUNK] for start in range(0, len(wanted), _CHUNK)]
    try:
        pool = _pool()
        futures = [pool.submit(_read_chunk, read_hashed, chunk) for chunk in chunks]
    except (BrokenProcessPool, OSError, RuntimeError):
        _reset()
        return read, {}
    read_here: dict[int, list[tuple[list[Finding], Draft | None, bytes]]] = {}

    def tell() -> None:
        if progress is not None:
            done = sum(len(chunks[i]) for i in read_here)
            done += sum(
                len(chunks[i]) for i, f in enumerate(futures) if i not in read_here and f.done()
            )
            progress(done, len(wanted))

    try:
        # This thread reads too, from the last chunk back, every chunk no worker has taken
        # yet: its files are never pickled, and one core fewer is a worker to start.
        for index in reversed(range(len(chunks))):
            if not futures[index].cancel():
                break
            read_here[index] = _read_chunk(read_hashed, chunks[index], worker=False)
            tell()
        for index, future in enumerate(futures):
            if index not in read_here:
                read_here[index] = future.result()
                tell()
    except (BrokenProcessPool, OSError, RuntimeError):
        _reset()
        return read, {}
    except BaseException:
        for future in futures:  # a cancel: what has not started never will
            future.cancel()
        raise
    results: dict[str, tuple[list[Finding], Any]] = {}
    digests: dict[str, bytes] = {}
    for index, chunk in enumerate(chunks):
        for (_full, rel, _shown), (findings, draft, digest) in zip(
            chunk, read_here[index], strict=True
        ):
            results[rel] = (findings, draft)
            digests[rel] = digest

    def parsed(full: str, rel: str, report: Report) -> Draft | None:
        found = results.pop(rel, None)
        if found is None:  # not read ahead (cannot happen for the listed files): read it now
            return read(full, rel, report)
        findings, draft = found
        report.findings.extend(findings)
        if draft is not None:
            draft.report = report
        return draft

    return parsed, digests


def _counted(read: ReadConcept, total: int, progress: Progress) -> Reader:
    """`read`, telling `progress` every `_CHUNK` files (the reading in this process)."""
    done = 0

    def counting(full: str, rel: str, report: Report) -> Draft | None:
        nonlocal done
        draft = read(full, rel, report)
        done += 1
        if done % _CHUNK == 0 or done == total:
            progress(done, total)
        return draft

    return counting


def run_aside(size: int, work: Callable[..., T], *args: Any) -> Callable[[], T]:
    """Start `work(*args)` in a worker process when `size` (files, concepts) is big enough to
    pay for one, and return what waits for its result; small jobs run when that is called.

    The caller goes on meanwhile (a pack's layout runs while its database is written). A
    pool that cannot be used runs `work` in this process instead, with the same result.
    """
    if not _worth_a_pool(size):
        return lambda: work(*args)
    try:
        future = _pool().submit(work, *args)
    except (BrokenProcessPool, OSError, RuntimeError):
        _reset()
        return lambda: work(*args)

    def result() -> T:
        try:
            return future.result()
        except (BrokenProcessPool, OSError):
            _reset()
            return work(*args)

    return result


def warm(size: int) -> None:
    """Start the workers now for a job of `size` files that is coming: each worker's start
    (a process, then the reader's imports: ~0.3 s) then overlaps what the caller does first."""
    if not _worth_a_pool(size):
        return
    try:
        pool = _pool()
        for _ in range(_workers()):  # a task each: one worker is started per task
            pool.submit(_ready)
    except (BrokenProcessPool, OSError, RuntimeError):
        _reset()


def _ready() -> None:
    """In a worker: import what reading a concept file needs, before the first file comes."""
    import app.core.pack  # noqa: F401


def _workers() -> int:
    """Worker processes for this machine: a core each, but one, whose work the caller's
    thread does meanwhile (concept_reader reads there; the database is written there)."""
    return max(1, (os.cpu_count() or 1) - 1)


def _worth_a_pool(size: int, cores: int | None = None) -> bool:
    """Whether a job of `size` files or concepts pays for worker processes on this machine."""
    return size >= PARALLEL_FROM and (cores if cores is not None else os.cpu_count() or 1) >= 2


def _reset() -> None:
    global _executor
    if _executor is not None:
        _executor.shutdown(wait=False, cancel_futures=True)
    _executor = None
