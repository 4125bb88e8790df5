"""`backend-atlas export` from the shell: a written page, its options, and clear errors."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.export.conftest import PACK, embedded

ROOT = Path(__file__).resolve().parents[2]


def _run(*args: str, data_dir: Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "BACKEND_ATLAS_DATA_DIR": str(data_dir), "PYTHONPATH": str(ROOT)}
    return subprocess.run(
        [sys.executable, "-m", "app", *args],
        capture_output=True, text=True, timeout=120, env=env, cwd=cwd,
    )  # fmt: skip


def test_export_writes_the_page(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    result = _run("export", str(PACK), "-o", "x.html", data_dir=data_dir, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    page = tmp_path / "x.html"
    assert result.stdout.strip() == f"wrote {page.resolve()}"
    html = page.read_text(encoding="utf-8")
    assert len(embedded(html, "vis-nodes")) == 7
    assert embedded(html, "atlas-data")["lang"] == "en"
    assert list((data_dir / "cache").glob("content-*.db")), (
        "the content cache lives in the data dir"
    )
    again = _run("export", str(PACK), "-o", "y.html", data_dir=data_dir, cwd=tmp_path)
    assert again.returncode == 0, again.stderr
    assert (tmp_path / "y.html").read_bytes() == page.read_bytes()


def test_export_local_neighbourhood_in_korean(tmp_path: Path) -> None:
    out = tmp_path / "jwt.html"
    result = _run(
        "export", str(PACK), "-o", str(out), "--local", "jwt", "--depth", "2", "--lang", "ko",
        data_dir=tmp_path / "data", cwd=tmp_path,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    html = out.read_text(encoding="utf-8")
    assert '<html lang="ko">' in html
    ids = sorted(n["id"] for n in embedded(html, "vis-nodes"))
    assert ids == ["authentication", "authorization", "jwt", "jwt-signature"]


def test_export_errors_are_one_line(tmp_path: Path) -> None:
    unknown = _run(
        "export", str(PACK), "-o", "x.html", "--local", "jwtt",
        data_dir=tmp_path / "data", cwd=tmp_path,
    )  # fmt: skip
    assert unknown.returncode == 1
    assert "unknown concept 'jwtt'" in unknown.stderr and "Traceback" not in unknown.stderr
    missing = _run(
        "export", str(PACK), "-o", str(tmp_path / "nowhere" / "x.html"),
        data_dir=tmp_path / "data", cwd=tmp_path,
    )  # fmt: skip
    assert missing.returncode == 1
    assert "nowhere" in missing.stderr and "Traceback" not in missing.stderr
    assert not (tmp_path / "x.html").exists()
