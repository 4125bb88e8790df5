"""A concept's definition as plain text, with the concept's own names masked out, for quizzes."""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Iterable, Iterator

from app.core.markup import prose_lines, render_markdown

__all__ = [
    "MASK",
    "definition",
    "first_paragraph",
    "first_sentences",
    "names_pattern",
    "mask_names",
]

MASK = "____"
_DEFINITION_CHARS = 300

_PARAGRAPH_RE = re.compile(r"<p>(.*?)</p>", re.S)
_TAG_RE = re.compile(r"<[^>]+>")
_SENTENCE_END_RE = re.compile(r"(?<=[.!?。])\s+")
# "Web Server vs WAS (Web Application Server)" is named in a text by any of its parts.
_NAME_PARTS_RE = re.compile(r"\s+vs\.?\s+|\s+and\s+|[()/,·]")


def _blocks(body: str) -> Iterator[str]:
    """The body cut at blank lines (never inside fenced code), in order."""
    block: list[str] = []
    for _index, line, prose in prose_lines(body):
        if prose and not line.strip():
            if block:
                yield "\n".join(block)
            block = []
        else:
            block.append(line)
    if block:
        yield "\n".join(block)


def first_paragraph(body: str, title_of: Callable[[str], str | None]) -> str:
    """The body's first paragraph as plain text: Markdown and [[wikilinks]] resolved away."""
    # The renderer already knows CommonMark and wikilinks; raw HTML in the body stays escaped
    # text, so the only tags to strip are the renderer's own. Rendering block by block stops
    # at the first paragraph instead of rendering the whole body.
    for block in _blocks(body):
        match = _PARAGRAPH_RE.search(render_markdown(block, title_of))
        if match is not None:
            text = html.unescape(_TAG_RE.sub("", match.group(1)))
            # CommonMark leaves `**bold**에` unparsed when a Korean particle follows the
            # closing marker; the markers mean nothing in plain text.
            return " ".join(text.replace("**", "").split())
    return ""


def first_sentences(text: str, enough: int = 80) -> str:
    """Whole sentences from the start, until there is enough to recognise a concept by."""
    taken = ""
    for sentence in _SENTENCE_END_RE.split(text):
        taken = f"{taken} {sentence}".strip()
        if len(taken) >= enough:
            break
    if len(taken) > _DEFINITION_CHARS:
        taken = taken[:_DEFINITION_CHARS].rsplit(" ", 1)[0] + " …"
    return taken


def names_pattern(names: Iterable[str]) -> re.Pattern[str] | None:
    """One pattern for a concept's own names: titles, their parts, aliases."""
    pieces: set[str] = set()
    for name in names:
        pieces.add(name.strip())
        pieces.update(p.strip() for p in _NAME_PARTS_RE.split(name))
    alternatives = []
    for piece in sorted((p for p in pieces if len(p) >= 2), key=lambda p: (-len(p), p)):
        if re.search(r"[a-rt-z]s$", piece) and len(piece) > 4:
            piece = piece[:-1]  # a plural title ("HTTP Headers") also names the singular
        pattern = r"\s+".join(re.escape(word) for word in piece.split())
        if piece[-1].isascii() and piece[-1].isalnum():
            # Short names ("DB", "JWT") only as whole words, plural allowed; longer ones also
            # hide inflections ("Caches", "Threads").
            pattern += r"(?:e?s)?(?![A-Za-z0-9])" if len(piece) <= 3 else r"[A-Za-z]*"
        # else: Korean particles attach directly (인증은, 인증을), so no boundary after.
        alternatives.append(pattern)
    if not alternatives:
        return None
    # Longest first: at one position the first alternative that matches wins.
    return re.compile(rf"(?<!\w)(?:{'|'.join(alternatives)})", re.IGNORECASE)


def mask_names(text: str, names: re.Pattern[str] | None) -> str:
    """Hide the concept's own names in its definition."""
    return names.sub(MASK, text) if names is not None else text


def definition(body: str, title_of: Callable[[str], str | None], lang: str) -> str:
    """The opening sentences of a body's first paragraph, as plain text ("" if it has none)."""
    # Korean says as much in about half the characters.
    return first_sentences(first_paragraph(body, title_of), 40 if lang == "ko" else 80)
