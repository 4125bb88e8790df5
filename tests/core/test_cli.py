"""The command line as a user meets it: exit codes, output, no tracebacks."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import MINI_PACK


def _run(*args: str, data_dir: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "app", "--data-dir", str(data_dir), *args],
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip


def test_build_search_and_path(tmp_path: Path) -> None:
    db = tmp_path / "x.db"
    built = _run("build", str(MINI_PACK), "--db", str(db), data_dir=tmp_path / "d")
    assert built.returncode == 0, built.stderr
    assert db.is_file()
    assert "9 concepts" in built.stdout
    found = _run("search", "인증", "--pack", str(MINI_PACK), data_dir=tmp_path / "d")
    assert found.returncode == 0, found.stderr
    assert found.stdout.splitlines()[0].startswith("authentication\t")
    path = _run("path", "refresh-token", "--pack", str(MINI_PACK), data_dir=tmp_path / "d")
    assert path.returncode == 0, path.stderr
    lines = path.stdout.splitlines()
    assert "[authentication]" in lines[0] and "[jwt]" in lines[1]
    assert "[refresh-token]" in lines[2]


def test_unknown_concept_suggests(tmp_path: Path) -> None:
    run = _run("path", "refresh-tokn", "--pack", str(MINI_PACK), data_dir=tmp_path / "d")
    assert run.returncode == 1
    assert "unknown concept 'refresh-tokn' (did you mean 'refresh-token'?)" in run.stderr
    assert "Traceback" not in run.stderr


@pytest.mark.parametrize("args", [["frobnicate"], ["build", "--nope"], ["search"], ["export"]])
def test_bad_usage_exits_2(tmp_path: Path, args: list[str]) -> None:
    run = _run(*args, data_dir=tmp_path / "d")
    assert run.returncode == 2
    assert "usage:" in run.stderr


def test_stats_json(tmp_path: Path) -> None:
    import json

    run = _run("stats", "--json", "--pack", str(MINI_PACK), data_dir=tmp_path / "d")
    assert run.returncode == 0, run.stderr
    data = json.loads(run.stdout)
    assert data["concepts"] == 9
    assert data["categories"]["cache"]["concepts"] == 3


def test_stats_json_reports_progress(tmp_path: Path) -> None:
    import json

    from app.core.progress import ProgressStore

    data = tmp_path / "d"
    data.mkdir()
    with ProgressStore(data / "progress.db") as progress:
        progress.record("jwt-what", "jwt", 3)
        progress.record("redis-what", "redis", 1)
        interview = progress.start_interview(2, 180)
        progress.finish_interview(interview)
        progress.start_interview(2, 180)  # never finished: not counted
    run = _run("stats", "--json", "--pack", str(MINI_PACK), data_dir=data)
    assert run.returncode == 0, run.stderr
    summary = json.loads(run.stdout)["progress"]
    assert summary["reviewed"] == 2
    assert summary["seen"] == 2
    assert summary["due"] == 0  # both are in their first learning step, due in minutes
    # Every concept with an answer has a mastery; one Good of jwt's questions is a start,
    # an Again leaves redis at 0; nothing is mastered, and mastery does not pretend it is.
    assert set(summary["mastery"]) == {"jwt", "redis"}
    assert 0 < summary["mastery"]["jwt"] < 0.1 and summary["mastery"]["redis"] == 0
    assert summary["mastered"] == 0
    assert summary["interviews"] == 1
    plain = _run("stats", "--pack", str(MINI_PACK), data_dir=data)
    assert "progress: 2 reviews, 2 questions seen" in plain.stdout
