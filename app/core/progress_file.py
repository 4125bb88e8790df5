"""The progress database file: what makes it ours, checks before opening, moving a bad one aside."""

from __future__ import annotations

import os
import sqlite3
from datetime import UTC, datetime
from pathlib import Path

__all__ = [
    "SCHEMA_VERSION",
    "SCHEMA",
    "INTERVIEWS_SCHEMA",
    "APPLICATION_ID",
    "ProgressError",
    "ProgressReadOnly",
    "ProgressCorrupt",
    "check_file",
    "connect_ro",
    "move_aside",
    "newer_version_error",
    "writable",
    "utc",
]

#: Bumped with each change to the tables (`progress.MIGRATIONS` holds the steps up to it).
SCHEMA_VERSION = 2
#: The tables of schema 1: FSRS card state, and every answer ever given.
SCHEMA = (
    """CREATE TABLE cards (
        question_id TEXT PRIMARY KEY,
        concept_id TEXT NOT NULL,
        due REAL NOT NULL,             -- unix seconds, UTC: for range queries
        stability REAL,
        card TEXT NOT NULL              -- fsrs Card.to_json(): the source of truth
    )""",
    "CREATE INDEX cards_due ON cards (due)",
    "CREATE INDEX cards_concept ON cards (concept_id)",
    """CREATE TABLE reviews (
        id INTEGER PRIMARY KEY,
        question_id TEXT NOT NULL,
        concept_id TEXT NOT NULL,
        rating INTEGER NOT NULL CHECK (rating BETWEEN 1 AND 4),
        reviewed_at REAL NOT NULL,     -- unix seconds, UTC
        duration_ms INTEGER
    )""",
    "CREATE INDEX reviews_question ON reviews (question_id)",
)
#: Schema 2: mock interviews, and each graded answer of one (its review is in `reviews`).
INTERVIEWS_SCHEMA = (
    """CREATE TABLE interviews (
        id INTEGER PRIMARY KEY,
        started_at REAL NOT NULL,      -- unix seconds, UTC
        finished_at REAL,              -- NULL while it runs, or if the app died during it
        planned INTEGER NOT NULL,
        seconds_each INTEGER NOT NULL
    )""",
    """CREATE TABLE interview_answers (
        id INTEGER PRIMARY KEY,
        interview_id INTEGER NOT NULL REFERENCES interviews (id),
        position INTEGER NOT NULL,
        question_id TEXT NOT NULL,
        concept_id TEXT NOT NULL,
        rating INTEGER NOT NULL CHECK (rating BETWEEN 1 AND 4),
        points_covered INTEGER NOT NULL,
        points_total INTEGER NOT NULL,
        seconds_used REAL NOT NULL
    )""",
    "CREATE INDEX interview_answers_interview ON interview_answers (interview_id)",
)
#: Marks the file as ours in its header ("BAtl"), so a stray SQLite file is not mistaken for it.
APPLICATION_ID = 0x4241746C


class ProgressError(Exception):
    """The progress database cannot be used as asked; the message names the file."""


class ProgressReadOnly(ProgressError):
    """The database (or its folder) cannot be written: it can be read, answers are not saved."""


class ProgressCorrupt(ProgressError):
    """The file is not a usable progress database. Move it aside (`move_aside`) and start anew."""

    def __init__(self, path: Path, detail: str) -> None:
        super().__init__(f"{path}: not a readable progress database ({detail})")
        self.path = path


def utc(now: datetime | None) -> datetime:
    """`now` in UTC (the current time when None); naive times are refused, not guessed at."""
    if now is None:
        return datetime.now(UTC)
    if now.tzinfo is None:
        raise ValueError("times must be timezone-aware (UTC)")
    return now.astimezone(UTC)


def connect_ro(path: Path) -> sqlite3.Connection:
    """Open an existing database for reading only; it is never written through this."""
    uri = path.resolve().as_uri()
    conn = sqlite3.connect(f"{uri}?mode=ro", uri=True, isolation_level=None)
    try:
        conn.execute("SELECT count(*) FROM sqlite_schema").fetchone()
        return conn
    except sqlite3.OperationalError as exc:
        conn.close()
        if exc.sqlite_errorname not in ("SQLITE_CANTOPEN", "SQLITE_READONLY"):
            raise
    except BaseException:
        conn.close()
        raise
    # A WAL database in a folder we cannot write has no shared-memory file to read through;
    # nobody can be writing it either, so read it as an immutable file.
    return sqlite3.connect(f"{uri}?mode=ro&immutable=1", uri=True, isolation_level=None)


def _header_version(path: Path) -> int | None:
    """`PRAGMA user_version` read from the file header as bytes, if it is an SQLite file."""
    try:
        with open(path, "rb") as handle:
            head = handle.read(100)
    except OSError:
        return None
    if len(head) < 100 or not head.startswith(b"SQLite format 3\x00"):
        return None
    return int.from_bytes(head[60:64], "big", signed=True)


def newer_version_error(path: Path, version: int) -> ProgressError:
    """The refusal of a database written by a newer version of the app."""
    return ProgressError(
        f"{path}: this progress database was written by a newer version of Backend Atlas "
        f"(schema {version}; this version reads up to {SCHEMA_VERSION}). Update the app to "
        "use it; the file was left unchanged."
    )


def check_file(path: str | os.PathLike[str]) -> int:
    """The schema version of an existing progress file; raise if this app cannot use it.

    Reads only: a file this app refuses is never written.
    """
    path = Path(path)
    header = _header_version(path)
    if header is not None and header > SCHEMA_VERSION:
        # Refused from the bytes alone: even a read-only SQLite open of a WAL database
        # leaves -wal and -shm files beside it.
        raise newer_version_error(path, header)
    try:
        conn = connect_ro(path)
        try:
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            app_id = conn.execute("PRAGMA application_id").fetchone()[0]
            tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_schema")}
            check = conn.execute("PRAGMA quick_check").fetchone()[0] if tables else "ok"
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        if getattr(exc, "sqlite_errorname", "") in ("SQLITE_NOTADB", "SQLITE_CORRUPT"):
            raise ProgressCorrupt(path, str(exc)) from None
        raise ProgressError(f"{path}: cannot open the progress database ({exc})") from None
    if check != "ok":
        raise ProgressCorrupt(path, f"integrity check: {check}")
    if app_id not in (0, APPLICATION_ID) or (tables and "cards" not in tables):
        raise ProgressCorrupt(path, "it is an SQLite file of another program")
    if version > SCHEMA_VERSION:
        raise newer_version_error(path, version)
    return version


def _rename_no_replace(source: Path, target: Path) -> None:
    try:
        os.link(source, target)  # fails if `target` exists, unlike a POSIX rename
    except FileExistsError:
        raise
    except OSError:  # no hard links here (FAT, some network shares)
        if target.exists():
            raise FileExistsError(target) from None
        os.rename(source, target)
        return
    os.unlink(source)


def move_aside(path: str | os.PathLike[str]) -> Path:
    """Rename a damaged database (and its journal files) to `<name>.corrupt-<UTC time>`."""
    source = Path(path)
    base = f"{source.name}.corrupt-{datetime.now(UTC):%Y%m%dT%H%M%SZ}"
    target, counter = source.with_name(base), 1
    while True:
        try:
            _rename_no_replace(source, target)
            break
        except FileExistsError:
            target, counter = source.with_name(f"{base}-{counter}"), counter + 1
    # A stale journal left beside a new, empty database would be replayed into it.
    for suffix in ("-wal", "-journal", "-shm"):
        side = source.with_name(source.name + suffix)
        if side.exists():
            _rename_no_replace(side, target.with_name(target.name + suffix))
    return target


def writable(path: Path) -> bool:
    """Whether the database at `path` can be written (making its folder if need be)."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError:
        return False
    # WAL needs to create its -wal and -shm files beside the database.
    folder_ok = os.access(path.parent, os.W_OK | os.X_OK)
    return folder_ok and (not path.exists() or os.access(path, os.W_OK))
