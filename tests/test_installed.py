"""The installed package works from any folder: the wheel carries the pack and resources."""

from __future__ import annotations

import importlib.metadata
import os
import subprocess
import sys
from pathlib import Path

import pytest


def _script() -> Path:
    try:
        importlib.metadata.distribution("backend-atlas")
    except importlib.metadata.PackageNotFoundError:
        pytest.skip("backend-atlas is not pip-installed in this environment (.ci/run installs it)")
    script = Path(sys.executable).parent / "backend-atlas"
    assert script.is_file(), f"the backend-atlas command is missing from {script.parent}"
    return script


def test_installed_command_validates_and_builds_the_bundled_pack(tmp_path: Path) -> None:
    script = _script()
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    env["BACKEND_ATLAS_DATA_DIR"] = str(tmp_path / "data")
    validate = subprocess.run(
        [str(script), "validate"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert validate.returncode == 0, validate.stdout[-2000:] + validate.stderr
    assert (
        "/app/_data/graph_data/" in validate.stdout
        or " 0 error(s), 0 warning(s)" in validate.stdout
    )
    build = subprocess.run(
        [str(script), "build", "--db", "x.db"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert build.returncode == 0, build.stderr
    assert (tmp_path / "x.db").is_file()
    search = subprocess.run(
        [str(script), "search", "인증"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert search.returncode == 0, search.stderr
    assert search.stdout.splitlines()[0].startswith("authentication\t")
