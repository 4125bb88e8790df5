"""Helpers for the hostile corpus: packs written once, databases built once, time and memory bounds."""

from __future__ import annotations

import resource
import shutil
import sys
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import pytest

from tests.hostile.corpus import Case, write_pack

T = TypeVar("T")

#: Peak memory of the test process a case may drive it to (the 2 GB file must never be read).
MAX_RSS_BYTES = 1_500_000_000


def bounded(work: Callable[[], T], seconds: float) -> T:
    """`work()`, failing the test (instead of hanging the suite) if it takes over `seconds`.

    Also fails if the process's peak memory went past MAX_RSS_BYTES.
    """
    outcome: dict[str, Any] = {}

    def run() -> None:
        try:
            outcome["value"] = work()
        except BaseException as exc:  # handed to the test thread below
            outcome["error"] = exc

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    thread.join(seconds)
    if thread.is_alive():
        pytest.fail(f"still running after {seconds} s (a hang?)")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024  # KiB on Linux
    assert peak < MAX_RSS_BYTES, f"peak memory {peak:,} bytes"
    if "error" in outcome:
        raise outcome["error"]
    return outcome["value"]


class Corpus:
    """Each case's pack written on first use, and each valid pack's database built once."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._packs: dict[str, Path] = {}
        self._dbs: dict[str, Path] = {}
        self.base = write_pack(Case("base", {}), folder / "base" / "pack")
        self.base_db = self._build(self.base, folder / "base" / "content.db")

    def pack(self, case: Case) -> Path:
        if case.name not in self._packs:
            self._packs[case.name] = write_pack(case, self.folder / case.name / "pack")
        return self._packs[case.name]

    def db(self, case: Case) -> Path:
        """The content database of a valid case (built on first use, then shared: read only)."""
        if case.name not in self._dbs:
            self._dbs[case.name] = self._build(
                self.pack(case), self.folder / case.name / "content.db"
            )
        return self._dbs[case.name]

    @staticmethod
    def _build(pack: Path, db: Path) -> Path:
        from app.core.content import build_content

        return bounded(lambda: build_content(pack, db).db_path, 120)


def copy_db(source: Path, target: Path) -> Path:
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(source, target)
    return target


def app_command(
    *args: str, address_space: int | None = None, file_size: int | None = None
) -> list[str]:
    """`python -m app ARGS`, with resource limits set in the child before the app starts.

    Not preexec_fn: forking a process with Qt's threads running can deadlock the child.
    """
    limits = "".join(
        f"resource.setrlimit(resource.{name}, ({value}, {value})); "
        for name, value in (("RLIMIT_AS", address_space), ("RLIMIT_FSIZE", file_size))
        if value is not None
    )
    main = (
        f"import resource, runpy, sys; {limits}sys.argv[0] = 'app'; "
        "runpy.run_module('app', run_name='__main__', alter_sys=True)"
    )
    return [sys.executable, "-c", main, *args]
