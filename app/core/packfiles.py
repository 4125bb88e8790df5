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
from app.core.markup import code_lines, lines_with
from app.core.model import LANGS

__all__ = [
    "MAX_FILE_BYTES",
    "read_text_file",
    "front_matter",
    "split_front_matter",
    "read_text_hashed",
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


def read_text_file(path: str | os.PathLike[str], report: Report) -> str | None:
    """Read a UTF-8 file defensively: size first, then encoding; `None` after reporting why not."""
    data, _refused = _read_bytes(path, report)
    return None if data is None else _decode(data, report)


def read_text_hashed(path: str | os.PathLike[str], report: Report) -> tuple[str | None, bytes]:
    """`read_text_file` and `file_digest` of one file, from one stat and one read of it."""
    data, refused = _read_bytes(path, report)
    if data is None:
        return None, refused
    return _decode(data, report), hashlib.sha256(data).digest()


def file_digest(path: str | os.PathLike[str]) -> bytes:
    """The sha256 of the file's bytes, or what stopped them being read (never read: a pipe)."""
    data, refused = _read_bytes(path, Report([], ""))
    return refused if data is None else hashlib.sha256(data).digest()


def _read_bytes(path: str | os.PathLike[str], report: Report) -> tuple[bytes | None, bytes]:
    """The file's bytes; or None, after reporting why not, and the why as `file_digest` says it."""
    try:
        info = os.stat(path)
    except OSError as exc:
        report.error(0, msg("file_unreadable", reason=str(exc.strerror)))
        return None, b"unreadable"
    size = info.st_size
    if not stat.S_ISREG(info.st_mode):  # a named pipe or a device would block or never end
        report.error(0, msg("file_not_regular"))
        return None, b"special"
    if size > MAX_FILE_BYTES:
        report.error(0, msg("file_too_big", size=size, limit=MAX_FILE_BYTES))
        return None, b"oversize:" + str(size).encode()
    try:
        # Unbuffered: the whole file in one read, with no buffer to copy it through.
        with open(path, "rb", buffering=0) as handle:
            return handle.readall(), b""
    except OSError as exc:
        report.error(0, msg("file_unreadable", reason=str(exc.strerror)))
        return None, b"unreadable"


def _decode(data: bytes, report: Report) -> str | None:
    """A file's bytes as NFC text with `\\n` line ends; `None` after reporting why not."""
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
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    # The search below walks the text a character at a time (14 us for a 4 kB concept);
    # the bytes can first vouch that it will find nothing (2 us).
    control = yamlsafe.CONTROL_RE.search(text) if _may_hold_control(data) else None
    if control:
        report.error(
            text.count("\n", 0, control.start()),
            msg("file_control", code=ord(control.group())),
        )
        return None
    return nfc(text)


#: The bytes of the control characters `yamlsafe.CONTROL_RE` refuses that UTF-8 writes as
#: one byte. NUL is refused before, and a carriage return is a line end by then.
_CONTROL_BYTES = bytes([*range(0x01, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0x7F])


def _may_hold_control(data: bytes) -> bool:
    """Whether valid UTF-8 `data` may hold a control character other than tab and line ends.

    U+0080 to U+009F are the only others; UTF-8 writes them as 0xC2 and a second byte, and
    0xC2 is never the second or third byte of a character.
    """
    return len(data.translate(None, _CONTROL_BYTES)) != len(data) or b"\xc2" in data


#: The line that closes the front matter, from the line break before it: `---` or `...`,
#: perhaps with spaces after it. (Led by the line break, not `^`: 8x faster to search for.)
_CLOSING_RE = re.compile(r"\n(?:---|\.\.\.)[^\S\n]*(?=\n|\Z)")


def front_matter(text: str, report: Report) -> tuple[str, int, str] | None:
    """Return (front matter, 0-based index of the closing line, the body after that line)."""
    first_end = text.find("\n")
    first_line = text if first_end < 0 else text[:first_end]
    if first_line.strip() != "---":
        report.error(0, msg("front_matter_missing"))
        return None
    closing = None if first_end < 0 else _CLOSING_RE.search(text, first_end)
    if closing is None:
        report.error(0, msg("front_matter_unclosed"))
        return None
    front = text[first_end + 1 : closing.start()]  # "" when it closes on line 2
    index = text.count("\n", 0, closing.start()) + 1
    return front, index, text[closing.end() + 1 :]


def split_front_matter(text: str, report: Report) -> tuple[str, int, list[str]] | None:
    """Return (front matter, index of the closing line, all lines)."""
    found = front_matter(text, report)
    if found is None:
        return None
    front, closing, _body = found
    return front, closing, text.split("\n")


def body_sections(
    body: str, start: int, report: Report, code: set[int] | None = None
) -> dict[str, tuple[int, str]]:
    """Split the body (its first line the file's 0-based line `start`) into its `## en` and
    `## ko` sections: each section's first line in the file and its text.

    `code` is `markup.code_lines(body)` when the caller has it already.
    """
    headings = _headings(body, code_lines(body) if code is None else code)
    before = body[: headings[0][1]] if headings else body
    if before and not before.isspace():  # isspace stops at the first other character
        first_text = len(before) - len(before.lstrip())
        report.warning(start + before.count("\n", 0, first_text), msg("text_before_sections"))
    sections: dict[str, tuple[int, str]] = {}
    for number, (index, _line_start, line_end, lang) in enumerate(headings):
        # A section runs to the line before the next heading, or to the end of the body.
        end = headings[number + 1][1] - 1 if number + 1 < len(headings) else len(body)
        if lang in sections:
            report.error(start + index, msg("section_twice", lang=lang))
        sections[lang] = (start + index + 1, body[line_end + 1 : end])
    result: dict[str, tuple[int, str]] = {}
    for lang in LANGS:
        if lang not in sections:
            report.error(start - 1 if start else 0, msg("section_missing", lang=lang))
            continue
        first, text = sections[lang]
        if not text or text.isspace():
            report.error(first - 1, msg("section_empty", lang=lang))
            continue
        # Blank lines before the text are dropped; the section starts at the first line of it.
        first_text = len(text) - len(text.lstrip())
        line_start = text.rfind("\n", 0, first_text) + 1
        result[lang] = (first + text.count("\n", 0, line_start), text[line_start:].rstrip())
    return result


def _headings(body: str, code: set[int]) -> list[tuple[int, int, int, str]]:
    """The body's `## en` and `## ko` headings outside `code` (its fenced lines): (0-based
    line, where the line starts and ends in `body`, language)."""
    headings: list[tuple[int, int, int, str]] = []
    for index, line_start, line in lines_with(body, "##"):
        heading = _SECTION_RE.match(line) if line.startswith("##") else None
        if heading and index not in code:
            headings.append((index, line_start, line_start + len(line), heading.group(1)))
    return headings


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
    files: Iterable[tuple[str | os.PathLike[str], str]] | None = None,
    known: Mapping[str, bytes] | None = None,
) -> str:
    """A hash of every file the pack is made of: it changes exactly when the text changes.

    `files` is `concept_paths(root)` when the caller has it already; `known` holds the
    `file_digest` of files hashed already (by the workers that read them).
    """
    root_path = Path(root)
    digest = hashlib.sha256(b"backend-atlas pack v1\0")
    cat_file = root_path / "categories.yaml"
    if cat_file.is_file():
        digest.update(b"categories.yaml\0" + file_digest(cat_file))
    known = known or {}
    for full, rel in concept_paths(root_path) if files is None else files:
        found = known.get(rel)  # read already: not a symbolic link
        if found is None:
            if os.path.islink(full):
                continue
            found = file_digest(full)
        digest.update(rel.encode() + b"\0" + found)
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
