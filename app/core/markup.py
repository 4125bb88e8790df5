"""Markdown for concept bodies: `[[wikilinks]]`, and rendering to HTML with raw HTML disabled."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

from markdown_it import MarkdownIt

from app.core.markdown_cjk import use_cjk_emphasis

__all__ = [
    "CONCEPT_SCHEME",
    "prose_lines",
    "code_lines",
    "lines_with",
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
    code = code_lines(text)
    for index, line in enumerate(text.split("\n")):
        yield index, line, index not in code


def code_lines(text: str) -> set[int]:
    """The 0-based indices of the lines of `text` in fenced code, the fence lines included.

    A fence opens with ``` or ~~~ (up to three spaces in) and closes with a line of the same
    character at least as long; one never closed runs to the end of the text.
    """
    # Most lines hold no fence at all: look for one only where one could be.
    markers = {index: line for index, _start, line in lines_with(text, "```")}
    markers.update((index, line) for index, _start, line in lines_with(text, "~~~"))
    code: set[int] = set()
    fence: str | None = None
    opened = 0
    for index in sorted(markers):
        marker = _FENCE_RE.match(markers[index])
        if not marker:
            continue
        token = marker.group(1)
        if fence is None:
            fence = token[0] * 3
            opened = index
        elif token.startswith(fence):
            code.update(range(opened, index + 1))
            fence = None
        # A fence of the other kind inside code is code like any other line.
    if fence is not None:
        code.update(range(opened, text.count("\n") + 1))
    return code


def lines_with(text: str, needle: str) -> Iterator[tuple[int, int, str]]:
    """Each line of `text` holding `needle` (no newline in it): its 0-based index, the offset
    in `text` where it starts, and the line.

    A body is read for its few headings, fences and links, and most of its lines hold none:
    they are skipped by looking for the needle's first character (a fast memchr, where a
    longer needle is looked for a character at a time), without splitting the text.
    """
    index = 0  # the 0-based index of the line starting at `start`
    start = 0
    found = text.find(needle[0])
    while found >= 0:
        line_start = text.rfind("\n", 0, found) + 1
        line_end = text.find("\n", found)
        if line_end < 0:
            line_end = len(text)
        line = text[line_start:line_end]
        if needle in line:
            index += text.count("\n", start, line_start)
            start = line_start
            yield index, line_start, line
        found = text.find(needle[0], line_end)


def iter_wikilinks(
    text: str, code: set[int] | None = None
) -> Iterator[tuple[int, str, str | None]]:
    """(0-based line, target id, label or None) for each `[[wikilink]]` outside code.

    `code` is `code_lines(text)` when the caller has it already.
    """
    linked = list(lines_with(text, "[["))
    if code is None:
        code = code_lines(text) if linked else set()
    for index, _start, line in linked:
        if index in code:
            continue
        if "`" in line:  # inline code is blanked out: a link in it is an example, not a link
            line = _INLINE_CODE_RE.sub(_blank, line)
        for match in _WIKILINK_RE.finditer(line):
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
