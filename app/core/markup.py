"""Markdown for concept bodies: `[[wikilinks]]`, and rendering to HTML with raw HTML disabled."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

from markdown_it import MarkdownIt

from app.core.markdown_cjk import use_cjk_emphasis

__all__ = [
    "CONCEPT_SCHEME",
    "prose_lines",
    "iter_wikilinks",
    "resolve_wikilinks",
    "render_markdown",
    "is_safe_url",
]

#: Internal links in rendered HTML point at `concept:<id>`.
CONCEPT_SCHEME = "concept:"

_WIKILINK_RE = re.compile(r"\[\[([^\[\]|\n]+?)(?:\|([^\[\]\n]+?))?\]\]")
_FENCE_RE = re.compile(r"^\s{0,3}(`{3,}|~{3,})")
_INLINE_CODE_RE = re.compile(r"(`+)[^`\n]*?\1")


def prose_lines(text: str) -> Iterator[tuple[int, str, bool]]:
    """Each line with its 0-based index and whether it is prose (outside fenced code)."""
    fence: str | None = None
    for index, line in enumerate(text.split("\n")):
        # Most lines hold no fence at all: look for one only where one could be.
        marker = _FENCE_RE.match(line) if "```" in line or "~~~" in line else None
        if marker:
            token = marker.group(1)
            if fence is None:
                fence = token[0] * 3
            elif token.startswith(fence):
                fence = None
            yield index, line, False
            continue
        yield index, line, fence is None


def iter_wikilinks(text: str) -> Iterator[tuple[int, str, str | None]]:
    """(0-based line, target id, label or None) for each `[[wikilink]]` outside code."""
    for index, line, prose in prose_lines(text):
        if not prose or "[[" not in line:
            continue
        for match in _WIKILINK_RE.finditer(_INLINE_CODE_RE.sub(_blank, line)):
            yield index, match.group(1).strip(), (match.group(2) or "").strip() or None


def _blank(match: re.Match[str]) -> str:
    return " " * len(match.group(0))


def resolve_wikilinks(text: str, title_of: Callable[[str], str | None]) -> str:
    """Markdown with each `[[wikilink]]` outside code made a `concept:` link titled by `title_of`.

    A target `title_of` does not know becomes its label as plain text: no dead link.
    """
    out: list[str] = []
    for _index, line, prose in prose_lines(text):
        if prose and "[[" in line:
            line = _replace_in_line(line, title_of)
        out.append(line)
    return "\n".join(out)


def _replace_in_line(line: str, title_of: Callable[[str], str | None]) -> str:
    masked = _INLINE_CODE_RE.sub(_blank, line)
    pieces: list[str] = []
    last = 0
    for match in _WIKILINK_RE.finditer(masked):
        target = match.group(1).strip()
        label = (match.group(2) or "").strip() or title_of(target) or target
        label = _escape_label(label)
        pieces.append(line[last : match.start()])
        if title_of(target) is None:
            pieces.append(label)  # unknown target: plain text, no dead link
        else:
            pieces.append(f"[{label}](<{CONCEPT_SCHEME}{target}>)")
        last = match.end()
    pieces.append(line[last:])
    return "".join(pieces)


def _escape_label(label: str) -> str:
    return re.sub(r"([\\`*_\[\]<>!])", r"\\\1", label)


def is_safe_url(url: str) -> bool:
    """Links a body may carry: http(s) and internal concept links; nothing else."""
    lowered = url.strip().lower()
    return lowered.startswith(("http://", "https://", CONCEPT_SCHEME))


def _safe_or_relative(url: str) -> bool:
    return is_safe_url(url) or re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*:", url.strip()) is None


def _make_parser(images: bool) -> MarkdownIt:
    # "js-default" is CommonMark with raw HTML off: `<script>` in a body stays text.
    md = MarkdownIt("js-default", {"html": False, "linkify": False, "typographer": False})
    use_cjk_emphasis(md)
    md.enable("table")
    md.enable("strikethrough")
    if images:
        # Relative image paths stay; the panel resolves them inside the pack folder only,
        # and refuses any click on a link that is not http(s) or a concept.
        md.validateLink = _safe_or_relative  # type: ignore[method-assign]
    else:
        md.validateLink = is_safe_url  # type: ignore[method-assign]
        md.disable("image")
    return md


_PARSERS: dict[bool, MarkdownIt] = {}


def render_markdown(
    text: str,
    title_of: Callable[[str], str | None] = lambda _id: None,
    images: bool = False,
) -> str:
    """Render a body to HTML. Wikilinks become `concept:` links titled by `title_of`."""
    parser = _PARSERS.get(images)
    if parser is None:
        parser = _PARSERS[images] = _make_parser(images)
    return parser.render(resolve_wikilinks(text, title_of))
