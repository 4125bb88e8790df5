"""Keep a content database in step with its pack: validate, lay out and build only when the text changed."""

from __future__ import annotations

import contextlib
import dataclasses
import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from app.core.crosscheck import Draft
from app.core.layout import LAYOUT_SEED, LAYOUT_VERSION, compute_layout
from app.core.model import Pack
from app.core.obsidian import pack_format, source_digest, vault_files
from app.core.pack import Finding, load_pack
from app.core.pack_pool import gc_paused, run_aside, warm
from app.core.packfiles import concept_paths, stat_key
from app.core.store import (
    Positions,
    StoreError,
    build_database,
    read_keys,
    remember_stat_key,
    warm_build,
)

__all__ = [
    "ContentError",
    "ContentStatus",
    "ensure_content",
    "build_content",
    "content_key",
    "content_stat_key",
    "is_current",
]


class ContentError(Exception):
    """The pack has errors; nothing was written. `findings` lists them."""

    def __init__(self, pack_dir: str, findings: list[Finding]) -> None:
        errors = [f for f in findings if f.severity == "error"]
        super().__init__(
            f"{pack_dir}: {len(errors)} error(s) in the content pack; nothing was built"
        )
        self.findings = findings


@dataclass
class ContentStatus:
    db_path: Path
    rebuilt: bool
    findings: list[Finding] = field(default_factory=list)


def content_key(pack_dir: str | os.PathLike[str], fmt: str | None = None) -> str:
    """What a database must have been built from to be reused: the text, how it was read
    (a pack or an Obsidian vault, `fmt`) and the layout version."""
    return f"{source_digest(pack_dir, fmt)}+layout{LAYOUT_VERSION}"


def content_stat_key(
    pack_dir: str | os.PathLike[str],
    fmt: str | None = None,
    concepts: Sequence[tuple[str, str]] | None = None,
) -> tuple[str, bool]:
    """The key of every content file's stat (no file is read) and whether it is racy
    (packfiles.stat_key): equal keys mean unchanged files without hashing them.

    `concepts` is a pack's `concept_paths` when the caller has listed them already."""
    root = Path(pack_dir)
    kind = pack_format(root, fmt)
    label = f"{kind}+layout{LAYOUT_VERSION}"
    if kind == "obsidian":
        files: Sequence[tuple[str | os.PathLike[str], str]] = vault_files(root)
    else:
        listed = concept_paths(root) if concepts is None else concepts
        files = [(os.path.join(root, "categories.yaml"), "categories.yaml"), *listed]
    return stat_key(label, files)


def is_current(
    pack_dir: str | os.PathLike[str], db_path: str | os.PathLike[str], fmt: str | None = None
) -> bool:
    """True when `db_path` was built from exactly this pack text (so its layout is cached too).

    Files whose stat is as recorded are not read; when any stat moved (a touch, a copy, an
    edit) every file is hashed, and an unchanged text records the new stat for next time.
    """
    keys = read_keys(db_path)
    if keys is None:
        return False
    stats, racy = content_stat_key(pack_dir, fmt)
    if not racy and keys.get("stat") == stats:
        return True
    if keys.get("digest") != content_key(pack_dir, fmt):
        return False
    if not racy:
        with contextlib.suppress(StoreError):  # a read-only cache folder: hash again next time
            remember_stat_key(db_path, stats)
    return True


def build_content(
    pack_dir: str | os.PathLike[str],
    db_path: str | os.PathLike[str],
    display: str | None = None,
    fmt: str | None = None,
    phase: Callable[[str], None] | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> ContentStatus:
    """Validate `pack_dir`, lay it out and build `db_path`; raise ContentError on any error.

    `progress(done, total)` hears how far the current phase is: files read, then steps of
    the database written. Like `phase`, it may raise to stop the build (then between two
    chunks of files, or two tables).

    `phase` is called with "read" and "build" as each starts; an exception it raises (a
    cancel) stops the build there, and the previous database stays. The map is laid out
    (on another core for a big pack) while the database is written.
    """
    # No cyclic collection until the pack is written and dropped: one would walk every
    # object of the pack read (50 ms at 10k) to find nothing, as the reading's pause ends.
    with gc_paused():
        return _build_content(
            pack_dir, db_path, display, fmt, phase or (lambda _name: None), progress
        )


def _build_content(
    pack_dir: str | os.PathLike[str],
    db_path: str | os.PathLike[str],
    display: str | None,
    fmt: str | None,
    step: Callable[[str], None],
    progress: Callable[[int, int], None] | None,
) -> ContentStatus:
    step("read")
    # The files are listed once, for their stat key and for reading. A big pack's workers
    # start as soon as the count is known.
    concepts = concept_paths(pack_dir) if pack_format(Path(pack_dir), fmt) == "pack" else None
    warm(len(concepts or ()))
    # Before reading: an edit meanwhile moves it.
    stats, racy = content_stat_key(pack_dir, fmt, concepts)
    warm_build()  # the database's imports, while the files are read
    early: list[tuple[LayoutInput, Callable[[], Positions]]] = []

    def drafted(drafts: Sequence[Draft]) -> None:
        # Every file is read: lay the map out now, on the core the cross-check leaves idle.
        # If the pack opens at all, the check drops nothing the layout uses (a link it drops
        # is an error, or a duplicate: then the input differs and is laid out again below).
        args = _drafts_layout_input(drafts)
        early.append((args, run_aside(len(drafts), compute_layout, *args)))

    result = load_pack(pack_dir, display, fmt, progress, listed=concepts, drafted=drafted)
    if not result.ok or result.pack is None:
        raise ContentError(str(display or pack_dir), result.findings)
    # The loader hashed every file it read (source_digest): no second pass over the text.
    pack = dataclasses.replace(result.pack, digest=f"{result.pack.digest}+layout{LAYOUT_VERSION}")
    step("build")
    args = layout_input(pack)
    if early and early[0][0] == args:
        positions = early[0][1]
    else:
        positions = run_aside(len(pack.concepts), compute_layout, *args)
    path = build_database(
        pack, db_path, positions, stat_key=None if racy else stats, progress=progress
    )
    return ContentStatus(path, True, result.findings)


#: `compute_layout`'s arguments: node ids, edges, seed, each node's category.
LayoutInput = tuple[list[str], list[tuple[str, str]], int, dict[str, str]]


def layout_input(pack: Pack) -> LayoutInput:
    """`compute_layout`'s arguments for `pack`: its concepts, links and categories."""
    edges = [(link.source, link.target) for c in pack.concepts for link in c.links]
    groups = {c.id: c.category for c in pack.concepts}
    return [c.id for c in pack.concepts], edges, LAYOUT_SEED, groups


def _drafts_layout_input(drafts: Sequence[Draft]) -> LayoutInput:
    """`layout_input` of the pack these drafts make, when the cross-check keeps them all."""
    edges = [(d.id, target) for d in drafts for _line, target, _kind in d.links]
    groups = {d.id: d.category for d in drafts}
    return [d.id for d in drafts], edges, LAYOUT_SEED, groups


def pack_layout(pack: Pack) -> dict[str, tuple[float, float]]:
    """Where each concept of `pack` goes on the map: its category's region, by its links."""
    return compute_layout(*layout_input(pack))


def ensure_content(
    pack_dir: str | os.PathLike[str],
    db_path: str | os.PathLike[str],
    force: bool = False,
    fmt: str | None = None,
    phase: Callable[[str], None] | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> ContentStatus:
    """Reuse `db_path` if it was built from exactly this text, else build it (see build_content)."""
    if not force and is_current(pack_dir, db_path, fmt):
        return ContentStatus(Path(db_path), False)
    return build_content(pack_dir, db_path, fmt=fmt, phase=phase, progress=progress)
