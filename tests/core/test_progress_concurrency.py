"""No answer lost to a second running copy or to a crash: real processes, real SIGKILLs."""

from __future__ import annotations

import os
import random
import select
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from app.core.progress import ProgressStore

ROOT = Path(__file__).resolve().parents[2]


def _worker(db: Path, prefix: str, count: int, text: bool = True) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "tests.core.progress_worker", str(db), prefix, str(count)],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=text,
    )  # fmt: skip


def _stored(db: Path) -> tuple[str, set[str], set[str]]:
    conn = sqlite3.connect(db)
    try:
        integrity = conn.execute("PRAGMA integrity_check").fetchone()[0]
        reviews = {r[0] for r in conn.execute("SELECT question_id FROM reviews")}
        cards = {r[0] for r in conn.execute("SELECT question_id FROM cards")}
    finally:
        conn.close()
    return integrity, reviews, cards


def test_two_running_copies_lose_no_answers(tmp_path: Path) -> None:
    db = tmp_path / "progress.db"  # does not exist yet: both copies race to create it too
    workers = [_worker(db, name, 200) for name in ("left", "right")]
    outputs = [w.communicate(timeout=120) for w in workers]
    for worker, (_out, err) in zip(workers, outputs, strict=True):
        assert worker.returncode == 0, err
    integrity, reviews, cards = _stored(db)
    assert integrity == "ok"
    expected = {f"{name}-{n}" for name in ("left", "right") for n in range(200)}
    assert reviews == expected and cards == expected
    with ProgressStore(db) as progress:
        assert progress.review_count() == 400


class _Lines:
    """Complete lines a worker printed, read straight from the pipe (no hidden buffering)."""

    def __init__(self, process: subprocess.Popen[bytes]) -> None:
        assert process.stdout is not None
        self.fd = process.stdout.fileno()
        self.partial = b""
        self.closed = False

    def read(self, seconds: float, until: str | None = None) -> list[str]:
        lines: list[str] = []
        deadline = time.monotonic() + seconds
        while not self.closed and (left := deadline - time.monotonic()) > 0:
            if not select.select([self.fd], [], [], left)[0]:
                break
            chunk = os.read(self.fd, 65536)
            self.closed = not chunk
            *done, self.partial = (self.partial + chunk).split(b"\n")
            lines += [line.decode() for line in done]
            if until is not None and until in lines:
                break
        return lines


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL and select on pipes are POSIX")
def test_sigkill_at_random_moments_loses_no_committed_answer(tmp_path: Path) -> None:
    db = tmp_path / "progress.db"
    rng = random.Random(5)
    committed: set[str] = set()
    killed = 0
    for round_ in range(50):
        # Bounded, so a slow, loaded machine cannot grow the database without end.
        worker = _worker(db, f"r{round_}", 5000, text=False)
        lines = _Lines(worker)
        assert lines.read(30, until="ready")[:1] == ["ready"], worker.stderr.read()
        printed = lines.read(rng.uniform(0.02, 0.2))
        os.kill(worker.pid, signal.SIGKILL)
        worker.wait(timeout=30)
        printed += lines.read(5)  # whatever was already in the pipe counts too
        assert worker.returncode in (0, -signal.SIGKILL), worker.stderr.read()
        killed += worker.returncode == -signal.SIGKILL
        committed.update(line for line in printed if line != "ready")
        integrity, reviews, cards = _stored(db)
        assert integrity == "ok", f"round {round_}"
        assert committed <= reviews, f"round {round_}: lost {sorted(committed - reviews)[:5]}"
        assert committed <= cards
        worker.stdout.close()
        worker.stderr.close()
    assert len(committed) > 50  # the kills landed while answers were being written
    assert killed >= 40
