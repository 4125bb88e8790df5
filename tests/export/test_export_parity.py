"""The page reads a concept as the app does: the same wikilinks, relations and labels.

Bodies ship as written and the page resolves their `[[wikilinks]]` and relations itself
(so a 10,000-concept export is a copy, not a rebuild); these tests hold its JavaScript to
the Python the app uses, on tricky Markdown, on every bundled body and on every concept.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from app.core.export import ExportOptions, export_html
from app.core.graph import RELATIONS, build_graph, relations_of
from app.core.markup import resolve_wikilinks
from app.core.model import short_title
from app.core.store import ContentStore

pytestmark = pytest.mark.browser

TRICKY = [
    "See [[jwt]].",
    "[[jwt|the *token*]] and [[redis|<b>&</b> _x_ ! `y` [z]]]",
    "[[nope|Nope]] and [[gone]] and [[Redis]]",  # unknown targets (ids are lower case): text
    "[[constructor]] [[__proto__]] [[hasOwnProperty|own]]",
    "[[ jwt ]] [[jwt|  spaced  ]] [[jwt|]] [[jwt|a\u3000]] [[jwt|b\u00a0]]",
    "[[jwt]][[redis]] [[jwt|one|two]] [[ [jwt] ]] [[jwt\n]]",
    "`[[jwt]]` ``code [[jwt]]`` [[redis]] a ` b [[jwt]]",
    "😀`x` [[jwt]] 한국어 [[cache|캐시]]와 [[redis]]",
    "```\n[[jwt]]\n```\n[[jwt]]",
    "~~~~\n[[jwt]]\n~~~\n[[jwt]]\n~~~~\n[[redis]]",
    "````\n```\n[[jwt]]\n````\n[[redis]]",
    "   ```python\n[[jwt]]\n   ```\n\t```\n[[jwt]]\n```\n[[cache]]",
    "    [[jwt]] in an indented block\n\n> quoted [[redis]]\n- listed [[cache]]",
    "```\nnever closed [[jwt]]",
]


def _export(db: Path, out: Path, **options: Any) -> Path:
    with ContentStore(db) as store:
        return export_html(store, out, ExportOptions(**options))


def _titles(db: Path) -> tuple[Any, Any]:
    with ContentStore(db) as store:
        summaries = store.summaries()
    return (
        {s.id: s.title.get("en") for s in summaries}.get,
        {s.id: s.title.get("ko") for s in summaries}.get,
    )


def _resolved_in_page(page: Any, texts: list[str]) -> list[list[str]]:
    return page.evaluate(
        "texts => texts.map(t => [0, 1].map(i => window.atlas.resolveWikilinks(t, i)))", texts
    )


def _expected(db: Path, texts: list[str]) -> list[list[str]]:
    title_en, title_ko = _titles(db)
    return [[resolve_wikilinks(t, title_en), resolve_wikilinks(t, title_ko)] for t in texts]


def test_tricky_wikilinks_resolve_as_in_the_app(
    export_db: Path, tmp_path: Path, open_page: Any
) -> None:
    page = open_page(_export(export_db, tmp_path / "out.html")).page
    assert _resolved_in_page(page, TRICKY) == _expected(export_db, TRICKY)


def test_a_local_page_titles_links_to_concepts_it_leaves_out(
    export_db: Path, tmp_path: Path, open_page: Any
) -> None:
    opened = open_page(_export(export_db, tmp_path / "out.html", local="jwt"))
    texts = ["Before [[authorization]]; see [[redis|레디스]] and [[nope]]."]
    assert _resolved_in_page(opened.page, texts) == _expected(export_db, texts)
    # In the panel the outside concept reads as text: there is nothing to go to.
    opened.page.evaluate("window.atlas.select('authentication', false)")
    panel = opened.page.locator("#panel .body")
    assert "Authorization" in panel.inner_text()
    assert panel.locator("a").count() == 0
    assert opened.console_errors == []


def test_every_bundled_body_and_relation_reads_as_in_the_app(
    bundled_db: Path, tmp_path: Path, open_page: Any
) -> None:
    page = open_page(_export(bundled_db, tmp_path / "atlas.html")).page
    with ContentStore(bundled_db) as store:
        bodies = store.bodies()
        graph = build_graph(store.summaries(), store.links())
    texts = [text for body in bodies.values() for text in (body.en, body.ko)]
    assert _resolved_in_page(page, texts) == _expected(bundled_db, texts)

    order = list(RELATIONS)
    expected = {
        cid: [[order.index((r.kind, r.outgoing)), ids] for r, ids in relations_of(graph, cid)]
        for cid in graph
    }
    shown = page.evaluate(
        "ids => Object.fromEntries(ids.map(id => [id, window.atlas.relationsOf(id)]))",
        list(graph),
    )
    assert shown == expected
    assert sum(len(groups) for groups in expected.values()) > 400  # the graph is really there

    with ContentStore(bundled_db) as store:
        titles = [t for s in store.summaries() for t in (s.title.en, s.title.ko)]
    titles += ["O(n) time", "f(x) (the function)", "(only an aside)", "a  (b) (c)  d", "x (y"]
    labels = page.evaluate("ts => ts.map(t => window.atlas.shortTitle(t))", titles)
    assert labels == [short_title(t) for t in titles]
    assert sum(label != title for label, title in zip(labels, titles, strict=True)) > 50
