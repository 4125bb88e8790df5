"""One Obsidian note read on its own: front matter, title, `[[links]]`, inline fields and flashcards."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import PurePosixPath
from typing import Any

from app.core import yamlsafe
from app.core.findings import Report, kind_of, line_of, msg, nfc
from app.core.markup import prose_lines
from app.core.model import LINK_KINDS
from app.core.packfiles import split_front_matter

__all__ = ["Ref", "Card", "Note", "read_note", "rewrite_body", "plain_links"]

#: `[[target#heading|label]]`, `![[embed]]` too; `\|` is how a table cell escapes the bar.
WIKILINK_RE = re.compile(r"(!?)\[\[([^\[\]|\n]+?)(?:\\?\|([^\[\]\n]*?))?\]\]")
_INLINE_CODE_RE = re.compile(r"(`+)[^`\n]*?\1")
_H1_RE = re.compile(r"^#\s+(.+?)(?:\s+#+)?\s*$")
_HEADING_RE = re.compile(r"^\s{0,3}#{1,6}\s")
#: Dataview's `key:: value` on a line of its own (perhaps a list item or a quote).
_LINE_FIELD_RE = re.compile(r"^\s*(?:[-*+]\s+|>\s*)?(\w[\w \-]*?)::(?!:)\s*(.*)$")
#: Dataview's inline `[key:: value]` and `(key:: value)`, a wikilink allowed in the value.
_BRACKET_FIELD_RE = re.compile(r"[\[(](\w[\w \-]*?)::\s*((?:[^\[\]()\n]|\[\[[^\]\n]*\]\])*)[\])]")
#: The scheduling comment obsidian-spaced-repetition writes after a card it reviewed.
_SR_COMMENT_RE = re.compile(r"\s*<!--SR:[^>\n]*-->")
_CARD_SEPARATORS = ("?", "??")


@dataclass(frozen=True)
class Ref:
    """A `[[wikilink]]` to another note, as written: target without heading, and its kind."""

    line: int  # 0-based file line
    target: str
    kind: str


@dataclass(frozen=True)
class Card:
    line: int  # 0-based file line of the question
    prompt: str
    answer: str


@dataclass
class Note:
    title: str
    aliases: tuple[str, ...]
    tags: tuple[str, ...]
    body: str  # Markdown as written, minus the front matter and the title heading
    body_line: int  # 0-based file line where `body` starts
    refs: list[Ref] = field(default_factory=list)
    cards: list[Card] = field(default_factory=list)


def _mask_code(line: str) -> str:
    return _INLINE_CODE_RE.sub(lambda m: " " * len(m.group(0)), line)


def link_kind(key: str) -> str | None:
    """The link kind a Dataview field names (`Prerequisite of`, `prerequisite_of`...), if any."""
    kind = re.sub(r"[\s_]+", "-", key.strip().lower())
    return kind if kind in LINK_KINDS else None


def split_target(raw: str) -> str:
    """`Folder/Note#Heading` → `Folder/Note`: the note part of a link target."""
    return raw.split("#", 1)[0].strip().rstrip("\\").strip()


def read_note(text: str, stem: str, report: Report) -> Note | None:
    """Parse one note's text (already read safely); `stem` is its file name without `.md`."""
    lines = text.split("\n")
    data: Any = {}
    start = 0
    if lines and lines[0].strip() == "---":
        split = split_front_matter(text, report)
        if split is None:
            return None
        front, closing, lines = split
        start = closing + 1
        try:
            data = yamlsafe.parse(front) or {}
        except yamlsafe.YamlError as exc:
            report.error(exc.line + 1, exc.message)
            return None
        if not isinstance(data, dict):
            report.error(0, msg("properties_not_map", what=kind_of(data)))
            return None
    aliases = _names(data, "aliases", report) + _names(data, "alias", report)
    tags = tuple(t.lstrip("#") for t in _names(data, "tags", report) + _names(data, "tag", report))
    body_lines = lines[start:]
    title, title_index = _title(body_lines)
    if title_index is not None and not any(s.strip() for s in body_lines[:title_index]):
        body_lines = body_lines[title_index + 1 :]
        start += title_index + 1
    while body_lines and not body_lines[0].strip():
        body_lines.pop(0)
        start += 1
    body = "\n".join(body_lines).rstrip()
    note = Note(
        title=plain_links(title) if title else nfc(stem),
        aliases=tuple(dict.fromkeys(a for a in aliases if a)),
        tags=tuple(dict.fromkeys(t for t in tags if t)),
        body=body,
        body_line=start,
    )
    _scan(body, start, note, report)
    return note


def _names(data: Any, key: str, report: Report) -> tuple[str, ...]:
    """A property that is a list of names or one name (comma-separated, as older vaults write)."""
    value = data.get(key)
    if value is None:
        return ()
    items = value if isinstance(value, list) else [value]
    if isinstance(value, str):
        items = value.split(",")
    names: list[str] = []
    for item in items:
        if isinstance(item, bool) or not isinstance(item, str | int | float):
            report.warning(
                line_of(data, key) + 1, msg("property_not_text", key=key, what=kind_of(item))
            )
            continue
        name = nfc(str(item).strip())
        if len(name) > 200:
            report.warning(line_of(data, key) + 1, msg("property_too_long", key=key))
            continue
        names.append(name)
    return tuple(names)


def _title(lines: list[str]) -> tuple[str | None, int | None]:
    """The first `# heading` outside code, and its index in `lines`."""
    for index, line, prose in prose_lines("\n".join(lines)):
        match = _H1_RE.match(line) if prose else None
        if match and len(match.group(1)) <= 200:
            return nfc(match.group(1).strip()), index
    return None, None


def _scan(body: str, first: int, note: Note, report: Report) -> None:
    """Collect the links and flashcards of `body`, whose first line is file line `first`."""
    rows = list(prose_lines(body))
    consumed: set[int] = set()
    for index, line, prose in rows:
        if prose and line.strip() in _CARD_SEPARATORS and index not in consumed:
            _multi_line_card(rows, index, first, consumed, note, report)
    for index, line, prose in rows:
        if not prose:
            continue
        masked = _mask_code(_SR_COMMENT_RE.sub(lambda m: " " * len(m.group(0)), line))
        is_field = _scan_links(masked, first + index, note)
        if not is_field and index not in consumed and "::" in masked:
            _single_line_card(line, masked, first + index, note)
    note.cards.sort(key=lambda card: card.line)  # as they stand in the note


def _scan_links(masked: str, line_no: int, note: Note) -> bool:
    """Add the line's links with their kinds; True when the line is a Dataview field."""
    spans: list[tuple[int, int, str]] = []
    for match in _BRACKET_FIELD_RE.finditer(masked):
        kind = link_kind(match.group(1))
        if kind:
            spans.append((match.start(), match.end(), kind))
    rest = masked
    for start, end, _kind in spans:
        rest = rest[:start] + " " * (end - start) + rest[end:]
    line_kind: str | None = None
    field_match = _LINE_FIELD_RE.match(rest)
    if field_match:
        line_kind = link_kind(field_match.group(1))
        value = field_match.group(2)
        only_links = WIKILINK_RE.search(value) and not re.sub(
            r"[\s,]+", "", WIKILINK_RE.sub("", value)
        )
        if line_kind is None and only_links:
            line_kind = "related-to"  # a field holding only links: not a flashcard
    for match in WIKILINK_RE.finditer(masked):
        if match.group(1):
            continue  # an embed shows a note's content; it is not a link
        kind = next((k for s, e, k in spans if s <= match.start() < e), line_kind)
        target = split_target(match.group(2))
        if target:
            note.refs.append(Ref(line_no, nfc(target), kind or "related-to"))
    return line_kind is not None or bool(spans and "::" not in rest)


def _single_line_card(line: str, masked: str, line_no: int, note: Note) -> None:
    """`Question::Answer` (or `Question:::Answer`, studied one way here)."""
    separator = ":::" if ":::" in masked else "::"
    at = masked.find(separator)
    prompt = card_text(line[:at])
    answer = card_text(line[at + len(separator) :])
    if prompt and answer:
        note.cards.append(Card(line_no, prompt, answer))


def _multi_line_card(
    rows: list[tuple[int, str, bool]],
    at: int,
    first: int,
    consumed: set[int],
    note: Note,
    report: Report,
) -> None:
    """The lines above a `?` line are the question, the lines below up to a blank one the answer."""

    def part(indexes: range) -> list[int]:
        taken: list[int] = []
        for i in indexes:
            _index, line, prose = rows[i]
            if not prose or not line.strip() or _HEADING_RE.match(line) or i in consumed:
                break
            taken.append(i)
        return taken

    above = sorted(part(range(at - 1, -1, -1)))
    below = part(range(at + 1, len(rows)))
    prompt = card_text("\n".join(rows[i][1] for i in above))
    answer = card_text("\n".join(rows[i][1] for i in below))
    if not prompt or not answer:
        report.warning(first + at, msg("card_side_empty"))
        return
    consumed.update(above + [at] + below)
    note.cards.append(Card(first + above[0], prompt, answer))


def card_text(text: str) -> str:
    """A card side as plain Markdown: no scheduling comment, links shown by their labels."""
    return plain_links(_SR_COMMENT_RE.sub("", text)).strip()


def plain_links(text: str) -> str:
    """Each `[[link]]` as the words it shows: its label, else the note and heading."""

    def label(match: re.Match[str]) -> str:
        if match.group(3):
            return match.group(3).strip()
        target = match.group(2).strip()
        note, _hash, heading = target.partition("#")
        name = PurePosixPath(note.strip()).name if note.strip() else ""
        return " > ".join(p for p in (name, heading.strip().lstrip("^")) if p)

    return WIKILINK_RE.sub(label, text)


def rewrite_body(body: str, resolve: Callable[[str], str | None]) -> str:
    """The body as the panel renders it: links point at concept ids, embeds stay visible text."""
    out: list[str] = []
    for _index, line, prose in prose_lines(_SR_COMMENT_RE.sub("", body)):
        if prose and "[[" in line:
            line = _rewrite_line(line, resolve)
        out.append(line)
    return "\n".join(out)


def _rewrite_line(line: str, resolve: Callable[[str], str | None]) -> str:
    pieces: list[str] = []
    last = 0
    for match in WIKILINK_RE.finditer(_mask_code(line)):
        pieces.append(line[last : match.start()])
        last = match.end()
        raw = line[match.start() : match.end()]
        if match.group(1):  # an embed: shown as written, not resolved
            pieces.append(raw.replace("[", "\\[").replace("]", "\\]"))
            continue
        concept_id = resolve(split_target(match.group(2)))
        if concept_id is None:
            pieces.append(raw)  # rendered as plain text: no dead link
            continue
        label = match.group(3).strip() if match.group(3) else None
        heading = match.group(2).partition("#")[2].strip().lstrip("^")
        if label is None and heading:
            label = plain_links(raw)
        pieces.append(f"[[{concept_id}|{label}]]" if label else f"[[{concept_id}]]")
    pieces.append(line[last:])
    return "".join(pieces)
