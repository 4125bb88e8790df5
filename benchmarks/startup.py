"""Cold start: from process start to the main window shown with the bundled graph (cached).

Run: python benchmarks/startup.py [--runs 5]
The first run builds the content cache; the runs after it are what a user sees every day.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

_CHILD = """
import sys, time
from PySide6.QtWidgets import QApplication
app = QApplication(sys.argv[:1])
from app.ui import build_main_window
window = build_main_window()
window.show()
app.processEvents()
while window.store is None:  # only on the first start: the cache is being built
    app.processEvents()
    time.sleep(0.01)
print(len(window.scene.nodes))
"""


def cold_start(data_dir: str) -> float:
    env = dict(
        os.environ,
        BACKEND_ATLAS_DATA_DIR=data_dir,
        QT_QPA_PLATFORM=os.environ.get("QT_QPA_PLATFORM", "offscreen"),
    )
    start = time.perf_counter()
    run = subprocess.run(
        [sys.executable, "-c", _CHILD],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    elapsed = time.perf_counter() - start
    if run.returncode != 0:
        raise SystemExit(run.stderr[-2000:])
    return elapsed


def floor() -> float:
    code = "from PySide6.QtWidgets import QApplication, QMainWindow; a = QApplication([]); w = QMainWindow(); w.show(); a.processEvents()"
    start = time.perf_counter()
    subprocess.run(
        [sys.executable, "-c", code], check=True, env=dict(os.environ, QT_QPA_PLATFORM="offscreen")
    )
    return time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as data:
        first = cold_start(data)
        warm = [cold_start(data) for _ in range(args.runs)]
    empty = statistics.median(floor() for _ in range(args.runs))
    print(f"first start (builds the cache): {first:.2f} s")
    print(f"cold start, cache present (median of {args.runs}): {statistics.median(warm):.2f} s")
    print(f"floor: PySide6 + an empty window: {empty:.2f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
