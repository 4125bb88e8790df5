"""A hostile pack exported and used in Chromium runs no script and shows every payload as text."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from app.core.export import ExportOptions, export_html
from app.core.store import ContentStore
from tests.export.conftest import click_node, embedded
from tests.export.hostile import HOSTILE_IDS, PAYLOADS

# What the page may contain once every panel has been rendered: no element that loads or
# runs anything, no event-handler attribute, no link other than http(s) and in-page ones.
_DOM_AUDIT = """() => {
    const problems = [];
    for (const node of document.querySelectorAll("*")) {
        const tag = node.tagName.toLowerCase();
        if (["img", "svg", "iframe", "object", "embed", "form", "base", "meta"].includes(tag)
            && !(tag === "meta" && node.parentElement === document.head)) {
            problems.push("element " + tag);
        }
        for (const attr of node.attributes) {
            if (attr.name.startsWith("on")) { problems.push(tag + " has " + attr.name); }
        }
        if (tag === "a" && !/^(https?:|#)/.test(node.getAttribute("href") || "")) {
            problems.push("link " + node.getAttribute("href"));
        }
    }
    const scripts = document.querySelectorAll("script").length;
    if (scripts !== 12) { problems.push(scripts + " script elements"); }
    return problems;
}"""


def _export(db: Path, out: Path, lang: str = "en") -> Path:
    with ContentStore(db) as store:
        return export_html(store, out, ExportOptions(lang=lang))


def test_payloads_stay_data_in_the_file(hostile_db: Path, tmp_path: Path) -> None:
    html = _export(hostile_db, tmp_path / "evil.html").read_text(encoding="utf-8")
    assert html.lower().count("</script") == 12
    assert "<img" not in html and "<svg" not in html and "<iframe" not in html
    concepts = embedded(html, "atlas-concepts")
    questions = [q for cid, q in embedded(html, "atlas-questions") if cid == "evil-one"]
    assert questions[1]["prompt"][0] == PAYLOADS[5]  # not 49
    titles = {cid: record["title"][0] for cid, record in concepts.items()}
    assert titles["evil-one"] == f"{PAYLOADS[0]} 0"
    assert all("title" not in node for node in embedded(html, "vis-nodes"))


@pytest.mark.browser
@pytest.mark.parametrize("lang", ["en", "ko"])
def test_hovering_and_clicking_every_node_runs_nothing(
    hostile_db: Path, tmp_path: Path, open_page: Any, lang: str
) -> None:
    opened = open_page(_export(hostile_db, tmp_path / "evil.html", lang=lang))
    page = opened.page
    assert page.evaluate("window.atlas.nodes.length") == len(HOSTILE_IDS)
    prefix = "한국어 " if lang == "ko" else ""
    for index, concept_id in enumerate(HOSTILE_IDS):
        click_node(page, concept_id, hover_only=True)
        page.wait_for_timeout(150)  # long enough for any tooltip to appear
        click_node(page, concept_id)
        panel = page.locator("#panel")
        title = page.locator("#panel h2").text_content()
        assert title == f"{prefix}{PAYLOADS[index]} {index}"
        for summary in panel.locator("summary").all():
            summary.click()
        for link in panel.locator(".body a[href^='#']").all():
            link.hover()
        text = panel.inner_text()
        assert "<script>window.__pwned=1;alert(1)</script>" in text
        assert '<img src=x onerror="window.__pwned=1;alert(2)">' in text
        assert "{{7*7}} {% raw %} ${7*7}" in text and "49" not in text
        assert "[click me](javascript:window.__pwned=1;alert(8))" in text
        assert page.evaluate(_DOM_AUDIT) == []
    page.locator("#search").click()
    page.keyboard.insert_text("<script>")
    assert page.locator("#search-results button").count() == len(HOSTILE_IDS)
    page.locator("#search-results button").first.hover()
    page.keyboard.press("Enter")
    assert page.evaluate(_DOM_AUDIT) == []
    page.locator("#lang-en" if lang == "ko" else "#lang-ko").click()
    assert page.evaluate("window.__pwned") is None
    assert opened.dialogs == []
    assert opened.console_errors == []
    assert opened.foreign_requests() == []
