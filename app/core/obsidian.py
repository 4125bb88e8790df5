"""Open an Obsidian vault as a content pack: notes become concepts, folders categories, links links."""

from __future__ import annotations

import colorsys
import hashlib
import os
import re
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from app.core.crosscheck import Draft
from app.core.findings import Finding, Report, msg, nfc
from app.core.model import Category, Question, Text
from app.core.obsidian_note import Note, read_note, rewrite_body
from app.core.pack import LoadResult
from app.core.packfiles import (
    concept_files,
    display_path,
    file_digest,
    pack_digest,
    read_text_file,
)

__all__ = ["FORMATS", "pack_format", "source_digest", "vault_files", "load_vault"]

#: `--format`: `auto` opens a folder with `.obsidian/` and no `categories.yaml` as a vault.
FORMATS = ("auto", "pack", "obsidian")
#: Bumped when the same vault text would load differently, so cached databases rebuild.
VAULT_READER_VERSION = 1
ROOT_CATEGORY = "notes"
#: Tableau 10: distinct at a glance; categories past ten get evenly spread hues.
_PALETTE = (
    "#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f",
    "#edc948", "#b07aa1", "#ff9da7", "#9c755f", "#bab0ac",
)  # fmt: skip
_ATTACHMENT_RE = re.compile(
    r"\.(png|jpe?g|gif|svg|webp|bmp|avif|pdf|mp3|mp4|webm|wav|ogg|m4a|flac|mov|mkv|canvas|excalidraw)$",
    re.IGNORECASE,
)


def pack_format(root: str | os.PathLike[str], fmt: str | None = None) -> str:
    """`pack` or `obsidian`: what `root` is read as, given `--format` (None or `auto` detects)."""
    if fmt in ("pack", "obsidian"):
        return fmt
    path = Path(root)
    if not (path / "categories.yaml").exists() and (path / ".obsidian").is_dir():
        return "obsidian"
    return "pack"


def source_digest(root: str | os.PathLike[str], fmt: str | None = None) -> str:
    """A hash of every file the content is read from, and of how it is read."""
    if pack_format(root, fmt) != "obsidian":
        return pack_digest(root)
    digest = hashlib.sha256(f"backend-atlas obsidian v{VAULT_READER_VERSION}\0".encode())
    for full, rel in vault_files(Path(root)):
        if not full.is_symlink():
            digest.update(rel.encode() + b"\0" + file_digest(full))
    return digest.hexdigest()


def vault_files(root: Path) -> list[tuple[Path, str]]:
    """Every note: `*.md` outside hidden folders (`.obsidian`, `.trash`), a root README too."""
    files = concept_files(root)
    try:
        readmes = [e for e in os.scandir(root) if e.name.lower() == "readme.md" and e.is_file()]
    except OSError:
        readmes = []
    files += [(Path(e.path), nfc(e.name)) for e in readmes]
    return sorted(files, key=lambda item: item[1])


def _short_hash(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()[:8]


def make_id(name: str, prefix: str, taken: set[str]) -> str:
    """A kebab-case id from a path or folder name: stable while the file keeps its name.

    ASCII names keep their words (`Databases/B-Tree` → `databases-b-tree`); a name the
    slug cannot spell (Korean, accents, a clash) gets a hash of the whole name added.
    """
    full = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")
    slug = full[:60].strip("-")
    lossy = slug != full or any(ord(ch) > 127 and ch.isalnum() for ch in name)
    candidate = slug if slug and not lossy else f"{slug or prefix}-{_short_hash(name)}"
    if candidate in taken:
        candidate = f"{slug or prefix}-{_short_hash(name)}"
    while candidate in taken:
        candidate = f"{candidate}-{_short_hash(candidate)}"
    taken.add(candidate)
    return candidate


def _colour(index: int) -> str:
    if index < len(_PALETTE):
        return _PALETTE[index]
    hue = (index * 0.618033988749895) % 1.0
    red, green, blue = colorsys.hsv_to_rgb(hue, 0.55, 0.8)
    return f"#{round(red * 255):02x}{round(green * 255):02x}{round(blue * 255):02x}"


@dataclass
class _Read:
    rel: str
    stem: str
    report: Report
    note: Note
    id: str
    category: str


class _Index:
    """Resolves link targets the way Obsidian does: by file name, or by path from the vault root."""

    def __init__(self, notes: list[_Read]) -> None:
        self.by_path: dict[str, _Read] = {}
        self.by_name: dict[str, list[_Read]] = {}
        for read in notes:
            key = read.rel[: -len(".md")].casefold()
            self.by_path[key] = read
            self.by_name.setdefault(PurePosixPath(key).name, []).append(read)

    def resolve(self, target: str, source: _Read) -> _Read | None:
        key = nfc(target).strip().lstrip("/").removeprefix("./").casefold()
        key = key.removesuffix(".md")
        if not key:
            return source  # `[[#Heading]]`: a place in the same note
        if "/" in key:
            found = self.by_path.get(key)
            if found is not None:
                return found
            ends = [r for p, r in self.by_path.items() if p.endswith("/" + key)]
            return min(ends, key=lambda r: (len(r.rel), r.rel)) if ends else None
        candidates = self.by_name.get(key, [])
        if not candidates:
            return None
        folder = str(PurePosixPath(source.rel).parent)
        near = [r for r in candidates if str(PurePosixPath(r.rel).parent) == folder]
        return min(near or candidates, key=lambda r: (len(r.rel), r.rel))


def load_vault(root: Path, shown: str) -> LoadResult:
    """Read the vault at `root` (never writing to it); findings name files as `shown/rel`."""
    findings: list[Finding] = []
    files = vault_files(root)
    notes: list[_Read] = []
    concept_ids: set[str] = set()
    category_ids: set[str] = {ROOT_CATEGORY}
    folders: dict[str, str] = {}  # top-level folder → category id
    for full, rel in files:
        shown_rel = display_path(shown, rel)
        if full.is_symlink():
            findings.append(Finding(shown_rel, 0, "warning", msg("symlink_vault")))
            continue
        report = Report(findings, shown_rel)
        text = read_text_file(full, report)
        stem = PurePosixPath(rel).name[: -len(".md")]
        note = read_note(text, stem, report) if text is not None else None
        if note is None:
            continue
        parts = PurePosixPath(rel).parts
        category = ROOT_CATEGORY
        if len(parts) > 1:
            if parts[0] not in folders:
                folders[parts[0]] = make_id(parts[0], "folder", category_ids)
            category = folders[parts[0]]
        concept_id = make_id(rel[: -len(".md")], "note", concept_ids)
        notes.append(_Read(rel, stem, report, note, concept_id, category))

    categories = _categories(notes, folders)
    index = _Index(notes)
    drafts = [_draft(read, index) for read in notes]
    return LoadResult.checked(
        root, categories, drafts, findings, source_digest(root, "obsidian"), len(files)
    )


def _categories(notes: list[_Read], folders: dict[str, str]) -> list[Category]:
    """Notes at the root go to "Notes", first; then one category per top-level folder."""
    used = {read.category for read in notes}
    named = [(ROOT_CATEGORY, Text(en="Notes", ko="노트"))] if ROOT_CATEGORY in used else []
    named += [(cid, Text(en=folder, ko=folder)) for folder, cid in sorted(folders.items())]
    return [
        Category(id=cid, title=title, colour=_colour(index))
        for index, (cid, title) in enumerate(named)
    ]


def _draft(read: _Read, index: _Index) -> Draft:
    """One note as the pack checks see it: its links resolved, its flashcards questions."""
    note = read.note
    typed: dict[str, tuple[int, str]] = {}  # target id → (line, kind); a named kind wins
    for ref in note.refs:
        found = index.resolve(ref.target, read)
        if found is None:
            if not _ATTACHMENT_RE.search(ref.target):
                read.report.warning(
                    ref.line,
                    msg("note_link_missing", target=ref.target),
                )
            continue
        if found is read:
            continue
        if found.id not in typed or typed[found.id][1] == "related-to":
            typed[found.id] = (ref.line, ref.kind)

    def resolve(target: str) -> str | None:
        found = index.resolve(target, read)
        return found.id if found is not None else None

    body = rewrite_body(note.body, resolve)
    if note.tags:
        body += ("\n\n" if body else "") + "Tags: " + " ".join(f"#{t}" for t in note.tags)
    title = Text(en=note.title, ko=note.title)
    return Draft(
        rel=read.rel,
        report=read.report,
        id=read.id,
        id_line=1,
        title=title,
        category=read.category,
        category_line=1,
        body=Text(en=body, ko=body),
        aliases=tuple(a for a in note.aliases if a != note.title),
        links=[(line + 1, target, kind) for target, (line, kind) in typed.items()],
        wikilinks=[],
        sources=(),
        questions=_questions(read),
        misconceptions=(),
    )


def _questions(read: _Read) -> list[tuple[int, Question]]:
    """Each flashcard as a recall question, its id from the note and the question's words."""
    questions: list[tuple[int, Question]] = []
    seen: dict[str, int] = {}
    for card in read.note.cards:
        base = f"{read.id}-{_short_hash(card.prompt)}"
        seen[base] = seen.get(base, 0) + 1
        qid = base if seen[base] == 1 else f"{base}-{seen[base]}"
        prompt, answer = Text(en=card.prompt, ko=card.prompt), Text(en=card.answer, ko=card.answer)
        questions.append((card.line + 1, Question(qid, read.id, "recall", prompt, answer)))
    return questions
