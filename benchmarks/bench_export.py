"""Benchmark the HTML export: build time, and Chromium's time to first draw, at 1k and 10k concepts.

Run: python benchmarks/bench_export.py [SIZE ...]   (default: 1000 10000)
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from app.core.content import build_content  # noqa: E402
from app.core.export import ExportOptions, export_html  # noqa: E402
from app.core.store import ContentStore  # noqa: E402
from benchmarks.synthetic import write_pack  # noqa: E402

__all__ = ["time_to_first_draw", "bench"]

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]


def time_to_first_draw(page_path: Path) -> float:
    """Seconds from navigation start to vis-network's first `afterDrawing`, network refused."""
    from playwright.sync_api import sync_playwright

    url = page_path.resolve().as_uri()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 800})
            page.route("**/*", lambda r: r.continue_() if r.request.url == url else r.abort())
            page.goto(url, timeout=300_000)
            page.wait_for_function(
                "window.atlas && window.atlas.firstDraw !== null", timeout=300_000
            )
            return float(page.evaluate("window.atlas.firstDraw")) / 1000
        finally:
            browser.close()


def bench(size: int, runs: int = 3) -> str:
    """One line of numbers for a synthetic pack of `size` concepts (medians of `runs`)."""
    with tempfile.TemporaryDirectory(prefix="bench-export-") as tmp:
        folder = Path(tmp)
        db = build_content(write_pack(folder / "pack", size), folder / "content.db").db_path
        out = folder / "atlas.html"
        builds = []
        for _ in range(runs):
            started = time.perf_counter()
            with ContentStore(db) as store:  # as the GUI's worker does: its own store
                export_html(store, out, ExportOptions())
            builds.append(time.perf_counter() - started)
        draws = [time_to_first_draw(out) for _ in range(runs)]
        with ContentStore(db) as store:
            links = len(store.links())
        return (
            f"{size:>6} concepts {links:>6} links | export build {statistics.median(builds):5.2f} s"
            f" | page {out.stat().st_size / 1e6:5.1f} MB"
            f" | Chromium first draw {statistics.median(draws):5.2f} s  (medians of {runs})"
        )


if __name__ == "__main__":
    import pyvis  # noqa: F401  - imported once up front: IPython's import is not export work

    for arg in sys.argv[1:] or ["1000", "10000"]:
        print(bench(int(arg)), flush=True)
