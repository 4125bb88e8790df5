"""Load a content pack from disk and validate it; every finding names the file and line."""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from app.core import yamlsafe
from app.core.crosscheck import ID_RE, Draft, cross_check, rough_cited
from app.core.findings import NOTHING, Fields, Finding, Report, kind_of, line_of, msg, nfc, suggest
from app.core.markup import code_lines, iter_wikilinks
from app.core.model import LANGS, LINK_KINDS, Category, Pack, Source, Text
from app.core.pack_pool import concept_reader, gc_paused
from app.core.pack_questions import read_questions
from app.core.packfiles import (
    MAX_FILE_BYTES,
    body_sections,
    concept_paths,
    display_path,
    front_matter,
    pack_digest,
    read_text_file,
    read_text_hashed,
)

__all__ = ["Finding", "LoadResult", "load_pack", "pack_digest", "MAX_FILE_BYTES", "ID_RE", "nfc"]

#: A title or alias is a label on a graph node and a search name; the bundled pack's longest is 62.
MAX_NAME_CHARS = 200
COLOUR_RE = re.compile(r"^#[0-9a-fA-F]{6}$")
_KNOWN_FIELDS = frozenset({
    "id", "title", "category", "aliases", "links", "sources", "questions",
    "misconceptions", "level", "tags",
})  # fmt: skip
_URL_RE = re.compile(r"^https?://")


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

    @classmethod
    def checked(
        cls,
        root: Path,
        categories: list[Category],
        drafts: list[Draft],
        findings: list[Finding],
        digest: str,
        files: int,
        reread: Callable[[Draft], Draft | None] | None = None,
    ) -> LoadResult:
        """Cross-check the drafts read from `files` files into a pack, findings in order.

        The last step of reading a content pack and an Obsidian vault alike. `reread` reads
        a rough draft's file again exactly: when a finding needs such a draft's lines, the
        drafts it cites are read again and the check is redone, so lines are always right.
        """
        start = len(findings)
        concepts = cross_check(drafts, categories)
        cited = rough_cited(drafts, findings[start:])
        if cited and reread is not None:
            del findings[start:]
            exact = {id(draft): reread(draft) for draft in cited}
            redone = (exact.get(id(d), d) for d in drafts)
            drafts = [d for d in redone if d is not None]
            concepts = cross_check(drafts, categories)
        findings.sort(key=lambda f: (f.path, f.line, f.severity, f.message))
        pack = Pack(
            root=str(root),
            categories=tuple(categories),
            concepts=tuple(concepts),
            digest=digest,
        )
        return cls(pack, findings, files=files)


def _wikilinks(
    body: str, start: int, code: set[int], sections: dict[str, tuple[int, str]]
) -> list[tuple[int, str]]:
    """Targets of `[[wikilinks]]` outside code in the `## en` and then the `## ko` section,
    with their 0-based file line; the body's first line is the file's line `start`.

    The body is read for links once, and each section keeps those on its lines. A section
    starts outside code (its heading is prose), so the same lines are code in the body as in
    the section read alone; and what `body_sections` strips off holds no link.
    """
    found = [(start + index, target) for index, target, _label in iter_wikilinks(body, code)]
    if not found:
        return []
    links: list[tuple[int, str]] = []
    for lang in LANGS:
        first, text = sections[lang]
        last = first + text.count("\n")
        links.extend((line, target) for line, target in found if first <= line <= last)
    return links


def _read_concept(
    path: str | os.PathLike[str], rel: str, report: Report, fast: bool = True
) -> Draft | None:
    """One concept file as a draft, or None with the reasons in `report`.

    The front matter goes through the fast reader when it can vouch for the result
    (yamlfast). That reader knows no lines, so its draft is kept only when the file has
    nothing to report, and is marked `rough`: `LoadResult.checked` has it read again
    (`fast=False`) when a cross-file finding needs its lines. Any finding of its own sends
    the file down the exact path, so findings never depend on which reader ran.
    """
    return _concept(read_text_file(path, report), rel, report, fast)


def read_concept_hashed(
    path: str | os.PathLike[str], rel: str, report: Report
) -> tuple[Draft | None, bytes]:
    """`_read_concept(path, rel, report)` and the file's `packfiles.file_digest`, from one
    read of the file (a worker reading a big pack hashes each file it reads)."""
    text, digest = read_text_hashed(path, report)
    return _concept(text, rel, report), digest


def _concept(text: str | None, rel: str, report: Report, fast: bool = True) -> Draft | None:
    """A concept file's text (None: it could not be read) as a draft, as `_read_concept`."""
    if text is None:
        return None
    split = front_matter(text, report)
    if split is None:
        return None
    front, closing, body = split
    data = _fast_parse(front) if fast else None
    if data is not None:
        quiet = Report([], report.path)
        draft = _draft(data, closing, body, rel, quiet)
        if draft is not None and not quiet.findings:
            draft.report = report
            draft.rough = True
            return draft
    fm_report = Report(report.findings, report.path, offset=2)  # front matter starts on line 2
    try:
        data = yamlsafe.parse(front)
    except yamlsafe.YamlError as exc:
        fm_report.error(exc.line, exc.message)
        return None
    return _draft(data, closing, body, rel, report)


def _fast_parse(front: str) -> Any | None:
    # Imported here: rapidyaml and the reader's patterns cost 27 ms of imports, and the
    # window's start with a current cache (which reads no file) never needs them.
    from app.core import yamlfast

    return yamlfast.parse(front)


def _draft(data: Any, closing: int, body_text: str, rel: str, report: Report) -> Draft | None:
    """Check a concept file's parsed front matter and its body (the text after line
    `closing`); findings go to `report`."""
    fm_report = Report(report.findings, report.path, offset=2)  # front matter starts on line 2
    if not isinstance(data, dict):
        report.error(1, msg("front_matter_not_map", what=kind_of(data)))
        return None
    fields = Fields(fm_report)
    if not data.keys() <= _KNOWN_FIELDS:  # most files use only known fields
        for key in data:
            if key not in _KNOWN_FIELDS:
                fm_report.warning(
                    line_of(data, key),
                    msg("unknown_field", key=str(key), hint=suggest(str(key), _KNOWN_FIELDS)),
                )
    concept_id = fields.string(data, "id", NOTHING)
    title = fields.text(data, "title", NOTHING)
    category = fields.string(data, "category", NOTHING)
    title = _bounded_title(title, line_of(data, "title"), fm_report)

    aliases: list[str] = []
    for line, item in fields.list_of(data, "aliases", NOTHING):
        alias = item.strip() if isinstance(item, str) else ""
        if len(alias) > MAX_NAME_CHARS:
            fm_report.error(line, msg("alias_too_long", length=len(alias), limit=MAX_NAME_CHARS))
        elif alias:
            aliases.append(nfc(alias))
        else:  # not text, or empty text
            fm_report.error(line, msg("alias_not_text", what=kind_of(item)))

    links: list[tuple[int, str, str]] = []
    for line, item in fields.list_of(data, "links", NOTHING):
        if not isinstance(item, dict):
            fm_report.error(line, msg("link_not_map", what=kind_of(item)))
            continue
        target = fields.string(item, "to", msg("where_link"))
        kind = fields.string(item, "kind", msg("where_link"))
        if target is None or kind is None:
            continue
        if kind not in LINK_KINDS:
            fm_report.error(
                line_of(item, "kind"),
                msg(
                    "link_kind_unknown",
                    kind=kind,
                    hint=suggest(kind, LINK_KINDS),
                    kinds=", ".join(LINK_KINDS),
                ),
            )
            continue
        links.append((line, target, kind))

    sources: list[Source] = []
    for line, item in fields.list_of(data, "sources", NOTHING):
        if not isinstance(item, dict):
            fm_report.error(line, msg("source_not_map", what=kind_of(item)))
            continue
        source_title = fields.string(item, "title", msg("where_source"))
        url = fields.string(item, "url", msg("where_source"), required=False)
        if url is not None and not _URL_RE.match(url):
            fm_report.error(
                line_of(item, "url"),
                msg("source_url", url=url[:60]),
            )
            continue
        if source_title is not None:
            sources.append(Source(title=source_title, url=url or ""))

    misconceptions: list[Text] = []
    for line, item in fields.list_of(data, "misconceptions", NOTHING):
        if not isinstance(item, dict):
            fm_report.error(line, msg("misconception_not_map", what=kind_of(item)))
            continue
        holder: dict[str, Any] = {"m": item}
        item_text = fields.text(holder, "m", msg("where_misconception"))
        if item_text is not None:
            misconceptions.append(item_text)

    questions = read_questions(data, fields, fm_report, concept_id or "")

    code = code_lines(body_text)  # a heading or a link in fenced code is an example
    sections = body_sections(body_text, closing + 1, report, code)
    if concept_id is None or title is None or category is None or len(sections) < 2:
        return None
    body = Text(en=sections["en"][1], ko=sections["ko"][1])
    wikilinks = _wikilinks(body_text, closing + 1, code, sections)
    return Draft(
        rel=rel,
        report=report,
        id=concept_id,
        id_line=line_of(data, "id") + 2,
        title=title,
        category=category,
        category_line=line_of(data, "category") + 2,
        body=body,
        aliases=tuple(dict.fromkeys(aliases)),
        links=[(ln + 2, t, k) for ln, t, k in links],
        wikilinks=[(ln + 1, t) for ln, t in wikilinks],
        sources=tuple(sources),
        questions=[(ln + 2, q) for ln, q in questions],
        misconceptions=tuple(misconceptions),
    )


def _bounded_title(title: Text | None, line: int, report: Report) -> Text | None:
    """`title`, or None after reporting a language too long for a node label."""
    for lang in LANGS:
        if title is not None and len(title.get(lang)) > MAX_NAME_CHARS:
            report.error(
                line,
                msg("title_too_long", lang=lang, length=len(title.get(lang)), limit=MAX_NAME_CHARS),
            )
            return None
    return title


def _read_categories(root: Path, display: str, findings: list[Finding]) -> list[Category]:
    path = root / "categories.yaml"
    rel = display_path(display, "categories.yaml")
    report = Report(findings, rel)
    if not path.is_file():
        report.error(0, msg("categories_missing"))
        return []
    text = read_text_file(path, report)
    if text is None:
        return []
    try:
        data = yamlsafe.parse(text)
    except yamlsafe.YamlError as exc:
        report.error(exc.line, exc.message)
        return []
    if not isinstance(data, list):
        report.error(0, msg("categories_not_list", what=kind_of(data)))
        return []
    fields = Fields(report)
    categories: list[Category] = []
    seen: set[str] = set()
    for index, item in enumerate(data):
        line = line_of(data, index)
        if not isinstance(item, dict):
            report.error(line, msg("category_not_map", what=kind_of(item)))
            continue
        where = msg("where_category")
        cid = fields.string(item, "id", where)
        title = fields.text(item, "title", where)
        colour = fields.string(item, "colour", where, required=False) or "#888888"
        if cid is None or title is None:
            continue
        if not ID_RE.match(cid):
            report.error(line_of(item, "id"), msg("category_id_case", id=cid))
            continue
        if not COLOUR_RE.match(colour):
            report.error(line_of(item, "colour"), msg("colour_bad", colour=colour))
            continue
        if cid in seen:
            report.error(line_of(item, "id"), msg("category_duplicate", id=cid))
            continue
        seen.add(cid)
        categories.append(Category(id=cid, title=title, colour=colour.lower()))
    return categories


def load_pack(
    root: str | os.PathLike[str],
    display: str | None = None,
    fmt: str | None = None,
    progress: Callable[[int, int], None] | None = None,
    listed: Sequence[tuple[str, str]] | None = None,
    drafted: Callable[[list[Draft]], None] | None = None,
) -> LoadResult:
    """Load and validate the pack at `root`. Findings name files as `display/relative/path`.

    `fmt` is `pack`, `obsidian` or None (`auto`): a folder with `.obsidian/` and no
    `categories.yaml` is read as an Obsidian vault (app.core.obsidian). `progress(done,
    total)` hears how many concept files are read (pack_pool.concept_reader). `listed` is
    the pack's `concept_paths` when the caller has just listed them (for their stat key).
    `drafted(drafts)` hears the drafts of a pack's files as soon as all are read, before
    the cross-check (content.build_content starts the layout then).
    """
    root_path = Path(root)
    shown = str(root) if display is None else display
    findings: list[Finding] = []
    if not root_path.is_dir():
        findings.append(Finding(shown, 0, "error", msg("not_a_folder")))
        return LoadResult(None, findings)
    from app.core import obsidian  # here: the vault reader builds on this module

    if obsidian.pack_format(root_path, fmt) == "obsidian":
        return obsidian.load_vault(root_path, shown)
    categories = _read_categories(root_path, shown, findings)
    drafts: list[Draft] = []
    files = concept_paths(root_path) if listed is None else listed
    linked = {rel for full, rel in files if os.path.islink(full)}  # one lstat a file
    full_paths = {rel: full for full, rel in files}

    def reread(draft: Draft) -> Draft | None:
        return _read_concept(full_paths[draft.rel], draft.rel, draft.report, fast=False)

    with gc_paused():
        # On every core for a big pack.
        read, digests = concept_reader(
            [(full, rel) for full, rel in files if rel not in linked],
            shown,
            _read_concept,
            read_concept_hashed,
            progress=progress,
        )
        for full, rel in files:
            if rel in linked:
                findings.append(
                    Finding(display_path(shown, rel), 0, "warning", msg("symlink_pack"))
                )
                continue
            report = Report(findings, display_path(shown, rel))
            draft = read(full, rel, report)
            if draft is not None:
                drafts.append(draft)
        if drafted is not None:
            drafted(drafts)
        digest = pack_digest(root_path, files, digests)
        return LoadResult.checked(
            root_path, categories, drafts, findings, digest, len(files), reread
        )
