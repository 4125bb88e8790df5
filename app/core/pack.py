"""Load a content pack from disk and validate it; every finding names the file and line."""

from __future__ import annotations

import difflib
import hashlib
import os
import re
import stat
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import networkx as nx

from app.core import yamlsafe
from app.core.markup import iter_wikilinks, prose_lines
from app.core.model import (
    LANGS,
    LINK_KINDS,
    Category,
    Concept,
    Link,
    Pack,
    Question,
    Source,
    Text,
)

__all__ = ["Finding", "LoadResult", "load_pack", "pack_digest", "MAX_FILE_BYTES", "ID_RE", "nfc"]

MAX_FILE_BYTES = 1_000_000
#: A title or alias is a label on a graph node and a search name; the bundled pack's longest is 62.
MAX_NAME_CHARS = 200
ID_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
COLOUR_RE = re.compile(r"^#[0-9a-fA-F]{6}$")
_SECTION_RE = re.compile(r"^##\s+(en|ko)\s*$")
_KNOWN_FIELDS = {
    "id", "title", "category", "aliases", "links", "sources", "questions",
    "misconceptions", "level", "tags",
}  # fmt: skip
_QUESTION_FIELDS = {"id", "kind", "prompt", "answer", "choices", "correct", "explanation"}


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def _fold(identifier: str) -> str:
    """The form in which two ids count as the same: NFC, case-folded, no format characters."""
    text = unicodedata.normalize("NFC", identifier).casefold()
    return "".join(ch for ch in text if unicodedata.category(ch) != "Cf")


@dataclass(frozen=True, order=True)
class Finding:
    path: str
    line: int
    severity: str  # "error" or "warning"
    message: str

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: {self.severity}: {_visible(self.message)}"


def _visible(text: str) -> str:
    """Invisible characters spelled out (U+202E as \\u202e): a message cannot reorder or hide itself."""
    return "".join(
        f"\\u{ord(ch):04x}" if unicodedata.category(ch) in ("Cc", "Cf") else ch for ch in text
    )


@dataclass
class LoadResult:
    pack: Pack | None
    findings: list[Finding] = field(default_factory=list)
    files: int = 0  # concept files read

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "error"]

    @property
    def warnings(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "warning"]

    @property
    def ok(self) -> bool:
        return self.pack is not None and not self.errors


class _Report:
    """Collects findings for one file; lines given 0-based relative to `offset`."""

    def __init__(self, findings: list[Finding], path: str, offset: int = 1) -> None:
        self.findings = findings
        self.path = path
        self.offset = offset

    def error(self, line: int, message: str) -> None:
        self.findings.append(Finding(self.path, line + self.offset, "error", message))

    def warning(self, line: int, message: str) -> None:
        self.findings.append(Finding(self.path, line + self.offset, "warning", message))


def _kind_of(value: Any) -> str:
    if isinstance(value, bool):
        return "true/false (YAML reads yes/no/on/off as booleans: put the text in quotes)"
    if isinstance(value, int | float):
        return "a number (put it in quotes if it is text)"
    if value is None:
        return "nothing"
    if isinstance(value, date):
        return "a date (put it in quotes if it is text)"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    return type(value).__name__


def _line(container: Any, key: Any, default: int = 0) -> int:
    lines = getattr(container, "lines", None)
    if isinstance(lines, dict):
        return lines.get(key, getattr(container, "line", default))
    if isinstance(lines, list) and isinstance(key, int) and key < len(lines):
        return lines[key]
    return getattr(container, "line", default)


def _missing(key: str, where: str) -> str:
    return f"missing required field '{key}'" + (f" in {where.strip()}" if where.strip() else "")


def _suggest(word: str, options: Iterable[str]) -> str:
    match = difflib.get_close_matches(word, list(options), n=1, cutoff=0.6)
    return f" (did you mean '{match[0]}'?)" if match else ""


class _Fields:
    """Typed reads of front-matter values that report what is wrong, where."""

    def __init__(self, report: _Report) -> None:
        self.report = report

    def string(self, mapping: Any, key: str, where: str, required: bool = True) -> str | None:
        if key not in mapping:
            if required:
                self.report.error(getattr(mapping, "line", 0), _missing(key, where))
            return None
        value = mapping[key]
        if not isinstance(value, str) or not value.strip():
            what = "empty text" if isinstance(value, str) else _kind_of(value)
            self.report.error(_line(mapping, key), f"{where}'{key}' must be text, got {what}")
            return None
        return nfc(value.strip())

    def text(self, mapping: Any, key: str, where: str, required: bool = True) -> Text | None:
        if key not in mapping:
            if required:
                self.report.error(getattr(mapping, "line", 0), _missing(key, where))
            return None
        value = mapping[key]
        line = _line(mapping, key)
        if not isinstance(value, dict):
            self.report.error(
                line,
                f"{where}'{key}' must be a mapping {{en: ..., ko: ...}}, got {_kind_of(value)}",
            )
            return None
        parts: dict[str, str] = {}
        for lang in LANGS:
            part = value.get(lang)
            if not isinstance(part, str) or not part.strip():
                what = (
                    "is missing"
                    if part is None
                    else (
                        "is empty"
                        if isinstance(part, str)
                        else f"must be text, got {_kind_of(part)}"
                    )
                )
                self.report.error(_line(value, lang, line), f"{where}'{key}.{lang}' {what}")
                return None
            parts[lang] = nfc(part.strip())
        for extra in value:
            if extra not in LANGS:
                self.report.warning(
                    _line(value, extra, line),
                    f"{where}'{key}' has unknown language '{extra}' (use en and ko)",
                )
        return Text(en=parts["en"], ko=parts["ko"])

    def list_of(self, mapping: Any, key: str, where: str) -> list[tuple[int, Any]]:
        if key not in mapping or mapping[key] is None:
            return []
        value = mapping[key]
        if not isinstance(value, list):
            self.report.error(
                _line(mapping, key), f"{where}'{key}' must be a list, got {_kind_of(value)}"
            )
            return []
        return [(_line(value, i, _line(mapping, key)), item) for i, item in enumerate(value)]


@dataclass
class _Draft:
    """A concept file read on its own, before cross-file checks."""

    rel: str
    report: _Report
    id: str
    id_line: int
    title: Text
    category: str
    category_line: int
    body: Text
    aliases: tuple[str, ...]
    links: list[tuple[int, str, str]]  # (line, target, kind)
    wikilinks: list[tuple[int, str]]  # (file line, target)
    sources: tuple[Source, ...]
    questions: list[tuple[int, Question]]
    misconceptions: tuple[Text, ...]


def _read_text_file(path: Path, report: _Report) -> str | None:
    """Read a UTF-8 file defensively: size first, then encoding; `None` after reporting why not."""
    try:
        info = path.stat()
    except OSError as exc:
        report.error(0, f"cannot read the file: {exc.strerror}")
        return None
    size = info.st_size
    if not stat.S_ISREG(info.st_mode):  # a named pipe or a device would block or never end
        report.error(0, "not a regular file (a pipe, socket or device); remove it from the pack")
        return None
    if size > MAX_FILE_BYTES:
        report.error(
            0, f"file is {size:,} bytes; the limit is {MAX_FILE_BYTES:,} (split the concept)"
        )
        return None
    try:
        data = path.read_bytes()
    except OSError as exc:
        report.error(0, f"cannot read the file: {exc.strerror}")
        return None
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        report.error(0, "file is UTF-16; save it as UTF-8")
        return None
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    nul = data.find(b"\x00")
    if nul >= 0:
        report.error(data.count(b"\n", 0, nul), "file contains a NUL byte (is it a binary file?)")
        return None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        report.error(
            data.count(b"\n", 0, exc.start),
            f"invalid UTF-8 (byte {exc.start}); save the file as UTF-8",
        )
        return None
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    control = yamlsafe.CONTROL_RE.search(text)
    if control:
        report.error(
            text.count("\n", 0, control.start()),
            f"file contains a control character (U+{ord(control.group()):04X}); remove it",
        )
        return None
    return nfc(text)


def _split_front_matter(text: str, report: _Report) -> tuple[str, int, list[str]] | None:
    """Return (front matter, index of the closing line, all lines)."""
    lines = text.split("\n")
    if not lines or lines[0].strip() != "---":
        report.error(0, "file must start with a '---' line opening the YAML front matter")
        return None
    for index in range(1, len(lines)):
        if lines[index].rstrip() in ("---", "..."):
            return "\n".join(lines[1:index]), index, lines
    report.error(0, "the front matter opened on line 1 is never closed with a '---' line")
    return None


def _body_sections(lines: list[str], start: int, report: _Report) -> dict[str, tuple[int, str]]:
    """Split the body (from 0-based line `start`) into its `## en` and `## ko` sections."""
    sections: dict[str, tuple[int, list[str]]] = {}
    current: str | None = None
    for offset, line, prose in prose_lines("\n".join(lines[start:])):
        index = start + offset
        heading = _SECTION_RE.match(line) if prose else None
        if heading:
            lang = heading.group(1)
            if lang in sections:
                report.error(index, f"a second '## {lang}' section")
            current = lang
            sections[lang] = (index + 1, [])
            continue
        if current is None:
            if line.strip():
                report.warning(index, "text before the first '## en' or '## ko' heading is ignored")
                current = "_ignored"
                sections.setdefault(current, (index, []))
            continue
        sections[current][1].append(line)
    result: dict[str, tuple[int, str]] = {}
    for lang in LANGS:
        if lang not in sections:
            report.error(start - 1 if start else 0, f"missing the '## {lang}' body section")
            continue
        first, body = sections[lang]
        if not "\n".join(body).strip():
            report.error(first - 1, f"the '## {lang}' body section is empty")
            continue
        while body and not body[0].strip():
            body.pop(0)
            first += 1
        result[lang] = (first, "\n".join(body).rstrip())
    return result


def _wikilinks(body: str, first_line: int) -> list[tuple[int, str]]:
    """Targets of `[[wikilinks]]` outside code, with their 0-based file line."""
    return [(first_line + index, target) for index, target, _label in iter_wikilinks(body)]


def _read_concept(path: Path, rel: str, report: _Report) -> _Draft | None:
    text = _read_text_file(path, report)
    if text is None:
        return None
    split = _split_front_matter(text, report)
    if split is None:
        return None
    front, closing, lines = split
    fm_report = _Report(report.findings, report.path, offset=2)  # front matter starts on line 2
    try:
        data = yamlsafe.parse(front)
    except yamlsafe.YamlError as exc:
        fm_report.error(exc.line, exc.message)
        return None
    if not isinstance(data, dict):
        report.error(1, f"front matter must be a mapping of fields, got {_kind_of(data)}")
        return None
    fields = _Fields(fm_report)
    for key in data:
        if key not in _KNOWN_FIELDS:
            fm_report.warning(
                _line(data, key), f"unknown field '{key}'{_suggest(str(key), _KNOWN_FIELDS)}"
            )
    concept_id = fields.string(data, "id", "")
    title = fields.text(data, "title", "")
    category = fields.string(data, "category", "")
    title = _bounded_title(title, _line(data, "title"), fm_report)

    aliases: list[str] = []
    for line, item in fields.list_of(data, "aliases", ""):
        if isinstance(item, str) and len(item.strip()) > MAX_NAME_CHARS:
            fm_report.error(
                line,
                f"an alias is {len(item.strip()):,} characters long; the limit is {MAX_NAME_CHARS}",
            )
        elif isinstance(item, str) and item.strip():
            aliases.append(nfc(item.strip()))
        else:
            fm_report.error(line, f"'aliases' items must be text, got {_kind_of(item)}")

    links: list[tuple[int, str, str]] = []
    for line, item in fields.list_of(data, "links", ""):
        if not isinstance(item, dict):
            fm_report.error(
                line, f"a link must be a mapping {{to: ..., kind: ...}}, got {_kind_of(item)}"
            )
            continue
        target = fields.string(item, "to", "link ")
        kind = fields.string(item, "kind", "link ")
        if target is None or kind is None:
            continue
        if kind not in LINK_KINDS:
            fm_report.error(
                _line(item, "kind"),
                f"unknown link kind '{kind}'{_suggest(kind, LINK_KINDS)}; "
                f"use one of: {', '.join(LINK_KINDS)}",
            )
            continue
        links.append((line, target, kind))

    sources: list[Source] = []
    for line, item in fields.list_of(data, "sources", ""):
        if not isinstance(item, dict):
            fm_report.error(
                line, f"a source must be a mapping {{title: ..., url: ...}}, got {_kind_of(item)}"
            )
            continue
        source_title = fields.string(item, "title", "source ")
        url = fields.string(item, "url", "source ", required=False)
        if url is not None and not re.match(r"^https?://", url):
            fm_report.error(
                _line(item, "url"),
                f"source url must start with http:// or https://, got '{url[:60]}'",
            )
            continue
        if source_title is not None:
            sources.append(Source(title=source_title, url=url or ""))

    misconceptions: list[Text] = []
    for line, item in fields.list_of(data, "misconceptions", ""):
        if not isinstance(item, dict):
            fm_report.error(
                line,
                f"a misconception must be a mapping {{en: ..., ko: ...}}, got {_kind_of(item)}",
            )
            continue
        holder: dict[str, Any] = {"m": item}
        item_text = fields.text(holder, "m", "misconception ")
        if item_text is not None:
            misconceptions.append(item_text)

    questions = _read_questions(data, fields, fm_report, concept_id or "")

    sections = _body_sections(lines, closing + 1, report)
    if concept_id is None or title is None or category is None or len(sections) < 2:
        return None
    body = Text(en=sections["en"][1], ko=sections["ko"][1])
    wikilinks = _wikilinks(body.en, sections["en"][0]) + _wikilinks(body.ko, sections["ko"][0])
    return _Draft(
        rel=rel,
        report=report,
        id=concept_id,
        id_line=_line(data, "id") + 2,
        title=title,
        category=category,
        category_line=_line(data, "category") + 2,
        body=body,
        aliases=tuple(dict.fromkeys(aliases)),
        links=[(ln + 2, t, k) for ln, t, k in links],
        wikilinks=[(ln + 1, t) for ln, t in wikilinks],
        sources=tuple(sources),
        questions=[(ln + 2, q) for ln, q in questions],
        misconceptions=tuple(misconceptions),
    )


def _bounded_title(title: Text | None, line: int, report: _Report) -> Text | None:
    """`title`, or None after reporting a language too long for a node label."""
    for lang in LANGS:
        if title is not None and len(title.get(lang)) > MAX_NAME_CHARS:
            report.error(
                line,
                f"'title.{lang}' is {len(title.get(lang)):,} characters long; "
                f"the limit is {MAX_NAME_CHARS} (put the detail in the body)",
            )
            return None
    return title


def _read_questions(
    data: Any, fields: _Fields, report: _Report, concept_id: str
) -> list[tuple[int, Question]]:
    questions: list[tuple[int, Question]] = []
    for line, item in fields.list_of(data, "questions", ""):
        if not isinstance(item, dict):
            report.error(line, f"a question must be a mapping, got {_kind_of(item)}")
            continue
        for key in item:
            if key not in _QUESTION_FIELDS:
                report.warning(
                    _line(item, key),
                    f"unknown question field '{key}'{_suggest(str(key), _QUESTION_FIELDS)}",
                )
        qid = fields.string(item, "id", "question ")
        kind = fields.string(item, "kind", "question ")
        prompt = fields.text(item, "prompt", "question ")
        if qid is not None and not ID_RE.match(qid):
            report.error(
                _line(item, "id"), f"question id '{qid}' must be kebab-case (a-z, 0-9, '-')"
            )
            qid = None
        if kind is not None and kind not in ("recall", "choice"):
            report.error(
                _line(item, "kind"),
                f"unknown question kind '{kind}'{_suggest(kind, ('recall', 'choice'))}; use recall or choice",
            )
            kind = None
        if qid is None or kind is None or prompt is None:
            continue
        if kind == "recall":
            answer = fields.text(item, "answer", "recall question ")
            if answer is not None:
                questions.append(
                    (
                        line,
                        Question(
                            id=qid, concept_id=concept_id, kind=kind, prompt=prompt, answer=answer
                        ),
                    )
                )
            continue
        choices: list[Text] = []
        choice_items = fields.list_of(item, "choices", "choice question ")
        for index, (choice_line, choice) in enumerate(choice_items):
            holder: dict[str, Any] = {"c": choice}
            if not isinstance(choice, dict):
                report.error(
                    choice_line,
                    f"choice {index} must be a mapping {{en: ..., ko: ...}}, got {_kind_of(choice)}",
                )
                continue
            choice_text = fields.text(holder, "c", f"choice {index} ")
            if choice_text is not None:
                choices.append(choice_text)
        if len(choice_items) < 2:
            report.error(_line(item, "choices", line), "a choice question needs at least 2 choices")
            continue
        if len(choices) != len(choice_items):
            continue
        correct = item.get("correct")
        if isinstance(correct, bool) or not isinstance(correct, int):
            report.error(
                _line(item, "correct", line),
                f"'correct' must be the 0-based index of the right choice, got {_kind_of(correct)}",
            )
            continue
        if not 0 <= correct < len(choices):
            report.error(
                _line(item, "correct"),
                f"'correct' is {correct} but there are {len(choices)} choices (0-based: 0 to {len(choices) - 1})",
            )
            continue
        explanation = fields.text(item, "explanation", "question ", required=False)
        answer = fields.text(item, "answer", "question ", required=False)
        questions.append(
            (
                line,
                Question(
                    id=qid,
                    concept_id=concept_id,
                    kind=kind,
                    prompt=prompt,
                    answer=answer,
                    choices=tuple(choices),
                    correct=correct,
                    explanation=explanation,
                ),
            )
        )
    return questions


def _read_categories(root: Path, display: str, findings: list[Finding]) -> list[Category]:
    path = root / "categories.yaml"
    rel = _display(display, "categories.yaml")
    report = _Report(findings, rel)
    if not path.is_file():
        report.error(0, "missing categories.yaml (a list of {id, title: {en, ko}, colour})")
        return []
    text = _read_text_file(path, report)
    if text is None:
        return []
    try:
        data = yamlsafe.parse(text)
    except yamlsafe.YamlError as exc:
        report.error(exc.line, exc.message)
        return []
    if not isinstance(data, list):
        report.error(0, f"categories.yaml must be a list of categories, got {_kind_of(data)}")
        return []
    fields = _Fields(report)
    categories: list[Category] = []
    seen: set[str] = set()
    for index, item in enumerate(data):
        line = _line(data, index)
        if not isinstance(item, dict):
            report.error(line, f"a category must be a mapping, got {_kind_of(item)}")
            continue
        cid = fields.string(item, "id", "category ")
        title = fields.text(item, "title", "category ")
        colour = fields.string(item, "colour", "category ", required=False) or "#888888"
        if cid is None or title is None:
            continue
        if not ID_RE.match(cid):
            report.error(
                _line(item, "id"), f"category id '{cid}' must be kebab-case (a-z, 0-9, '-')"
            )
            continue
        if not COLOUR_RE.match(colour):
            report.error(_line(item, "colour"), f"colour '{colour}' must look like #1f77b4")
            continue
        if cid in seen:
            report.error(_line(item, "id"), f"duplicate category id '{cid}'")
            continue
        seen.add(cid)
        categories.append(Category(id=cid, title=title, colour=colour.lower()))
    return categories


def _display(display: str, rel: str) -> str:
    return f"{display.rstrip('/')}/{rel}" if display else rel


def _concept_files(root: Path) -> list[tuple[Path, str]]:
    """Every `*.md` under the pack, sorted, skipping hidden folders and links out of the pack."""
    found: list[tuple[Path, str]] = []
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(
            d
            for d in dirnames
            if not d.startswith(".") and not os.path.islink(os.path.join(dirpath, d))
        )
        for name in sorted(filenames):
            if not name.endswith(".md") or name.startswith("."):
                continue
            full = Path(dirpath) / name
            rel = full.relative_to(root).as_posix()
            if rel.lower() == "readme.md":
                continue
            found.append((full, nfc(rel)))
    return found


def load_pack(root: str | os.PathLike[str], display: str | None = None) -> LoadResult:
    """Load and validate the pack at `root`. Findings name files as `display/relative/path`."""
    root_path = Path(root)
    shown = str(root) if display is None else display
    findings: list[Finding] = []
    if not root_path.is_dir():
        findings.append(
            Finding(
                shown,
                0,
                "error",
                "not a folder: a content pack is a folder with categories.yaml and Markdown files",
            )
        )
        return LoadResult(None, findings)
    categories = _read_categories(root_path, shown, findings)
    drafts: list[_Draft] = []
    files = _concept_files(root_path)
    for full, rel in files:
        if full.is_symlink():
            findings.append(
                Finding(
                    _display(shown, rel),
                    0,
                    "warning",
                    "symbolic link skipped (content must live inside the pack)",
                )
            )
            continue
        report = _Report(findings, _display(shown, rel))
        draft = _read_concept(full, rel, report)
        if draft is not None:
            drafts.append(draft)

    concepts = _cross_check(drafts, categories)
    findings.sort(key=lambda f: (f.path, f.line, f.severity, f.message))
    pack = Pack(
        root=str(root_path),
        categories=tuple(categories),
        concepts=tuple(concepts),
        digest=pack_digest(root_path),
    )
    return LoadResult(pack, findings, files=len(files))


def pack_digest(root: str | os.PathLike[str]) -> str:
    """A hash of every file the pack is made of: it changes exactly when the text changes."""
    root_path = Path(root)
    digest = hashlib.sha256(b"backend-atlas pack v1\0")
    cat_file = root_path / "categories.yaml"
    if cat_file.is_file():
        digest.update(b"categories.yaml\0" + _file_digest(cat_file))
    for full, rel in _concept_files(root_path):
        if not full.is_symlink():
            digest.update(rel.encode() + b"\0" + _file_digest(full))
    return digest.hexdigest()


def _file_digest(path: Path) -> bytes:
    try:
        info = path.stat()
        if not stat.S_ISREG(info.st_mode):
            return b"special"  # never read: a named pipe would block
        if info.st_size > MAX_FILE_BYTES:
            return b"oversize:" + str(info.st_size).encode()
        return hashlib.sha256(path.read_bytes()).digest()
    except OSError:
        return b"unreadable"


def _cross_check(drafts: list[_Draft], categories: list[Category]) -> list[Concept]:
    category_ids = [c.id for c in categories]
    by_id: dict[str, _Draft] = {}
    folded: dict[str, _Draft] = {}
    valid: list[_Draft] = []
    for draft in drafts:
        report = draft.report
        if not ID_RE.match(draft.id):
            report.error(
                draft.id_line - 1,
                f"id '{draft.id}' must be kebab-case: lower-case a-z, 0-9 and single '-'",
            )
            continue
        key = _fold(draft.id)
        if key in folded:
            first = folded[key]
            report.error(
                draft.id_line - 1,
                f"duplicate concept id '{draft.id}' (also in {first.report.path}:{first.id_line})",
            )
            continue
        folded[key] = draft
        by_id[draft.id] = draft
        if draft.category not in category_ids:
            report.error(
                draft.category_line - 1,
                f"unknown category '{draft.category}'{_suggest(draft.category, category_ids)}",
            )
            continue
        valid.append(draft)

    question_ids: dict[str, str] = {}
    concepts: list[Concept] = []
    prerequisites = nx.DiGraph()
    link_lines: dict[tuple[str, str], tuple[_Draft, int]] = {}
    known = list(by_id)
    for draft in valid:
        report = draft.report
        links: list[Link] = []
        seen_links: set[tuple[str, str]] = set()
        for line, target, kind in draft.links:
            if target == draft.id:
                report.error(line - 1, f"'{draft.id}' links to itself")
                continue
            if target not in by_id:
                report.error(
                    line - 1, f"link to unknown concept '{target}'{_suggest(target, known)}"
                )
                continue
            if (target, kind) in seen_links:
                report.warning(line - 1, f"duplicate link to '{target}' ({kind})")
                continue
            seen_links.add((target, kind))
            links.append(Link(draft.id, target, kind))
            if kind == "prerequisite-of":
                prerequisites.add_edge(draft.id, target)
                link_lines[(draft.id, target)] = (draft, line)
        mentions: list[str] = []
        for line, target in draft.wikilinks:
            if target == draft.id:
                continue
            if target not in by_id:
                report.error(
                    line - 1, f"[[{target}]] names an unknown concept{_suggest(target, known)}"
                )
                continue
            if target not in mentions:
                mentions.append(target)
        questions: list[Question] = []
        for line, question in draft.questions:
            if question.id in question_ids:
                report.error(
                    line - 1,
                    f"duplicate question id '{question.id}' (also in {question_ids[question.id]})",
                )
                continue
            question_ids[question.id] = report.path
            questions.append(
                Question(
                    id=question.id,
                    concept_id=draft.id,
                    kind=question.kind,
                    prompt=question.prompt,
                    answer=question.answer,
                    choices=question.choices,
                    correct=question.correct,
                    explanation=question.explanation,
                )
            )
        concepts.append(
            Concept(
                id=draft.id,
                title=draft.title,
                category=draft.category,
                body=draft.body,
                aliases=draft.aliases,
                links=tuple(links),
                mentions=tuple(mentions),
                sources=draft.sources,
                questions=tuple(questions),
                misconceptions=draft.misconceptions,
                path=draft.rel,
            )
        )
    _report_cycles(prerequisites, link_lines)
    return concepts


def _report_cycles(
    graph: nx.DiGraph, link_lines: dict[tuple[str, str], tuple[_Draft, int]]
) -> None:
    for component in nx.strongly_connected_components(graph):
        if len(component) < 2:
            continue
        start = min(component)
        cycle = nx.find_cycle(graph.subgraph(component), source=start)
        names = [edge[0] for edge in cycle] + [cycle[0][0]]
        draft, line = link_lines[(cycle[0][0], cycle[0][1])]
        draft.report.error(line - 1, "prerequisite-of links form a cycle: " + " → ".join(names))
