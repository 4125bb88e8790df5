"""The exported page as a study tool on a 390×844 phone: tabs, Study mode, FSRS, localStorage."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from app.core.export import ExportOptions, export_html
from app.core.store import ContentStore
from tests.export.conftest import embedded, wait_for_first_draw
from tests.export.hostile import PAYLOADS
from tests.export.test_export_hostile import _DOM_AUDIT

pytestmark = pytest.mark.browser

PHONE = (390, 844)

# Every control on screen a finger may need, and its size in CSS pixels.
_TARGETS = """() => Array.from(document.querySelectorAll(
        "#bar button, #bar input, #bar select, #tabs button, #study button"))
    .filter((node) => node.getClientRects().length && getComputedStyle(node).visibility !== "hidden")
    .map((node) => { const r = node.getBoundingClientRect();
                     return [node.id || node.className || node.textContent, r.width, r.height]; })"""
_SIDEWAYS = """() => [document.documentElement.scrollWidth, document.body.scrollWidth,
    window.innerWidth, document.documentElement.clientWidth]"""


def _export(db: Path, out: Path, **options: Any) -> Path:
    with ContentStore(db) as store:
        return export_html(store, out, ExportOptions(**options))


def _no_sideways_scroll(page: Any) -> None:
    document, body, inner, client = page.evaluate(_SIDEWAYS)
    assert inner == PHONE[0] and client == PHONE[0]
    assert document <= PHONE[0] and body <= PHONE[0]


def _small_targets(page: Any) -> list[Any]:
    targets = page.evaluate(_TARGETS)
    assert targets
    return [t for t in targets if t[1] < 44 or t[2] < 44]


def _counts(page: Any) -> tuple[int, int]:
    due, new = (page.locator(f"#study-{name}").inner_text() for name in ("due", "new"))
    return int(due), int(new)


def _clean(opened: Any) -> None:
    assert opened.foreign_requests() == []
    assert opened.console_errors == []
    assert opened.dialogs == []


def test_study_on_a_phone_start_reveal_grade_and_keep_progress(
    export_db: Path, tmp_path: Path, open_page: Any
) -> None:
    path = _export(export_db, tmp_path / "atlas.html")
    key = embedded(path.read_text(encoding="utf-8"), "atlas-data")["studyKey"]
    opened = open_page(path, PHONE, phone=True)
    page = opened.page
    # A phone opens on the graph; the tabs switch between the graph, a concept and Study.
    assert page.locator("#mynetwork").is_visible() and page.locator("#study").is_hidden()
    _no_sideways_scroll(page)
    assert _small_targets(page) == []
    page.locator("#tab-study").tap()
    assert page.locator("#study").is_visible() and page.locator("#mynetwork").is_hidden()
    assert _counts(page) == (0, 3)
    _no_sideways_scroll(page)
    assert _small_targets(page) == []

    page.locator("#study-start").tap()
    assert page.locator("#study-prompt").inner_text() == "What does authentication answer?"
    assert page.locator("#study-answer").count() == 0 and page.locator("#grade-3").count() == 0
    page.locator("#study-reveal").tap()
    assert "Who the caller is." in page.locator("#study-answer").inner_text()
    points = page.locator("#study-points li").all_inner_texts()
    assert points == ["It establishes who the caller is", "It comes before authorization"]
    # Each grade says when the question comes back.
    assert re.fullmatch(r"Again\s*\d+m", page.locator("#grade-1").inner_text())
    assert _small_targets(page) == []
    _no_sideways_scroll(page)
    page.locator("#grade-3").tap()

    # A choice question is answered by tapping one: graded for you.
    assert page.locator("#study-prompt").inner_text().startswith("A known user lacks permission")
    assert page.locator("#study-reveal").count() == 0
    page.locator(".study-choice", has_text="403 Forbidden").tap()
    assert page.locator("#study-answer .verdict").inner_text() == "Right."
    assert page.locator(".study-choice.correct").inner_text() == "403 Forbidden"
    page.locator("#study-next").tap()
    assert page.locator("#study-prompt").inner_text() == "What is Redis?"
    page.locator("#study-reveal").tap()
    page.locator("#grade-4").tap()
    # Good on a new question asks it again in ten minutes: later in the same session.
    assert page.locator("#study-prompt").inner_text() == "What does authentication answer?"
    page.locator("#study-stop").tap()
    assert _counts(page) == (2, 0)  # Easy put Redis days away; two come back today

    stored = json.loads(page.evaluate("(key) => window.localStorage.getItem(key)", key))
    assert sorted(stored["cards"]) == ["authentication-what", "authorization-status", "redis-what"]
    assert stored["cards"]["redis-what"]["reps"] == 1 and stored["newToday"] == 3

    page.reload()
    wait_for_first_draw(page)
    page.locator("#tab-study").tap()
    assert _counts(page) == (2, 0)
    page.locator("#study-start").tap()
    assert page.locator("#study-prompt").inner_text() == "What does authentication answer?"
    _clean(opened)


def test_study_speaks_korean_and_switches_language_mid_question(
    export_db: Path, tmp_path: Path, open_page: Any
) -> None:
    opened = open_page(_export(export_db, tmp_path / "atlas.html", lang="ko"), PHONE, phone=True)
    page = opened.page
    assert page.locator("#tab-study").inner_text() == "학습"
    page.locator("#tab-study").tap()
    assert page.locator("#study-start").inner_text() == "학습 시작"
    page.locator("#study-start").tap()
    assert page.locator("#study-prompt").inner_text() == "인증은 어떤 질문에 답하나요?"
    page.locator("#study-reveal").tap()
    assert page.locator("#study-points li").first.inner_text() == "요청자가 누구인지 확인한다"
    assert page.locator("#grade-3").inner_text().startswith("알맞음")
    page.locator("#lang-en").tap()
    assert page.locator("#study-prompt").inner_text() == "What does authentication answer?"
    assert page.locator("#grade-3").inner_text().startswith("Good")
    _clean(opened)


def test_a_concept_studied_from_its_panel_on_a_wide_screen(
    export_db: Path, tmp_path: Path, open_page: Any
) -> None:
    opened = open_page(_export(export_db, tmp_path / "atlas.html"))
    page = opened.page
    assert page.locator("#tab-graph").is_hidden()  # the graph is always there beside
    page.evaluate("window.atlas.select('redis', true)")
    page.locator("#tab-study").click()
    assert page.locator("#mynetwork").is_visible() and page.locator("#panel").is_hidden()
    page.locator("#study-concept").click()
    assert page.locator("#study-prompt").inner_text() == "What is Redis?"
    page.locator("#study-reveal").click()
    page.locator("#grade-1").click()
    # Again: asked once more within the session; its concept opens the panel.
    assert page.locator("#study-prompt").inner_text() == "What is Redis?"
    page.locator("#study .study-concept-name").click()
    assert page.locator("#panel h2").inner_text() == "Redis"
    page.locator("#tab-study").click()
    page.locator("#study-stop").click()
    assert _counts(page) == (1, 2)
    _clean(opened)


def test_pinch_zooms_the_graph_not_the_page(
    bundled_db: Path, tmp_path: Path, open_page: Any
) -> None:
    opened = open_page(_export(bundled_db, tmp_path / "atlas.html"), PHONE, phone=True)
    page = opened.page
    _no_sideways_scroll(page)
    before = page.evaluate("window.atlas.network.getScale()")
    box = page.locator("#mynetwork").bounding_box()
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    cdp = page.context.new_cdp_session(page)

    def touch(kind: str, spread: float) -> None:
        points = [{"x": x - spread, "y": y, "id": 0}, {"x": x + spread, "y": y, "id": 1}]
        cdp.send("Input.dispatchTouchEvent", {"type": kind, "touchPoints": points})

    touch("touchStart", 20)
    for step in range(1, 11):
        touch("touchMove", 20 + 10 * step)
    cdp.send("Input.dispatchTouchEvent", {"type": "touchEnd", "touchPoints": []})
    page.wait_for_function(f"window.atlas.network.getScale() > {before * 2}")
    assert page.evaluate("window.visualViewport.scale") == 1  # the page itself stays put
    # Closer in, more concepts are named.
    page.evaluate(
        "new Promise((done) => { window.atlas.network.once('afterDrawing', done);"
        " window.atlas.network.redraw(); })"
    )
    assert len(page.evaluate("window.atlas.visibleLabels()")) > 12
    _clean(opened)


def _widest_code(bundled_db: Path) -> str:
    """The concept whose explanation has the longest line of code."""
    best, widest = "", 0
    with ContentStore(bundled_db) as store:
        for summary in store.summaries():
            body = store.concept(summary.id).body.en
            fenced = re.findall(r"```[^\n]*\n(.*?)```", body, re.S)
            width = max((len(line) for block in fenced for line in block.splitlines()), default=0)
            if width > widest:
                best, widest = summary.id, width
    assert widest > 60, "no long code line in the bundled pack"
    return best


def test_code_blocks_scroll_in_their_own_box_not_the_page(
    bundled_db: Path, tmp_path: Path, open_page: Any
) -> None:
    concept = _widest_code(bundled_db)
    opened = open_page(_export(bundled_db, tmp_path / "atlas.html"), PHONE, phone=True)
    page = opened.page
    page.evaluate("(id) => window.atlas.select(id, false)", concept)
    page.locator("#tab-panel").tap()
    pre = page.locator("#panel .body pre").first
    assert pre.is_visible()
    sizes = pre.evaluate("(pre) => [pre.scrollWidth, pre.clientWidth]")
    assert sizes[0] > sizes[1]  # wider than the screen: it scrolls inside its box
    _no_sideways_scroll(page)
    panel = page.evaluate("(() => { const p = document.getElementById('panel');"
                          " return [p.scrollWidth, p.clientWidth]; })()")  # fmt: skip
    assert panel[0] <= panel[1]
    assert _small_targets(page) == []
    _clean(opened)


def test_hostile_questions_study_as_text(hostile_db: Path, tmp_path: Path, open_page: Any) -> None:
    opened = open_page(_export(hostile_db, tmp_path / "evil.html"), PHONE, phone=True)
    page = opened.page
    page.locator("#tab-study").tap()
    page.locator("#study-start").tap()
    seen = set()
    for _ in range(12):
        prompt = page.locator("#study-prompt").inner_text()
        seen.add(prompt)
        if page.locator("#study-reveal").count():
            page.locator("#study-reveal").tap()
            page.locator("#grade-4").tap()
        else:
            page.locator(".study-choice").first.tap()
            page.locator("#study-next").tap()
        assert page.evaluate(_DOM_AUDIT) == []
        if page.locator("#study-prompt").count() == 0:
            break
    assert PAYLOADS[5] in seen
    assert page.evaluate("window.__pwned") is None
    _clean(opened)
