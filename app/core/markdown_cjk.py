"""CJK-friendly emphasis for markdown-it-py: `**굵게(bold)**는` closes as a Korean writer means it.

CommonMark decides whether `**` opens or closes from the characters around it. A run preceded
by punctuation and followed by a letter cannot close, so `**새 토큰(RT)**을` shows its
asterisks. Korean attaches particles straight to words, so here a CJK letter next to a
delimiter run counts as punctuation would: a boundary, not the inside of a word.
"""

from __future__ import annotations

import unicodedata

from markdown_it import MarkdownIt
from markdown_it.common.utils import isMdAsciiPunct, isPunctChar, isWhiteSpace
from markdown_it.parser_inline import ParserInline
from markdown_it.rules_inline.state_inline import Scanned, StateInline

__all__ = ["use_cjk_emphasis"]


def _is_cjk(char: str) -> bool:
    if not char or char.isascii():
        return False
    name = unicodedata.name(char, "")
    return name.startswith(("HANGUL", "CJK", "HIRAGANA", "KATAKANA"))


class _CjkStateInline(StateInline):
    def scanDelims(self, start: int, canSplitWord: bool) -> Scanned:  # noqa: N802, N803 - upstream names
        pos = start
        maximum = self.posMax
        marker = self.src[start]
        last_char = self.src[start - 1] if start > 0 else " "
        while pos < maximum and self.src[pos] == marker:
            pos += 1
        count = pos - start
        next_char = self.src[pos] if pos < maximum else " "
        last_punct = isMdAsciiPunct(ord(last_char)) or isPunctChar(last_char) or _is_cjk(last_char)
        next_punct = isMdAsciiPunct(ord(next_char)) or isPunctChar(next_char) or _is_cjk(next_char)
        last_space = isWhiteSpace(ord(last_char))
        next_space = isWhiteSpace(ord(next_char))
        left = not (next_space or (next_punct and not (last_space or last_punct)))
        right = not (last_space or (last_punct and not (next_space or next_punct)))
        can_open = left and (canSplitWord or not right or last_punct)
        can_close = right and (canSplitWord or not left or next_punct)
        return Scanned(can_open, can_close, count)


class _CjkParserInline(ParserInline):
    def parse(self, src: str, md: MarkdownIt, env: dict, tokens: list) -> list:  # type: ignore[override]
        state = _CjkStateInline(src, md, env, tokens)
        self.tokenize(state)
        for rule in self.ruler2.getRules(""):
            rule(state)
        return state.tokens


def use_cjk_emphasis(md: MarkdownIt) -> MarkdownIt:
    """Make `md` treat CJK letters beside `*`/`_` runs as boundaries; returns `md`."""
    parser = _CjkParserInline()
    parser.ruler = md.inline.ruler
    parser.ruler2 = md.inline.ruler2
    md.inline = parser
    return md
