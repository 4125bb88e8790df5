"""The exported page in headless Chromium, used the way a learner uses it."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from app.core.export import ExportOptions, export_html
from app.core.store import ContentStore
from tests.export.conftest import answered_progress, click_node

pytestmark = pytest.mark.browser


def _export(db: Path, out: Path, **options: Any) -> Path:
    with ContentStore(db) as store:
        return export_html(store, out, ExportOptions(**options))


def _panel_title(page: Any) -> str:
    return page.locator("#panel h2").inner_text()


def _clean(opened: Any) -> None:
    assert opened.foreign_requests() == []
    assert opened.console_errors == []
    assert opened.dialogs == []


def test_opens_offline_with_every_concept_drawn(export_db: Path, tmp_path: Path, open_page) -> None:
    opened = open_page(_export(export_db, tmp_path / "atlas.html"))
    page = opened.page
    assert page.evaluate("window.atlas.nodes.length") == 7
    drawn = page.evaluate("Object.keys(window.atlas.network.getPositions()).length")
    assert drawn == 7
    # Each edge carries its kind's style (arrows, dashes) as vis-network draws it.
    styled = page.evaluate(
        "Object.fromEntries(window.atlas.edges.get().map(e => [e.kind, [e.arrows, !!e.dashes]]))"
    )
    assert styled["prerequisite-of"] == ["to", False]
    assert styled["related-to"] == [None, True]
    # Sized by the links drawn to them: authentication has four, jwt-signature one.
    sizes = page.evaluate("Object.fromEntries(window.atlas.nodes.get().map(n => [n.id, n.size]))")
    assert sizes["authentication"] == 16.0 and sizes["jwt-signature"] == 12.0
    legend = page.locator("#legend").inner_text()
    assert "Authentication & Security" in legend and "contrasts with" in legend
    _clean(opened)


def test_clicking_a_node_shows_its_explanation(export_db: Path, tmp_path: Path, open_page) -> None:
    opened = open_page(_export(export_db, tmp_path / "atlas.html"))
    page = opened.page
    assert page.locator("#panel .hint").is_visible()
    click_node(page, "authentication")
    assert _panel_title(page) == "Authentication"
    assert "answers who are you?" in page.locator("#panel .body").inner_text()
    assert page.evaluate("window.atlas.network.getSelectedNodes()") == ["authentication"]
    # A linked concept in the panel moves the selection.
    page.locator("#panel ul.links a", has_text="Authorization").first.click()
    assert _panel_title(page) == "Authorization"
    assert page.evaluate("window.atlas.network.getSelectedNodes()") == ["authorization"]
    # ... and so does a [[wikilink]] inside the explanation.
    page.locator("#panel .body a", has_text="authentication").click()
    assert _panel_title(page) == "Authentication"
    _clean(opened)


def test_answers_stay_hidden_until_asked(export_db: Path, tmp_path: Path, open_page) -> None:
    opened = open_page(_export(export_db, tmp_path / "atlas.html"))
    page = opened.page
    click_node(page, "authorization")
    question = page.locator("#panel .question")
    assert "A known user lacks permission" in question.inner_text()
    answer = question.locator("p.correct")
    assert not answer.is_visible()
    question.locator("summary").click()
    assert answer.is_visible() and answer.inner_text() == "Answer: 403 Forbidden"
    _clean(opened)


@pytest.mark.parametrize(("query", "concept", "title"), [
    ("레디스", "redis", "Redis"),
    ("authz", "authorization", "Authorization"),
    ("데이터베", "database", "Database"),
    ("JSON web", "jwt", "JSON Web Token (JWT)"),
])  # fmt: skip
def test_search_finds_titles_and_aliases_in_both_languages(
    export_db: Path, tmp_path: Path, open_page, query: str, concept: str, title: str
) -> None:
    opened = open_page(_export(export_db, tmp_path / "atlas.html"))
    page = opened.page
    page.locator("#search").click()
    page.keyboard.insert_text(query)  # what an input method commits
    first = page.locator("#search-results button").first
    assert first.get_attribute("data-id") == concept
    page.keyboard.press("Enter")
    assert _panel_title(page) == title
    assert page.locator("#search-results").is_hidden()
    _clean(opened)


def test_language_switch_relabels_graph_and_panel(
    export_db: Path, tmp_path: Path, open_page
) -> None:
    opened = open_page(_export(export_db, tmp_path / "atlas.html", lang="ko"))
    page = opened.page
    assert page.evaluate("document.documentElement.lang") == "ko"
    assert page.evaluate("window.atlas.nodes.get('cache').label") == "캐시"
    click_node(page, "cache")
    assert _panel_title(page) == "캐시"
    page.locator("#lang-en").click()
    assert page.evaluate("window.atlas.nodes.get('cache').label") == "Cache"
    assert _panel_title(page) == "Cache"
    assert "Data & Caching" in page.locator("#legend").inner_text()
    _clean(opened)


def test_local_export_opens_on_its_concept(export_db: Path, tmp_path: Path, open_page) -> None:
    opened = open_page(_export(export_db, tmp_path / "jwt.html", local="jwt", depth=1))
    page = opened.page
    assert page.evaluate("window.atlas.nodes.length") == 3
    assert _panel_title(page) == "JSON Web Token (JWT)"
    assert "JSON Web Token" in page.title()
    _clean(opened)


def test_mastery_colours_nodes(export_db: Path, tmp_path: Path, open_page) -> None:
    progress_db = answered_progress(tmp_path, {"redis-what": ("redis", 4)})
    opened = open_page(_export(export_db, tmp_path / "m.html", progress_db=progress_db))
    page = opened.page
    assert page.evaluate("window.atlas.nodes.get('redis').group") == "data"
    page.locator("#colour-select").select_option("mastery")
    # One answer is the start of mastery, not all of it (app.core.mastery): the lowest band.
    assert page.evaluate("window.atlas.nodes.get('redis').group") == "mastery-1"
    assert page.evaluate("window.atlas.nodes.get('cache').group") == "mastery-0"
    assert "not studied yet" in page.locator("#legend").inner_text()
    click_node(page, "redis")
    shown = re.search(r"Mastery: (\d+)%", page.locator("#panel").inner_text())
    assert shown is not None and 0 < int(shown.group(1)) < 50
    _clean(opened)


def test_colour_mode_is_hidden_without_progress(export_db: Path, tmp_path: Path, open_page) -> None:
    opened = open_page(_export(export_db, tmp_path / "atlas.html"))
    assert opened.page.locator("#colour-mode").is_hidden()
    _clean(opened)
