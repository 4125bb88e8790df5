"""A fast front-matter reader: rapidyaml, but only where it reads exactly what `yamlsafe` reads.

rapidyaml's Python module offers no way to replace its error handler, which writes a line to the
process's stderr before raising. The guards send unusual syntax to `yamlsafe` unparsed, but a
broken front matter still reaches rapidyaml, so file descriptor 2 points at the null device
while it parses (`_quiet_json`): `backend-atlas validate` prints our findings and nothing else.
A worker reading many files wraps them in `quiet()`, which swaps fd 2 once for all of them.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import threading
from collections.abc import Iterator
from typing import Any

import yaml.resolver

try:
    import ryml
except ImportError:  # pragma: no cover - the dependency is optional at runtime
    ryml = None

__all__ = ["MAX_KEY_CHARS", "available", "parse", "quiet"]

#: Longer keys go to `yamlsafe`: libyaml refuses a key whose text runs past 1,024 characters,
#: rapidyaml does not. 100 characters, quoted with escapes, stay far below that.
MAX_KEY_CHARS = 100
_MAX_TEXT_CHARS = 2_000_000

# Characters both parsers read as ordinary text: newline, printable ASCII and printable Unicode.
# Refused: tab (indentation rules differ), CR, C0/C1 controls and DEL (yamlsafe refuses them),
# NEL U+0085 and U+2028/U+2029 (line breaks in YAML 1.1 only), BOM U+FEFF, U+FFFE/U+FFFF and
# lone surrogates (libyaml refuses them).
_BAD_CHAR = re.compile(
    "[^\n\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd\U00010000-\U0010ffff]"
)

# Each check below is about one character, and what must precede it is checked behind it.
# "Two spaces" stands for any indentation or run of spaces: that also catches text with double
# spaces, which only costs speed. Each pattern starts with one literal character: `re` skips to
# its occurrences many times faster than to those of a set of characters.

# An indicator where a node starts (after `key: `, `- `, `[`, `{`, `,`, `? ` or an indentation):
# anchors and aliases (& *; rapidyaml reads an undefined alias as text), tags (!), block
# scalars (| >), directives (%), reserved indicators (@ `: rapidyaml reads them as text, libyaml
# refuses) and complex keys (?). After a `:`, a node starts past a space (`std::sort` is text)
# or right after a quoted key. Also matches harmless text such as "C, *args" inside quotes;
# that only costs speed.
_NODE_START = (
    r"""(?<=[\n\-?,\[{ :].)(?:(?<=[\n\-?,\[{].)|(?<=[\n\-?,\[{:][ ].)|(?<=["']:.)|(?<=[ ][ ].))"""
)
_QUESTION = re.compile(r"\?" + _NODE_START)
_INDICATOR = re.compile(r"[&*!|>%@`]" + _NODE_START)  # rare: run when one is in the text
# A bracket where a block node starts (after an indentation, `- ` or `:`). A closing one there
# (`a: ]`) is text to rapidyaml, an error to libyaml.
# (This and `_NODE_START` first test the character just before, which each alternative limits:
# most occurrences stop there.)
_BLOCK_START = r"(?<=[\n:\- ].)(?:(?<=[\n:\-].)|(?<=[\n:\-][ ].)|(?<=[ ][ ].))"
_CLOSE_SQUARE = re.compile(r"\]" + _BLOCK_START)
_CLOSE_CURLY = re.compile(r"\}" + _BLOCK_START)
# An opening one starts a flow collection, which must close on the same line (libyaml refuses a
# flow key spanning lines, rapidyaml joins it), be at most three deep, and have nothing but a
# comment after it. Inside, quoted scalars count only where a node starts; `#` only inside
# quotes (it could start a comment that hides the closing bracket); `:` only before a space
# (libyaml refuses `[a:,b]` and `[b:?]`, rapidyaml reads them). One after `key: ` inside a flow
# fails for what follows it, which only costs speed. Its opening bracket is behind: what
# follows is the content, then the closing bracket. The content is written as runs of plain
# characters between the tokens that need a check (`: `, a quoted scalar, a nested flow), each
# of which starts with a character the runs leave out, so `re` never backtracks; a quote is
# checked behind once it is read, and its escapes (`\"`) or doubled quotes (`''`) are what
# interrupts a run of its characters.
_PLAIN = r"""[^\[\]{}"'\n#:]*+"""
_AT_NODE = r"(?:(?<=[\[{,:][ ].)|(?<=[\[{,:].)|(?<=[\[{,:][ ][ ].))"
_Q = rf"""(?:"{_AT_NODE}[^"\\\n]*+(?:\\.[^"\\\n]*+)*+"|'{_AT_NODE}[^'\n]*+(?:''[^'\n]*+)*+')"""


def _inside(nested: str) -> str:
    return rf"{_PLAIN}(?:(?::[ ]|{_Q}{nested}){_PLAIN})*+"


_F1 = rf"(?:\[{_inside('')}\]|\{{{_inside('')}\}})"
_F2 = rf"(?:\[{_inside('|' + _F1)}\]|\{{{_inside('|' + _F1)}\}})"
_IN_F3 = _inside("|" + _F2)
_FLOW_END = r"(?:[ ]++#[^\n]*+)?[ ]*+(?:\n|\Z)"
_BAD_SQUARE = re.compile(rf"\[{_BLOCK_START}(?!{_IN_F3}\]{_FLOW_END})")
_BAD_CURLY = re.compile(rf"\{{{_BLOCK_START}(?!{_IN_F3}\}}{_FLOW_END})")
# Any indicator or bracket at the very start: a flow collection or a sequence is not a mapping.
_FIRST_NODE = re.compile(r"[ ]*+[&*!|>%@`?:\-\[\]{}]")

# A quoted scalar that spans lines, used as a key: rapidyaml takes it, libyaml refuses it. Its
# closing quote is the only unescaped `"` on its line up to there (the others are inside it and
# escaped), or ends an odd count of `'` (inside, `'` come in pairs); a quoted key on one line
# gives an even count, as does most such text inside quotes (`{\"age\": 1}`, `{'pk': 1}`).
_QUOTE_COLON = re.compile(r"""(["'])[ ]*+:(?:[ \n]|\Z)""")
_UNESCAPED_DQ = re.compile(r'(?<!\\)(?:\\\\)*+"')
# What `_QUOTE_COLON` needs, found faster: a `"` before a space or a `:` (or any `'`).
_DQ_NEAR = re.compile('"[ :]')

# A document marker at a line's start, indented too: rapidyaml ends the document at an
# indented `...` where libyaml refuses the line (found by a line-level fuzzer).
_MARKER = re.compile(r"(?:^|\n)[ ]*(?:---|\.\.\.)", re.ASCII)

# Escapes outside \" \\ \n \t: YAML 1.1 and 1.2 differ (\/ \u surrogates, \e, \x85, line ends).
_ESCAPE = re.compile(r"\\(?![\"\\nt])")

# Block nesting: deeper than this could reach yamlsafe's recursion limit, and indentation this
# deep is never content. Compact nested sequences (`- - - -`) nest without indentation.
_DEEP_INDENT = "\n" + " " * 40
_COMPACT_CHAIN = re.compile(r"-[ ]++-[ ]++-[ ]++-")


def _implicit_pattern() -> re.Pattern[str] | None:
    """A JSON string token that PyYAML's resolvers would type as other than text when plain
    (yes, ~, 010, 1_000, 2024-01-01, .inf, <<, =...), or an empty one (an empty plain value is
    null; rapidyaml writes some as ""). Matches across tokens too (`","`); that costs speed.
    Built from PyYAML's own table, so it follows PyYAML; None if the table's shape is not the
    one expected (then nothing takes the fast path)."""
    parts: list[str] = []
    seen: set[str] = set()
    table = yaml.resolver.Resolver.yaml_implicit_resolvers
    for resolvers in table.values():
        for _tag, regexp in resolvers:
            pattern = regexp.pattern
            if pattern in seen:
                continue
            seen.add(pattern)
            if not (pattern.startswith("^(?:") and pattern.endswith(")$")):
                return None
            parts.append("(?:" + pattern[4:-2] + ")")
    if not parts:
        return None
    # A value (not a key: keys are followed by `:`) that is a decimal number was quoted in the
    # source, since rapidyaml writes a plain one unquoted: "404" in a keyword list stays text.
    quoted_number = r'(?!-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?"(?!:))'
    # PyYAML picks resolvers by the first character; the empty string is `""`.
    first = "[" + "".join(re.escape(char) for char in table if char) + '"]'
    # A string token never starts after a backslash (`\""` ends one); checked second, as the
    # first character rules out most quotes sooner.
    return re.compile(
        r'"(?=' + first + r')(?<!\\")' + quoted_number + "(?:" + "|".join(parts) + ')"',
        re.VERBOSE,
    )


_IMPLICIT = _implicit_pattern()


class _Unsure(Exception):
    """Raised inside json.loads hooks: the value is not one this reader can vouch for."""


def _pairs(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result = dict(pairs)
    if len(result) != len(pairs):  # a duplicate key: rapidyaml keeps the last, yamlsafe refuses
        raise _Unsure
    for key in result:
        # A key with spaces around it: quoted in a valid file, but also what rapidyaml makes
        # of a line indented past a sequence that sits at its key's indentation (libyaml
        # refuses that line; found by the line-level fuzzer).
        if len(key) > MAX_KEY_CHARS or key != key.strip():
            raise _Unsure
    return result


def _unsure(_text: str) -> Any:
    # Floats: rapidyaml rewrites them (.5 -> 0.5, -.5 is a float to it, text to PyYAML) and
    # YAML 1.1 needs a signed exponent; NaN and Infinity are not content either.
    raise _Unsure


# What `json.loads` with these hooks builds for each call, built once (it holds no state
# between calls but a cache of key strings, emptied after each).
_DECODER = json.JSONDecoder(object_pairs_hook=_pairs, parse_float=_unsure, parse_constant=_unsure)


def available() -> bool:
    """Whether the fast path can ever be taken (rapidyaml importable, PyYAML's table as expected)."""
    return ryml is not None and _IMPLICIT is not None


def parse(text: str) -> Any | None:
    """The mapping `yamlsafe.parse(text)` would return, as plain dicts and lists (same keys in
    the same order, same types all the way down), or None when that is not certain: the caller
    then reads the text with `yamlsafe`, which also gives the lines and the error messages.
    rapidyaml reads YAML 1.2 and is more lenient than libyaml, so the text is first checked
    against a subset both read alike (the guards above, each with its reason), and what
    rapidyaml returns is checked again for what YAML 1.1 types differently. Never raises."""
    try:
        return _parse(text)
    except Exception:  # noqa: BLE001 - any doubt (a parse error included) sends the text to yamlsafe
        return None


def _parse(text: str) -> Any | None:
    if ryml is None or _IMPLICIT is None or not text or len(text) > _MAX_TEXT_CHARS:
        return None
    if _refused(text):
        return None
    emitted = _quiet_json(text.encode("utf-8"))
    if not isinstance(emitted, str) or _IMPLICIT.search(emitted):
        return None
    value = _DECODER.decode(emitted)
    return value if isinstance(value, dict) else None


# One thread's swap of fd 2 at a time, or a second would save the null device as the one to
# restore. Re-entrant: a quiet() block holds it, and the parse calls inside take it again.
_QUIET = threading.RLock()
_null: int | None = None
_depth = 0  # quiet() blocks open; all on the thread that holds _QUIET, the only one to change it


@contextlib.contextmanager
def quiet() -> Iterator[None]:
    """Point fd 2 at the null device once for the whole block: `parse` calls inside it skip
    their own swap (four system calls each). Nested blocks are fine; fd 2 is put back when the
    outermost one ends, exception or not. The block holds the lock for its whole length, so a
    `parse` on another thread waits for it to end; and anything another thread writes to
    stderr meanwhile is lost. If fd 2 cannot be swapped, each `parse` tries on its own."""
    global _depth
    with _QUIET:
        saved = None
        try:
            if not _depth:
                saved = _silence()
        except OSError:  # fd 2 cannot be swapped: each `parse` inside tries on its own
            active = False
        else:
            active = True
            _depth += 1
        try:
            yield
        finally:
            if active:
                _depth -= 1
            if saved is not None:
                _restore(saved)


def _silence() -> int:
    """Point fd 2 at the null device; returns a copy of what it pointed at."""
    global _null
    if _null is None:
        _null = os.open(os.devnull, os.O_WRONLY)  # kept open: one less call per file
    saved = os.dup(2)
    try:
        os.dup2(_null, 2)
    except BaseException:
        os.close(saved)
        raise
    return saved


def _restore(saved: int) -> None:
    try:
        os.dup2(saved, 2)
    finally:
        os.close(saved)


def _quiet_json(data: bytes) -> Any:
    """rapidyaml's JSON for `data`; the line it writes to fd 2 on an error goes nowhere.

    Whatever fd 2 is now (a terminal, pytest's capture) is saved and put back each time, unless
    a quiet() block on this thread already did; anything another thread writes to stderr
    during those microseconds is lost with it.
    """
    with _QUIET:
        if _depth:  # a quiet() block is open, and on this thread: it holds _QUIET
            return _json_of(data)
        saved = _silence()
        try:
            return _json_of(data)
        finally:
            _restore(saved)


_OUT = bytearray(1 << 16)  # where rapidyaml writes its JSON; only under _QUIET


def _json_of(data: bytes) -> str:
    """rapidyaml's JSON for `data`, written once into `_OUT`: `emit_json` writes it twice (once
    to size it) and allocates, 6.2 us on a synthetic front matter where this takes 4.2."""
    tree = ryml.parse_in_arena(data)
    try:
        written = ryml.emit_json_in_place(tree, _OUT)
    except IndexError:  # longer than `_OUT`
        return str(ryml.emit_json(tree))
    return str(written, "utf-8")


def _refused(text: str) -> bool:
    """Whether the text uses anything outside the subset both parsers read alike. A cheap
    C-speed test goes first where the pattern after it needs what the test looks for."""
    return bool(
        # Every printable character is one `_BAD_CHAR` lets through (see the tests).
        (not text.replace("\n", " ").isprintable() and _BAD_CHAR.search(text))
        or (("---" in text or "..." in text) and _MARKER.search(text))
        or _FIRST_NODE.match(text)
        or _QUESTION.search(text)
        or (_has_indicator(text) and _INDICATOR.search(text))
        or _CLOSE_SQUARE.search(text)
        or _CLOSE_CURLY.search(text)
        or _BAD_SQUARE.search(text)
        or _BAD_CURLY.search(text)
        or _ESCAPE.search(text)
        or (("'" in text or _DQ_NEAR.search(text)) and _multi_line_quoted_key(text))
        or _DEEP_INDENT in text
        or " " * 16 + ":" in text  # spaces count toward libyaml's 1,024-character key limit
        or _COMPACT_CHAIN.search(text)
    )


def _has_indicator(text: str) -> bool:
    # One `in` per character: each is a memchr, where a set of characters is a slower scan.
    return (
        "&" in text
        or "*" in text
        or "!" in text
        or "|" in text
        or ">" in text
        or "%" in text
        or "@" in text
        or "`" in text
    )


def _multi_line_quoted_key(text: str) -> bool:
    for match in _QUOTE_COLON.finditer(text):
        quote = match.start(1)
        line = text[text.rfind("\n", 0, quote) + 1 : quote + 1]
        if match.group(1) == "'":
            if line.count("'") % 2:
                return True
        elif (len(line) - 1 - len(line[:-1].rstrip("\\"))) % 2:  # an escaped `\"` ends nothing
            continue
        elif len(_UNESCAPED_DQ.findall(line)) % 2:
            return True
    return False
