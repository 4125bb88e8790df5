"""Reading a pack's files defensively: size and type first, then encoding, front matter and body sections."""

from __future__ import annotations

import hashlib
import os
import re
import stat
import time
from collections.abc import Iterable, Mapping
from pathlib import Path

from app.core import yamlsafe
from app.core.findings import Report, msg, nfc
from app.core.markup import prose_lines
from app.core.model import LANGS

__all__ = [
    "MAX_FILE_BYTES",
    "read_text_file",
    "split_front_matter",
    "body_sections",
    "concept_files",
    "concept_paths",
    "display_path",
    "pack_digest",
    "file_digest",
    "stat_key",
]

MAX_FILE_BYTES = 1_000_000
_SECTION_RE = re.compile(r"^##\s+(en|ko)\s*$")


def read_text_file(path: Path, report: Report) -> str | None:
    """Read a UTF-8 file defensively: size first, then encoding; `None` after reporting why not."""
    try:
        info = path.stat()
    except OSError as exc:
        report.error(0, msg("file_unreadable", reason=str(exc.strerror)))
        return None
    size = info.st_size
    if not stat.S_ISREG(info.st_mode):  # a named pipe or a device would block or never end
        report.error(0, msg("file_not_regular"))
        return None
    if size > MAX_FILE_BYTES:
        report.error(0, msg("file_too_big", size=size, limit=MAX_FILE_BYTES))
        return None
    try:
        data = path.read_bytes()
    except OSError as exc:
        report.error(0, msg("file_unreadable", reason=str(exc.strerror)))
        return None
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        report.error(0, msg("file_utf16"))
        return None
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    nul = data.find(b"\x00")
    if nul >= 0:
        report.error(data.count(b"\n", 0, nul), msg("file_nul"))
        return None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        report.error(data.count(b"\n", 0, exc.start), msg("file_bad_utf8", at=exc.start))
        return None
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    control = yamlsafe.CONTROL_RE.search(text)
    if control:
        report.error(
            text.count("\n", 0, control.start()),
            msg("file_control", code=ord(control.group())),
        )
        return None
    return nfc(text)


def split_front_matter(text: str, report: Report) -> tuple[str, int, list[str]] | None:
    """Return (front matter, index of the closing line, all lines)."""
    lines = text.split("\n")
    if not lines or lines[0].strip() != "---":
        report.error(0, msg("front_matter_missing"))
        return None
    for index in range(1, len(lines)):
        if lines[index].rstrip() in ("---", "..."):
            return "\n".join(lines[1:index]), index, lines
    report.error(0, msg("front_matter_unclosed"))
    return None


def body_sections(lines: list[str], start: int, report: Report) -> dict[str, tuple[int, str]]:
    """Split the body (from 0-based line `start`) into its `## en` and `## ko` sections."""
    sections: dict[str, tuple[int, list[str]]] = {}
    current: str | None = None
    for offset, line, prose in prose_lines("\n".join(lines[start:])):
        index = start + offset
        heading = _SECTION_RE.match(line) if prose and line.startswith("##") else None
        if heading:
            lang = heading.group(1)
            if lang in sections:
                report.error(index, msg("section_twice", lang=lang))
            current = lang
            sections[lang] = (index + 1, [])
            continue
        if current is None:
            if line.strip():
                report.warning(index, msg("text_before_sections"))
                current = "_ignored"
                sections.setdefault(current, (index, []))
            continue
        sections[current][1].append(line)
    result: dict[str, tuple[int, str]] = {}
    for lang in LANGS:
        if lang not in sections:
            report.error(start - 1 if start else 0, msg("section_missing", lang=lang))
            continue
        first, body = sections[lang]
        if not "\n".join(body).strip():
            report.error(first - 1, msg("section_empty", lang=lang))
            continue
        while body and not body[0].strip():
            body.pop(0)
            first += 1
        result[lang] = (first, "\n".join(body).rstrip())
    return result


def display_path(display: str, rel: str) -> str:
    return f"{display.rstrip('/')}/{rel}" if display else rel


def concept_files(root: Path) -> list[tuple[Path, str]]:
    """Every `*.md` under the pack, sorted, skipping hidden folders and links out of the pack."""
    return [(Path(full), rel) for full, rel in concept_paths(root)]


def concept_paths(root: str | os.PathLike[str]) -> list[tuple[str, str]]:
    """`concept_files` as plain strings: 10,000 files listed without building a Path each."""
    found: list[tuple[str, str]] = []
    top = os.fspath(root)
    for dirpath, dirnames, filenames in os.walk(top):
        dirnames[:] = sorted(
            d
            for d in dirnames
            if not d.startswith(".") and not os.path.islink(os.path.join(dirpath, d))
        )
        folder = os.path.relpath(dirpath, top).replace(os.sep, "/")
        prefix = "" if folder == "." else folder + "/"
        for name in sorted(filenames):
            if not name.endswith(".md") or name.startswith("."):
                continue
            rel = prefix + name
            if rel.lower() == "readme.md":
                continue
            found.append((os.path.join(dirpath, name), nfc(rel)))
    return found


def pack_digest(
    root: str | os.PathLike[str],
    files: Iterable[tuple[Path, str]] | None = None,
    known: Mapping[str, bytes] | None = None,
) -> str:
    """A hash of every file the pack is made of: it changes exactly when the text changes.

    `files` is `concept_files(root)` when the caller has it already; `known` holds the
    `file_digest` of files hashed already (by the workers that read them).
    """
    root_path = Path(root)
    digest = hashlib.sha256(b"backend-atlas pack v1\0")
    cat_file = root_path / "categories.yaml"
    if cat_file.is_file():
        digest.update(b"categories.yaml\0" + file_digest(cat_file))
    known = known or {}
    for full, rel in concept_files(root_path) if files is None else files:
        if not full.is_symlink():
            found = known.get(rel)
            digest.update(rel.encode() + b"\0" + (file_digest(full) if found is None else found))
    return digest.hexdigest()


#: A file changed less than this long before its stat was taken may change again within the
#: same timestamp tick without its size or mtime moving (git's "racy" files).
RACY_NS = 2_000_000_000


def stat_key(label: str, files: Iterable[tuple[str | os.PathLike[str], str]]) -> tuple[str, bool]:
    """A hash of every file's (path, size, mtime_ns, type), read without opening any file.

    Returns the key and whether it is *racy*: some file changed so recently that an edit
    in the same timestamp tick could leave its stat unchanged, so the key must not be trusted.
    """
    digest = hashlib.sha256(f"backend-atlas stat v1 {label}\0".encode())
    now = time.time_ns()
    racy = False
    for full, rel in files:
        try:
            info = os.lstat(full)
        except OSError:
            digest.update(rel.encode() + b"\0missing\0")
            continue
        # A write sets mtime to now; a tool that puts an old mtime back still moves ctime.
        racy = racy or info.st_mtime_ns >= now - RACY_NS
        line = (
            f"{rel}\0{info.st_size}\0{info.st_mtime_ns}\0{info.st_ctime_ns}\0"
            f"{info.st_ino}\0{info.st_mode}\0"
        )
        digest.update(line.encode())
    return digest.hexdigest(), racy


def file_digest(path: Path) -> bytes:
    try:
        info = path.stat()
        if not stat.S_ISREG(info.st_mode):
            return b"special"  # never read: a named pipe would block
        if info.st_size > MAX_FILE_BYTES:
            return b"oversize:" + str(info.st_size).encode()
        return hashlib.sha256(path.read_bytes()).digest()
    except OSError:
        return b"unreadable"
