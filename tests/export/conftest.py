"""Fixtures for the export tests: built packs (a small one, a hostile one) and headless Chromium."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import private_copy
from tests.export.hostile import write_hostile_pack

HERE = Path(__file__).resolve().parent
PACK = HERE / "pack"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-default-apps",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(scope="session")
def _export_dbs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    from app.core.content import build_content

    folder = tmp_path_factory.mktemp("export-content")
    hostile = write_hostile_pack(folder / "hostile-pack")
    return {
        "pack": build_content(PACK, folder / "pack.db").db_path,
        "hostile": build_content(hostile, folder / "hostile.db").db_path,
    }


@pytest.fixture
def export_db(_export_dbs: dict[str, Path], tmp_path: Path) -> Path:
    """A private copy of the test pack's content database."""
    return private_copy(_export_dbs["pack"], tmp_path)


@pytest.fixture
def hostile_db(_export_dbs: dict[str, Path], tmp_path: Path) -> Path:
    return private_copy(_export_dbs["hostile"], tmp_path)


def embedded(html: str, block: str) -> Any:
    """The JSON data block `block` (e.g. "atlas-data") of an exported page."""
    match = re.search(rf'<script type="application/json" id="{block}">(.*?)</script>', html, re.S)
    assert match, f"no {block} block in the page"
    return json.loads(match.group(1))


def answered_progress(folder: Path, answers: dict[str, tuple[str, int]]) -> Path:
    """A progress database with one answer (question id → concept id, rating) each."""
    from app.core import progress

    path = folder / "progress.db"
    with progress.ProgressStore(path) as store:
        for question_id, (concept_id, rating) in answers.items():
            store.record(question_id, concept_id, rating)
    return path


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """Headless Debian Chromium. Missing Chromium is a failure: CI installs it."""
    if not CHROMIUM.exists():
        pytest.fail(
            f"{CHROMIUM} not found: the export's browser tests need Debian's chromium "
            "(apt-get install chromium); they never download a browser",
            pytrace=False,
        )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@dataclass
class Opened:
    """A page opened from disk, with everything it tried to do recorded."""

    page: Any
    url: str
    requests: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)

    def foreign_requests(self) -> list[str]:
        return [r for r in self.requests if r != self.url]


@pytest.fixture
def open_page(browser: Any) -> Iterator[Any]:
    """Open an exported file with every network route aborted and all activity recorded."""
    contexts: list[Any] = []

    def _open(path: Path, viewport: tuple[int, int] = (1280, 800), phone: bool = False) -> Opened:
        # phone: a touch screen that pinches and taps, as a phone's browser has.
        context = browser.new_context(
            viewport={"width": viewport[0], "height": viewport[1]},
            **({"has_touch": True, "is_mobile": True, "device_scale_factor": 3} if phone else {}),
        )
        contexts.append(context)
        page = context.new_page()
        opened = Opened(page=page, url=path.resolve().as_uri())
        # Only the page itself may load; anything else (http, other files) is refused.
        context.route(
            "**/*",
            lambda route: route.continue_() if route.request.url == opened.url else route.abort(),
        )
        page.on("request", lambda request: opened.requests.append(request.url))
        page.on(
            "console",
            lambda m: (
                opened.console_errors.append(m.text) if m.type in ("error", "warning") else None
            ),
        )
        page.on("pageerror", lambda error: opened.console_errors.append(f"pageerror: {error}"))

        def _dialog(dialog: Any) -> None:
            opened.dialogs.append(f"{dialog.type}: {dialog.message}")
            dialog.dismiss()

        page.on("dialog", _dialog)
        page.goto(opened.url)
        wait_for_first_draw(page)
        return opened

    yield _open
    for context in contexts:
        context.close()


def wait_for_first_draw(page: Any) -> None:
    page.wait_for_function("window.atlas && window.atlas.firstDraw !== null", timeout=20_000)


def click_node(page: Any, concept_id: str, hover_only: bool = False) -> None:
    """Bring a node to the middle of the canvas and press the real mouse on it."""
    point = page.evaluate(
        """(id) => {
            const network = window.atlas.network;
            const position = network.getPositions([id])[id];
            network.moveTo({position: position, scale: 1.2, animation: false});
            const dom = network.canvasToDOM(position);
            const box = document.getElementById("mynetwork").getBoundingClientRect();
            return {x: box.left + dom.x, y: box.top + dom.y};
        }""",
        concept_id,
    )
    page.mouse.move(point["x"], point["y"])
    if not hover_only:
        page.mouse.click(point["x"], point["y"])
