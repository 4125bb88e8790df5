"""Markdown rendering: raw HTML stays text, only safe links survive, Korean emphasis closes."""

from __future__ import annotations

import pytest

from app.core.markup import iter_wikilinks, render_markdown
from app.core.model import short_title

TITLES = {"jwt": "JWT", "refresh-token": "Refresh Token"}


def _render(text: str) -> str:
    return render_markdown(text, TITLES.get)


def test_wikilinks_become_concept_links_with_titles() -> None:
    html = _render("See [[jwt]] and [[refresh-token|refresh tokens]].")
    assert '<a href="concept:jwt">JWT</a>' in html
    assert '<a href="concept:refresh-token">refresh tokens</a>' in html


def test_unknown_wikilink_is_plain_text() -> None:
    assert _render("[[nope|Nope]]") == "<p>Nope</p>\n"


def test_wikilinks_in_code_are_left_alone() -> None:
    text = "`[[jwt]]`\n\n```\nx = [[1, 2], [3]]\n[[jwt]]\n```"
    assert list(iter_wikilinks(text)) == []
    assert "concept:" not in _render(text)


@pytest.mark.parametrize(
    "payload",
    [
        "<script>alert(1)</script>",
        "<img src=x onerror=alert(1)>",
        '<a href="javascript:alert(1)">x</a>',
        "<iframe src=//evil>",
    ],
)
def test_raw_html_is_escaped(payload: str) -> None:
    html = _render(payload)
    assert (
        "<script" not in html
        and "<img" not in html
        and "<iframe" not in html
        and '<a href="javascript' not in html
    )


@pytest.mark.parametrize(
    ("link", "kept"),
    [
        ("https://example.org/", True),
        ("http://example.org/", True),
        ("javascript:alert(1)", False),
        ("JaVaScRiPt:alert(1)", False),
        ("data:text/html,hi", False),
        ("file:///etc/passwd", False),
        ("vbscript:msgbox", False),
        ("ftp://example.org", False),
    ],
)
def test_only_http_links_survive(link: str, kept: bool) -> None:
    html = _render(f"[x]({link})")
    assert ("<a href=" in html) is kept


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        (
            "**새 [[refresh-token|토큰]]**을",
            '<strong>새 <a href="concept:refresh-token">토큰</a></strong>을',
        ),
        ("**(RFC 6749)**에서", "<strong>(RFC 6749)</strong>에서"),
        ("**굵게**는", "<strong>굵게</strong>는"),
        ("snake_case_name", "snake_case_name"),
        ("a **b** c", "a <strong>b</strong> c"),
    ],
)
def test_emphasis_next_to_korean_closes(source: str, expected: str) -> None:
    assert _render(source) == f"<p>{expected}</p>\n"


@pytest.mark.parametrize(
    ("title", "label"),
    [
        ("Object-Relational Mapping (ORM)", "Object-Relational Mapping"),
        ("정규화 (Normalization)와 반정규화", "정규화와 반정규화"),
        ("Django MVT (Model-View-Template) vs MVC", "Django MVT vs MVC"),
        ("캐시 （전각 괄호）", "캐시"),
        ("O(n) time", "O(n) time"),  # part of a word: stays
        ("<script>alert(1)</script>", "<script>alert(1)</script>"),
        ("(only an aside)", "(only an aside)"),  # nothing would be left: the title stays
        ("unclosed (aside", "unclosed (aside"),
    ],
)
def test_graph_labels_drop_asides_in_parentheses(title: str, label: str) -> None:
    assert short_title(title) == label
