"""Every hostile case through every face: validate, build, the window and the export."""

from __future__ import annotations

import faulthandler
import os
import re
import subprocess
import unicodedata
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QDesktopServices, QImageReader

import app.ui.concept_panel as panel_module
from app.cli import main
from app.core.content import ContentError, build_content
from app.core.export import ExportOptions, export_html
from app.core.paths import user_paths
from app.core.search import search
from app.core.store import ContentStore
from app.ui import build_main_window
from tests.conftest import ROOT
from tests.export.conftest import embedded
from tests.hostile.corpus import CASES, SEARCHES, Case, SearchCase, as_plain_text
from tests.hostile.harness import Corpus, app_command, bounded, copy_db
from tests.ui.conftest import type_text

BROKEN = [c for c in CASES if c.expect is not None]
VALID = [c for c in CASES if c.expect is None]
VALIDATE_SECONDS = 60
VALIDATE_MEMORY = 1 << 30  # address space of one `validate` run
PWNED = "hostile-pwned"  # what the !!python/object case would create if YAML ran it


def _ids(cases: list) -> list[str]:
    return [c.name for c in cases]


def _has_finding(lines: list[str], pack: Path, case: Case) -> bool:
    return any(line.startswith(f"{pack}/{case.expect}") for line in lines)


# -- validate: a subprocess per case, all started together ---------------------------------


@dataclass(frozen=True)
class Run:
    returncode: int | None  # None: killed at the time limit
    out: str


def _validate(pack: Path) -> Run:
    try:
        done = subprocess.run(
            app_command("validate", str(pack), address_space=VALIDATE_MEMORY),
            capture_output=True, text=True, timeout=VALIDATE_SECONDS, cwd=pack.parent,
            env={**os.environ, "PYTHONPATH": str(ROOT)},
        )  # fmt: skip
    except subprocess.TimeoutExpired as exc:
        return Run(None, str(exc.stdout or ""))
    return Run(done.returncode, done.stdout + done.stderr)


@pytest.fixture(scope="module")
def validate_runs(corpus: Corpus) -> dict[str, Run]:
    packs = {case.name: corpus.pack(case) for case in CASES}
    with ThreadPoolExecutor(max_workers=max(2, os.cpu_count() or 2)) as pool:
        runs = dict(zip(packs, pool.map(_validate, packs.values()), strict=True))
    return runs


@pytest.mark.parametrize("case", CASES, ids=_ids(CASES))
def test_validate_reports_path_line_and_exit_code(
    case: Case, corpus: Corpus, validate_runs: dict[str, Run]
) -> None:
    run = validate_runs[case.name]
    pack = corpus.pack(case)
    assert run.returncode is not None, f"validate did not finish in {VALIDATE_SECONDS} s"
    assert "Traceback" not in run.out and "MemoryError" not in run.out, run.out[-3000:]
    assert not (pack.parent / PWNED).exists(), "YAML ran code"
    lines = run.out.splitlines()
    if case.expect is None:
        assert run.returncode == 0, run.out[-3000:]
        assert re.search(r"concept files: 0 error\(s\)", lines[-1]), lines[-1]
    else:
        assert run.returncode == 1, run.out[-3000:]
        assert _has_finding(lines, pack, case), "\n".join(lines[:20])
        assert re.search(r"concept files: [1-9]\d* error\(s\)", lines[-1]), lines[-1]


# -- build: refused with the same finding, the previous database untouched -----------------


@pytest.mark.parametrize("case", BROKEN, ids=_ids(BROKEN))
def test_build_refuses_and_keeps_the_previous_database(
    case: Case, corpus: Corpus, tmp_path: Path
) -> None:
    db = copy_db(corpus.base_db, tmp_path / "cache" / "content.db")
    before = db.read_bytes()
    pack = corpus.pack(case)
    with pytest.raises(ContentError) as refused:
        bounded(lambda: build_content(pack, db), 60)
    assert _has_finding([str(f) for f in refused.value.findings], pack, case)
    assert db.read_bytes() == before
    assert [p.name for p in db.parent.iterdir()] == ["content.db"]  # no temp file left


@pytest.mark.parametrize("case", VALID, ids=_ids(VALID))
def test_build_stores_valid_hostile_text_as_nfc_text(case: Case, corpus: Corpus) -> None:
    assert case.select is not None
    with ContentStore(corpus.db(case)) as store:
        concept = store.concept(case.select)
        assert concept is not None
        for text in (concept.title.en, concept.title.ko, concept.body.en, concept.path):
            assert text == unicodedata.normalize("NFC", text)
        if case.payload is not None:  # in every text field, or (a link) in the body
            assert concept.title.en == case.payload or case.payload in concept.body.en
    pack = corpus.pack(case)
    on_disk = {
        unicodedata.normalize("NFC", p.relative_to(pack).as_posix()) for p in pack.rglob("*.md")
    }
    assert concept.path in on_disk  # an NFD file name is stored as its NFC form


# -- the window: errors in a dialog, the graph kept; payloads shown as text ----------------


@pytest.fixture(scope="module")
def window(qapp, corpus: Corpus, tmp_path_factory: pytest.TempPathFactory) -> Iterator:  # noqa: ANN001
    data = tmp_path_factory.mktemp("hostile-gui")
    copy_db(corpus.base_db, user_paths(data).content_db(corpus.base))
    win = build_main_window(data_dir=data, pack_dir=corpus.base)
    win.resize(1200, 800)
    win.show()
    assert win.store is not None and win.pack_dir == corpus.base
    yield win
    win.close()
    win.deleteLater()
    qapp.processEvents()


@pytest.fixture
def hang_guard() -> Iterator[None]:
    # GUI work runs on this thread, so a hang cannot be timed out from here: dump every
    # thread's stack and end the run instead of letting CI sit forever.
    faulthandler.dump_traceback_later(120, exit=True)
    yield
    faulthandler.cancel_dump_traceback_later()


def _show(qtbot, window, pack: Path, db: Path) -> None:  # noqa: ANN001
    """Put `pack` on screen from its prebuilt database (no build in the window)."""
    if window.pack_dir != pack:
        copy_db(db, window.paths.content_db(pack))
        window.open_pack(pack)
    qtbot.waitUntil(lambda: window.pack_dir == pack and not window._building, timeout=60_000)


@pytest.mark.usefixtures("hang_guard")
@pytest.mark.parametrize("case", BROKEN, ids=_ids(BROKEN))
def test_window_shows_the_errors_and_keeps_the_graph(
    case: Case,
    corpus: Corpus,
    window,
    qtbot,  # noqa: ANN001
) -> None:
    pack = corpus.pack(case)
    shown, nodes, store = window.pack_dir, set(window.graph.nodes), window.store
    window.pack_errors_box = None
    window.open_pack(pack)
    qtbot.waitUntil(lambda: window.pack_errors_box is not None, timeout=60_000)
    box = window.pack_errors_box
    try:
        assert box.isVisible()
        assert str(pack) in box.informativeText() + box.text()
        assert _has_finding(box.detailedText().splitlines(), pack, case), box.detailedText()[:2000]
        assert "Traceback" not in box.detailedText()
    finally:
        box.done(0)
    assert window.pack_dir == shown and set(window.graph.nodes) == nodes
    assert window.store is store and store.summaries()
    assert not window.busy.isVisible()


_SAFE_HREF = re.compile(r"^(https?://|concept:|answer:)", re.I)


@pytest.mark.usefixtures("hang_guard")
@pytest.mark.parametrize("case", VALID, ids=_ids(VALID))
def test_window_shows_text_as_text_and_reads_nothing_outside_the_pack(
    case: Case,
    corpus: Corpus,
    window,
    qtbot,
    monkeypatch: pytest.MonkeyPatch,  # noqa: ANN001
) -> None:
    asked: list[tuple[str, bool]] = []  # (image URL, loaded)
    read: list[Path] = []  # every file an image was read from
    real = panel_module._pack_image

    def spy(root: Path, url):  # noqa: ANN001, ANN202
        image = real(root, url)
        asked.append((url.toString(), image is not None))
        return image

    def reader(path: str) -> QImageReader:
        read.append(Path(path))
        return QImageReader(path)

    monkeypatch.setattr(panel_module, "_pack_image", spy)
    monkeypatch.setattr(panel_module, "QImageReader", reader)
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: pytest.fail(url.toString()))
    pack = corpus.pack(case)
    _show(qtbot, window, pack, corpus.db(case))
    assert case.select is not None
    window.select(case.select)
    browser = window.panel.browser
    browser.document().size()  # lays the page out: images are asked for here
    text = window.panel.text()
    for shown in case.shows:
        assert as_plain_text(unicodedata.normalize("NFC", shown)) in text, shown
    title = window.store.concept(case.select).title.get(window.lang)
    assert text.startswith(as_plain_text(title))
    labels = {label.key: label.text for label in window.view.current_labels()}
    assert labels[case.select] == title
    hrefs = re.findall(r'href="([^"]*)"', browser.toHtml())
    assert all(_SAFE_HREF.match(h) for h in hrefs), hrefs
    root = pack.resolve()
    assert all(p.resolve().is_relative_to(root) for p in read), read
    if case.image is not None:
        assert asked, "the image was never asked for: the test would prove nothing"
        assert not any(loaded for _url, loaded in asked), asked
    else:
        assert read == []


# -- the export: text becomes data, never markup -------------------------------------------

_DATA_BLOCK = re.compile(r'<script type="application/json" id="[^"]+">(.*?)</script>', re.S)
_MARKUP = ("<script", "</script", "<img", "<svg", "<iframe", "<style", "onerror", "onload",
           "javascript:", "file:", "{{")  # fmt: skip


def _outside_data(page: str) -> dict[str, int]:
    """How often each markup marker occurs in the page outside its JSON data blocks."""
    rest = _DATA_BLOCK.sub("", page).lower()
    return {marker: rest.count(marker) for marker in _MARKUP}


def _export(db: Path, target: Path) -> str:
    def work() -> str:
        with ContentStore(db) as store:  # opened in the thread that uses it
            return export_html(store, target, ExportOptions()).read_text(encoding="utf-8")

    return bounded(work, 60)


@pytest.fixture(scope="module")
def baseline_markup(corpus: Corpus, tmp_path_factory: pytest.TempPathFactory) -> dict[str, int]:
    return _outside_data(_export(corpus.base_db, tmp_path_factory.mktemp("base") / "page.html"))


@pytest.mark.parametrize("case", VALID, ids=_ids(VALID))
def test_export_keeps_hostile_text_as_data(
    case: Case, corpus: Corpus, baseline_markup: dict[str, int], tmp_path: Path
) -> None:
    page = _export(corpus.db(case), tmp_path / "page.html")
    assert _outside_data(page) == baseline_markup
    blocks = _DATA_BLOCK.findall(page)
    assert blocks and not any("<" in block for block in blocks)  # so no `</script` either
    concepts = embedded(page, "atlas-concepts")
    record = concepts[case.select]
    with ContentStore(corpus.db(case)) as store:
        concept = store.concept(case.select)
        assert len(concepts) == store.count("concepts")
    # Text travels exactly as written ({{7*7}} stays); the page's browser tests show it as text.
    assert record["title"] == [concept.title.en, concept.title.ko]
    assert record["body"] == [concept.body.en, concept.body.ko]
    if case.payload is not None:
        assert case.payload in record["title"] or case.payload in record["body"][0]


@pytest.mark.parametrize("case", BROKEN, ids=_ids(BROKEN))
def test_export_of_a_broken_pack_reports_and_writes_nothing(
    case: Case, corpus: Corpus, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pack = corpus.pack(case)
    out = tmp_path / "out" / "page.html"
    out.parent.mkdir()
    assert bounded(lambda: main(["export", str(pack), "-o", str(out)]), 60) == 1
    err = capsys.readouterr().err
    assert _has_finding(err.splitlines(), pack, case), err[:2000]
    assert "Traceback" not in err
    assert list(out.parent.iterdir()) == []


# -- the search box: any text is a query, never syntax -------------------------------------


@pytest.mark.parametrize("case", SEARCHES, ids=_ids(SEARCHES))
def test_search_treats_any_text_as_text(
    case: SearchCase, corpus: Corpus, capsys: pytest.CaptureFixture[str]
) -> None:
    def core() -> list[str]:
        with ContentStore(corpus.base_db) as store:
            return [hit.concept_id for hit in search(store, case.query)]

    found = bounded(core, 10)
    assert set(found) <= {"alpha", "beta"}
    copy_db(corpus.base_db, user_paths().ensure().content_db(corpus.base))
    code = bounded(lambda: main(["search", case.query, "--pack", str(corpus.base)]), 30)
    out, err = capsys.readouterr()
    assert code == (0 if found else 1), err  # nothing found: exit 1 with a sentence (#15)
    assert "Traceback" not in err and (found or "no concept matches" in err)
    if case.finds is not None:
        assert case.finds in found
        assert out.startswith(f"{case.finds}\t")


@pytest.mark.usefixtures("hang_guard")
@pytest.mark.parametrize("case", SEARCHES, ids=_ids(SEARCHES))
def test_search_box_takes_any_text(case: SearchCase, corpus: Corpus, window, qtbot) -> None:  # noqa: ANN001
    _show(qtbot, window, corpus.base, corpus.base_db)
    box = window.search_box
    box.clear()
    type_text(box, case.query)
    assert box.result_ids() == [hit.concept_id for hit in search(window.store, case.query)][:30]
    if case.finds is not None:
        assert box.result_ids()[:1] == [case.finds]
    qtbot.keyClick(box, Qt.Key.Key_Return)
    if case.finds is not None:
        assert window.panel.current_id() == case.finds
    box.clear()
