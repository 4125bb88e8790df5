"""Bodies rendered in the page from Markdown: Korean emphasis, tables, links, and no script."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

from app.core.export import ExportOptions, export_html
from app.core.markup import render_markdown
from app.core.store import ContentStore

pytestmark = pytest.mark.browser

_RICH_EN = """A **refresh token(RT)** lives long; ~~forever~~ not quite.

| kind | lifetime |
|:--|--:|
| access | minutes |
| refresh | days |

3. third
4. fourth

```
code <b>stays</b> text
```

See [[hostile-links]] and [the spec](https://example.com/rfc)."""
_RICH_KO = "새 **토큰(RT)**을 발급합니다. *세션*과 [[hostile-links|링크]]는 다릅니다."
_HOSTILE = (
    "[x](javascript:alert(1))",
    "[y](data:text/html,1)",
    "<img src=x onerror=alert(1)>",
    "<script>window.__pwned=1;alert(2)</script>",
)
_PACK = {
    "rich": ("Rich", "풍부한", _RICH_EN, _RICH_KO),
    "hostile-links": ("Hostile", "악성", "\n\n".join(_HOSTILE), "\n\n".join(_HOSTILE)),
}


@pytest.fixture(scope="module")
def markdown_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from app.core.content import build_content

    folder = tmp_path_factory.mktemp("markdown-pack")
    pack = folder / "pack"
    pack.mkdir()
    (pack / "categories.yaml").write_text(
        '- id: misc\n  title: {en: "Misc", ko: "기타"}\n  colour: "#4363d8"\n', encoding="utf-8"
    )
    for cid, (en, ko, body_en, body_ko) in _PACK.items():
        other = "rich" if cid != "rich" else "hostile-links"
        (pack / f"{cid}.md").write_text(
            f"---\nid: {cid}\ntitle: {{en: {en}, ko: {ko}}}\ncategory: misc\nlinks:\n"
            f"  - {{to: {other}, kind: related-to}}\n---\n## en\n{body_en}\n\n## ko\n{body_ko}\n",
            encoding="utf-8",
        )
    return build_content(pack, folder / "markdown.db").db_path


def _open(db: Path, tmp_path: Path, open_page: Any, lang: str) -> Any:
    with ContentStore(db) as store:
        out = export_html(store, tmp_path / "md.html", ExportOptions(lang=lang))
    return open_page(out)


def _show(page: Any, concept_id: str) -> Any:
    page.evaluate("(id) => window.atlas.select(id, false)", concept_id)
    return page.locator("#panel .body")


def _clean(opened: Any) -> None:
    assert opened.page.evaluate("window.__pwned") is None
    assert opened.dialogs == [] and opened.console_errors == []
    assert opened.foreign_requests() == []


def test_korean_emphasis_tables_lists_and_code(
    markdown_db: Path, tmp_path: Path, open_page: Any
) -> None:
    opened = _open(markdown_db, tmp_path, open_page, "ko")
    page = opened.page
    body = _show(page, "rich")
    assert body.locator("strong").all_inner_texts() == ["토큰(RT)"]
    assert "**" not in body.inner_text() and "토큰(RT)을 발급합니다" in body.inner_text()
    assert body.locator("em").all_inner_texts() == ["세션"]
    page.locator("#lang-en").click()
    body = page.locator("#panel .body")
    assert body.locator("strong").all_inner_texts() == ["refresh token(RT)"]
    assert body.locator("s").all_inner_texts() == ["forever"]
    assert body.locator("table th").all_inner_texts() == ["kind", "lifetime"]
    cells = body.locator("table tbody td").all_inner_texts()
    assert cells == ["access", "minutes", "refresh", "days"]
    assert body.locator("table [style]").count() == 0  # alignment styles are not copied
    assert body.locator("ol").get_attribute("start") == "3"
    assert body.locator("pre code").inner_text() == "code <b>stays</b> text\n"
    assert body.locator("b").count() == 0
    external = body.locator("a", has_text="the spec")
    assert external.get_attribute("href") == "https://example.com/rfc"
    assert external.get_attribute("rel") == "noopener noreferrer"
    _clean(opened)


def test_body_links_move_the_selection_and_bodies_are_built_once(
    markdown_db: Path, tmp_path: Path, open_page: Any
) -> None:
    opened = _open(markdown_db, tmp_path, open_page, "ko")
    page = opened.page
    _show(page, "rich")
    page.evaluate("window.__firstBody = document.querySelector('#panel .body')")
    page.locator("#panel .body a", has_text="링크").click()
    assert page.locator("#panel h2").inner_text() == "악성"
    assert page.evaluate("window.atlas.network.getSelectedNodes()") == ["hostile-links"]
    _show(page, "rich")
    assert page.evaluate("document.querySelector('#panel .body') === window.__firstBody")
    _clean(opened)


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_unsafe_links_html_and_images_stay_text(
    markdown_db: Path, tmp_path: Path, open_page: Any, lang: str
) -> None:
    opened = _open(markdown_db, tmp_path, open_page, lang)
    page = opened.page
    body = _show(page, "hostile-links")
    text = body.inner_text()
    for payload in _HOSTILE:
        assert payload in text
    assert body.locator("a, img, script, span").count() == 0
    assert page.locator("img, iframe").count() == 0
    for paragraph in body.locator("p").all():
        paragraph.click()
    _clean(opened)


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)


@pytest.mark.parametrize(
    ("concept", "lang"), [("rich", "en"), ("rich", "ko"), ("hostile-links", "en")]
)
def test_page_renders_the_same_elements_as_the_app(
    markdown_db: Path, tmp_path: Path, open_page: Any, concept: str, lang: str
) -> None:
    """The page's markdown-it (with its CJK port) and the app's markdown-it-py agree."""
    titles = {"rich": "Rich", "hostile-links": "Hostile"}
    if lang == "ko":
        titles = {"rich": "풍부한", "hostile-links": "악성"}
    expected = _Tags()
    expected.feed(render_markdown(_PACK[concept][2 if lang == "en" else 3], titles.get))
    opened = _open(markdown_db, tmp_path, open_page, lang)
    body = _show(opened.page, concept)
    shown = body.evaluate("(b) => Array.from(b.querySelectorAll('*'), (e) => e.localName)")
    assert shown == expected.tags
    _clean(opened)
