"""First open and reopen: from `build_main_window(pack_dir=…)` to every node of the graph on screen.

Run: python benchmarks/open.py [--sizes 1000 10000] [--runs 3] [--profile] [--spring]

"first open" has no content cache (the pack is read, validated, laid out and built);
"reopen" opens the same pack again with the cache present. Each open runs in a fresh
process (imports done before the clock starts) so memory and caches are the user's.
With --profile each open prints its top functions by cumulative time (cProfile).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

__all__ = ["open_once", "measure_open"]


def open_once(pack: Path, data: Path, profile: bool = False) -> dict[str, Any]:
    """One open in this process: seconds until the window has drawn every node."""
    from PySide6.QtCore import QEventLoop, QTimer
    from PySide6.QtGui import QImage, QPainter
    from PySide6.QtWidgets import QApplication

    from app.ui import build_main_window
    from app.ui.main_window import MainWindow  # noqa: F401  - imports are not the open's cost

    app = QApplication.instance() or QApplication([])
    profiler = None
    if profile:
        import cProfile

        profiler = cProfile.Profile()
        profiler.enable()
    start = time.perf_counter()
    window = build_main_window(data_dir=data, pack_dir=pack)
    window.resize(1280, 800)
    window.show()
    if window.store is None or window._building:  # the first open builds in the background
        # An idle event loop, as the user's is: a polling loop here would take a core from
        # the workers reading the pack.
        loop = QEventLoop()
        window.content_loaded.connect(loop.quit)
        QTimer.singleShot(600_000, loop.quit)
        loop.exec()
        if window.store is None:
            raise SystemExit("the pack did not open")
    shown = time.perf_counter()
    app.processEvents()
    view = window.view
    image = QImage(view.viewport().size(), QImage.Format.Format_ARGB32_Premultiplied)
    painter = QPainter(image)
    view.render(painter)  # the first frame: every node drawn
    painter.end()
    done = time.perf_counter()
    if profiler is not None:
        import io
        import pstats

        profiler.disable()
        text = io.StringIO()
        pstats.Stats(profiler, stream=text).sort_stats("cumulative").print_stats(45)
        print(text.getvalue(), file=sys.stderr)
    nodes = window.graph.number_of_nodes()
    window.close()
    return {
        "seconds": done - start,
        "to_loaded": shown - start,
        "first_frame": done - shown,
        "nodes": nodes,
        "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }


def _child(pack: Path, data: Path, profile: bool) -> dict[str, Any]:
    command = [sys.executable, __file__, "--child", str(pack), str(data)]
    if profile:
        command.append("--profile")
    run = subprocess.run(command, capture_output=True, text=True, cwd=ROOT)
    if profile or run.returncode != 0:
        print(run.stderr[-12000:], file=sys.stderr)
    if run.returncode != 0:
        raise SystemExit(f"open failed ({run.returncode})")
    return json.loads(run.stdout.strip().splitlines()[-1])


def measure_open(
    size: int,
    runs: int,
    profile: bool = False,
    beside: Callable[[], float | str] | None = None,
) -> dict[str, Any]:
    """Medians of `runs` first opens (fresh data folder each) and reopens (cache kept).

    `beside()` (a baseline's seconds) runs after each pair of opens: the machine's speed
    drifts over minutes, and a baseline timed between the opens sees the same machine.
    The median of the times it gave (a timeout or failure is left out) is under "beside";
    None when it never ran or never finished.
    """
    from benchmarks.synthetic import write_pack

    with tempfile.TemporaryDirectory() as tmp:
        pack = write_pack(Path(tmp) / "pack", size)
        time.sleep(2.1)  # a folder at rest, as a user's is: files written this instant are "racy"
        first, again, baseline = [], [], []
        for index in range(runs):
            data = Path(tmp) / f"data{index}"
            first.append(_child(pack, data, profile))
            again.append(_child(pack, data, profile))
            if beside is not None:
                baseline.append(beside())
    assert all(r["nodes"] == size for r in first + again), "not every concept was shown"
    timed = [t for t in baseline if isinstance(t, float)]
    return {
        "size": size,
        "first_open": statistics.median(r["seconds"] for r in first),
        "first_open_frame": statistics.median(r["first_frame"] for r in first),
        "reopen": statistics.median(r["seconds"] for r in again),
        "reopen_frame": statistics.median(r["first_frame"] for r in again),
        "open_peak_mb": max(r["peak_rss_mb"] for r in first + again),
        "beside": statistics.median(timed) if timed else None,
    }


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10_000])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--profile", action="store_true")
    parser.add_argument(
        "--spring", action="store_true", help="time spring_layout on 1,000 concepts between opens"
    )
    parser.add_argument("--child", nargs=2, type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(open_once(*args.child, profile=args.profile)))
        return 0
    beside = None
    if args.spring:
        from benchmarks.run import _spring_1k as beside
    for size in args.sizes:
        row = measure_open(size, 1 if size >= 50_000 else args.runs, args.profile, beside)
        spring = row["beside"]
        paired = f"; spring_layout 1k between them {spring:.2f} s" if spring is not None else ""
        print(
            f"{size:>6,} concepts: first open {row['first_open']:.2f} s "
            f"(first frame {row['first_open_frame']:.2f}), reopen {row['reopen']:.2f} s "
            f"(first frame {row['reopen_frame']:.2f}), peak {row['open_peak_mb']:.0f} MB{paired}",
            flush=True,
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
