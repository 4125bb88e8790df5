"""The benchmark: every step of the app at 150, 1k, 10k and 50k concepts, beside the baselines.

Run: python benchmarks/run.py [--sizes 150 1000 10000 50000] [--runs 3] [--write docs/benchmarks.md]

"first open" and "reopen" (benchmarks/open.py) time what a user waits for: from
build_main_window(pack_dir=…) to every node drawn, without and with the content cache.

Each size runs in its own process (so peak memory is per size). Times are medians of
--runs runs, in seconds unless the column says ms. Needs the `bench` extra for the
networkx baseline (numpy, scipy) and /usr/bin/chromium for the browser columns.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import platform
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

QUERIES = ("concept 12", "alias 9", "별칭", "개념 3", "request", "zzz")


def _median(work: Callable[[], Any], runs: int) -> tuple[float, Any]:
    times, result = [], None
    for _ in range(runs):
        start = time.perf_counter()
        result = work()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def measure(size: int, runs: int, browser: bool) -> dict[str, Any]:
    """All our numbers for one size (run in a child process); one run only from 50,000 up."""
    runs = 1 if size >= 50_000 else runs
    from app.core.graph import build_graph, degree
    from app.core.search import search
    from app.core.store import ContentStore
    from benchmarks.synthetic import write_pack

    out: dict[str, Any] = {"size": size}
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "content.db"
        out.update(_build_numbers(write_pack(Path(tmp) / "pack", size), db, runs))
        gc.collect()  # the app keeps no Pack once its database is built: neither does this run
        store = ContentStore(db)
        out["graph_load"], graph = _median(
            lambda: build_graph(store.summaries(), store.links()), runs
        )
        out["layout_cached"], _ = _median(store.positions, runs)
        search_times = []
        for query in QUERIES:
            seconds, _ = _median(lambda q=query: search(store, q), max(runs, 5))
            search_times.append(seconds)
        out["search_ms_median"] = statistics.median(search_times) * 1000
        out["search_ms_worst"] = max(search_times) * 1000
        out.update(_qt_numbers(store, graph, degree(graph), runs))
        if browser:
            out.update(_export_numbers(store, Path(tmp), runs))
        store.close()
    out["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return out


def _build_numbers(folder: Path, db: Path, runs: int) -> dict[str, Any]:
    """Reading, laying out and building `folder` into `db`, and its search index."""
    from app.core.content import pack_layout
    from app.core.pack import load_pack
    from app.core.search_index import build_search_index
    from app.core.store import build_database

    out: dict[str, Any] = {}
    out["load_validate"], result = _median(lambda: load_pack(folder), runs)
    pack = result.pack
    assert result.ok, [str(f) for f in result.errors[:3]]
    out["links"] = sum(len(c.links) for c in pack.concepts)
    out["layout_cold"], positions = _median(lambda: pack_layout(pack), runs)
    out["db_build"], _ = _median(lambda: build_database(pack, db, positions), runs)
    # Built after the graph is on screen (search_index.py); until then body search scans.
    out["search_index"], _ = _median(lambda: build_search_index(db), runs)
    return out


def _qt_numbers(store: Any, graph: Any, degrees: dict[str, int], runs: int) -> dict[str, float]:
    from PySide6.QtGui import QImage, QPainter
    from PySide6.QtWidgets import QApplication

    from app.ui.graph_items import GraphScene
    from app.ui.graph_view import GraphView

    app = QApplication.instance() or QApplication([])
    summaries, links, positions, categories = (
        store.summaries(),
        store.links(),
        store.positions(),
        store.categories(),
    )
    scene = GraphScene()
    start = time.perf_counter()
    scene.set_graph(summaries, links, positions, categories, degrees)
    scene_build = time.perf_counter() - start
    view = GraphView(scene)
    view.resize(1280, 800)
    view.show()
    app.processEvents()
    image = QImage(view.viewport().size(), QImage.Format.Format_ARGB32_Premultiplied)

    def frame() -> None:
        painter = QPainter(image)
        view.render(painter)
        painter.end()

    view.fit_all()
    frame()  # the first frame pays for lazy set-up; the user sees it once
    fit_ms, _ = _median(frame, max(runs, 5))
    # Choosing the names afresh, as each zoom or pan step does (a repaint reuses them).
    viewport = view.viewport()
    labels_ms, _ = _median(
        lambda: scene.labels.choose(view.viewportTransform(), viewport.width(), viewport.height()),
        max(runs, 5),
    )
    view.zoom_reset()
    view.centerOn(0, 0)
    frame()
    one_ms, _ = _median(frame, max(runs, 5))
    view.close()
    return {
        "scene_build": scene_build,
        "frame_fit_ms": fit_ms * 1000,
        "labels_fit_ms": labels_ms * 1000,
        "frame_1to1_ms": one_ms * 1000,
    }


def _export_numbers(store: Any, tmp: Path, runs: int) -> dict[str, float]:
    import pyvis  # noqa: F401  - its import (IPython) is not part of the export's cost

    from app.core.export import ExportOptions, export_html
    from benchmarks.bench_export import time_to_first_draw

    page = tmp / "export.html"
    build, _ = _median(lambda: export_html(store, page, ExportOptions()), runs)
    return {"export_build": build, "export_first_draw": time_to_first_draw(page)}


def baselines(size: int) -> dict[str, Any]:
    """What a user would get otherwise: networkx spring_layout and pyvis's own path."""
    out: dict[str, Any] = {"size": size}
    out["spring_layout"] = _timed_child(f"import benchmarks.run as r; r._spring({size})", 150)
    out["pyvis_from_nx"] = _timed_child(f"import benchmarks.run as r; r._pyvis_from_nx({size})", 60)
    if size <= 1000:  # at 10,000 a default page draws nothing within minutes (PERF_NOTES.md)
        out["pyvis_stabilise"] = _timed_child(
            f"import benchmarks.run as r; r._pyvis_stabilise({size})", 150
        )
    else:
        out["pyvis_stabilise"] = "not run"
    return out


def _graph(size: int) -> Any:
    import networkx as nx

    from app.core.pack import load_pack
    from benchmarks.synthetic import write_pack

    with tempfile.TemporaryDirectory() as tmp:
        pack = load_pack(write_pack(Path(tmp) / "p", size)).pack
    graph = nx.Graph()
    graph.add_nodes_from(c.id for c in pack.concepts)
    graph.add_edges_from((link.source, link.target) for c in pack.concepts for link in c.links)
    return graph


def _spring_1k() -> float | str:
    return _timed_child("import benchmarks.run as r; r._spring(1000)", 150)


def _spring(size: int) -> None:
    import networkx as nx

    graph = _graph(size)
    start = time.perf_counter()
    nx.spring_layout(graph, seed=42)
    print(time.perf_counter() - start)


def _pyvis_from_nx(size: int) -> None:
    from pyvis.network import Network

    graph = _graph(size)
    start = time.perf_counter()
    net = Network(notebook=False)
    net.from_nx(graph)
    net.generate_html()
    print(time.perf_counter() - start)


_HOOK = """
Object.defineProperty(window, 'network', {configurable: true,
  set(v) { this.__n = v; v.once('stabilized', () => { window.__stable = performance.now(); }); },
  get() { return this.__n; }});
"""


def _pyvis_stabilise(size: int) -> None:
    """A default pyvis page (physics on, vis-network inlined): seconds until it stabilises."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout
    from playwright.sync_api import sync_playwright
    from pyvis.network import Network

    from benchmarks.bench_export import ARGS, CHROMIUM

    graph = _graph(size)
    net = Network(notebook=False, cdn_resources="in_line")
    net.from_nx(graph)
    with tempfile.TemporaryDirectory() as tmp:
        page_path = Path(tmp) / "pyvis.html"
        page_path.write_text(net.generate_html(), encoding="utf-8")
        url = page_path.resolve().as_uri()
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
            page = browser.new_page(viewport={"width": 1280, "height": 800})
            page.add_init_script(_HOOK)
            page.route("**/*", lambda r: r.continue_() if r.request.url == url else r.abort())
            page.goto(url, timeout=150_000)
            try:
                page.wait_for_function(
                    "window.__stable !== undefined", timeout=140_000, polling=200
                )
                print(page.evaluate("window.__stable") / 1000)
            except PlaywrightTimeout:
                print("never")  # did not stabilise within the limit
            browser.close()


def _timed_child(code: str, limit: float) -> float | str:
    try:
        run = subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, timeout=limit, cwd=ROOT
        )
    except subprocess.TimeoutExpired:
        return f">{limit:.0f}"
    if run.returncode != 0:
        return "failed"
    last = run.stdout.strip().splitlines()[-1]
    return f">{limit - 10:.0f}" if last == "never" else float(last)


COLUMNS = [
    ("size", "concepts", "{:,}"),
    ("links", "links", "{:,}"),
    ("load_validate", "load + validate s", "{:.2f}"),
    ("db_build", "db build s", "{:.2f}"),
    ("search_index", "search index s (after open)", "{:.2f}"),
    ("graph_load", "graph load s", "{:.3f}"),
    ("layout_cold", "layout cold s", "{:.3f}"),
    ("layout_cached", "layout cached s", "{:.3f}"),
    ("scene_build", "scene build s", "{:.2f}"),
    ("first_open", "first open s", "{:.2f}"),
    ("reopen", "reopen s", "{:.2f}"),
    ("frame_fit_ms", "frame fit ms", "{:.1f}"),
    ("labels_fit_ms", "names chosen at fit ms", "{:.1f}"),
    ("frame_1to1_ms", "frame 1:1 ms", "{:.1f}"),
    ("search_ms_median", "search ms (median)", "{:.2f}"),
    ("search_ms_worst", "search ms (worst query)", "{:.2f}"),
    ("export_build", "export build s", "{:.3f}"),
    ("export_first_draw", "export first draw s", "{:.2f}"),
    ("peak_rss_mb", "peak MB", "{:.0f}"),
    ("open_peak_mb", "open peak MB", "{:.0f}"),
]


def table(rows: list[dict[str, Any]], columns: list[tuple[str, str, str]]) -> str:
    head = "| " + " | ".join(title for _k, title, _f in columns) + " |"
    rule = "|" + "|".join("---:" for _ in columns) + "|"
    lines = [head, rule]
    for row in rows:
        cells = []
        for key, _title, fmt in columns:
            value = row.get(key, "—")
            cells.append(fmt.format(value) if isinstance(value, int | float) else str(value))
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def machine() -> str:
    cpu = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return f"{os.cpu_count()} cores ({cpu}), {memory:.0f} GiB RAM, Python {platform.python_version()}, {platform.platform()}"


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", type=int, nargs="+", default=[150, 1000, 10_000, 50_000])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--no-browser", action="store_true")
    parser.add_argument("--no-baselines", action="store_true")
    parser.add_argument("--no-open", action="store_true", help="skip first open / reopen")
    parser.add_argument("--write", metavar="FILE.md", help="also write the tables as Markdown")
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        print(json.dumps(measure(args.one, args.runs, not args.no_browser)))
        return 0
    rows, base_rows = [], []
    for size in args.sizes:
        command = [sys.executable, __file__, "--one", str(size), "--runs", str(args.runs)]
        if args.no_browser:
            command.append("--no-browser")
        run = subprocess.run(command, capture_output=True, text=True, cwd=ROOT)
        if run.returncode != 0:
            print(run.stderr[-3000:], file=sys.stderr)
            rows.append({"size": size, "load_validate": "failed"})
            continue
        rows.append(json.loads(run.stdout.strip().splitlines()[-1]))
        if not args.no_open:
            from benchmarks.open import measure_open

            # Issue 17 compares the 10k opens with spring_layout on 1k: timed between them.
            paired = size == 10_000 and not args.no_baselines
            opened = measure_open(size, args.runs, beside=_spring_1k if paired else None)
            rows[-1].update(
                first_open=opened["first_open"],
                reopen=opened["reopen"],
                open_peak_mb=opened["open_peak_mb"],
            )
            if opened["beside"] is not None:
                rows[-1]["spring_1k_beside"] = opened["beside"]
        print(table(rows[-1:], COLUMNS).splitlines()[-1], flush=True)
        if not args.no_baselines and size <= 10_000:
            base_rows.append(baselines(size))
    ours = table(rows, COLUMNS)
    base = _baseline_table(rows, base_rows) + "\n\n" + open_targets(rows, base_rows)
    print("\n" + machine() + "\n\n" + ours + "\n\n" + base)
    if args.write:
        _write(Path(args.write), ours, base, args)
    return 0


def _baseline_table(rows: list[dict[str, Any]], base_rows: list[dict[str, Any]]) -> str:
    by_size = {r["size"]: r for r in rows}
    lines = ["| concepts | networkx spring_layout s | ours s | ratio | pyvis from_nx + page s | ours s | ratio "
             "| pyvis default page stabilises in Chromium s | ours: first draw s |",
             "|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]  # fmt: skip
    for base in base_rows:
        ours = by_size.get(base["size"], {})

        def ratio(theirs: Any, mine: Any) -> str:
            if isinstance(theirs, float) and isinstance(mine, float) and mine > 0:
                value = theirs / mine
                return f"{value:,.0f}×" if value >= 10 else f"{value:.2g}×"
            if (
                isinstance(theirs, str)
                and theirs.startswith(">")
                and isinstance(mine, float)
                and mine > 0
            ):
                return f">{float(theirs[1:]) / mine:,.0f}×"
            return "—"

        spring, pyvis_build = base["spring_layout"], base["pyvis_from_nx"]
        layout, export = ours.get("layout_cold"), ours.get("export_build")
        fmt = lambda v: f"{v:.3f}" if isinstance(v, float) else str(v)  # noqa: E731
        lines.append(f"| {base['size']:,} | {fmt(spring)} | {fmt(layout)} | {ratio(spring, layout)} | "
                     f"{fmt(pyvis_build)} | {fmt(export)} | {ratio(pyvis_build, export)} | "
                     f"{fmt(base['pyvis_stabilise'])} | {fmt(ours.get('export_first_draw'))} |")  # fmt: skip
    return "\n".join(lines)


def open_targets(rows: list[dict[str, Any]], base_rows: list[dict[str, Any]]) -> str:
    """Issue 17's targets as ratios within this run: opens against spring_layout on 1,000."""
    by_size = {r["size"]: r for r in rows}
    spring = by_size.get(10_000, {}).get("spring_1k_beside")  # timed between the 10k opens
    beside = spring is not None
    if spring is None:
        spring = next((b["spring_layout"] for b in base_rows if b["size"] == 1000), None)
    lines = ["| target | ours s | limit s | met |", "|---|---:|---:|---|"]

    def line(label: str, value: Any, limit: Any) -> None:
        if isinstance(value, float) and isinstance(limit, float):
            lines.append(
                f"| {label} | {value:.2f} | {limit:.2f} | {'yes' if value <= limit else 'no'} |"
            )

    if isinstance(spring, float):
        when = " (timed between the opens)" if beside else ""
        ten = by_size.get(10_000, {})
        line(f"first open 10k ≤ spring_layout 1k{when}", ten.get("first_open"), spring)
        line(f"reopen 10k ≤ ¼ spring_layout 1k{when}", ten.get("reopen"), spring / 4)
    line("reopen 50k ≤ 4 s", by_size.get(50_000, {}).get("reopen"), 4.0)
    big = by_size.get(50_000, {})
    for key, label in (("peak_rss_mb", "every step"), ("open_peak_mb", "first open and reopen")):
        peak = big.get(key)
        if isinstance(peak, float):
            lines.append(f"| peak memory at 50k ≤ 1 GB ({label}) | {peak:,.0f} MB | 1,024 MB | "
                         f"{'yes' if peak <= 1024 else 'no'} |")  # fmt: skip
    return "\n".join(lines)


def _write(path: Path, ours: str, base: str, args: argparse.Namespace) -> None:
    text = path.read_text(encoding="utf-8") if path.is_file() else ""
    marker_start, marker_end = "<!-- bench:start -->", "<!-- bench:end -->"
    block = (f"{marker_start}\nMeasured on: {machine()}; medians of {args.runs} runs; "
             f"`python benchmarks/run.py --runs {args.runs}`.\n\n{ours}\n\nBaselines (same graphs):\n\n{base}\n{marker_end}")  # fmt: skip
    if marker_start in text:
        head, rest = text.split(marker_start, 1)
        text = head + block + rest.split(marker_end, 1)[1]
    else:
        text = text + ("\n" if text else "") + block + "\n"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    sys.exit(main())
