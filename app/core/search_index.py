"""The body search index: a trigram FTS5 table in a file beside the content database, built after it.

A content database is usable the moment it is renamed into place; this index only makes
body search fast. It takes most of a big pack's build (10,000 concepts: ~2 s of ~3), so it
is built afterwards, on a thread (SQLite runs it without the GIL) while the window shows the
graph. Until it exists, body search scans the concepts table and finds the same concepts in
the same order. The file carries the content digest it was built from and is ignored when
that is not the content database's own.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable
from pathlib import Path

from app.core.atomic import replacing

__all__ = [
    "INDEX_VERSION",
    "index_path",
    "index_is_current",
    "build_search_index",
    "ensure_search_index",
    "attach_index",
    "match_bodies",
    "containing",
]

#: Bumped whenever the index's tables change; an older index is simply rebuilt.
INDEX_VERSION = 1


def index_path(db_path: str | os.PathLike[str]) -> Path:
    """Where the body index of the content database `db_path` lives."""
    path = Path(db_path)
    return path.with_name(f"{path.stem}.search{path.suffix}")


def _digest(conn: sqlite3.Connection, schema: str = "main") -> str | None:
    try:
        row = conn.execute(f"SELECT value FROM {schema}.meta WHERE key = 'digest'").fetchone()
    except sqlite3.DatabaseError:
        return None
    return row[0] if row else None


def _read_only(path: Path) -> str:
    return f"{path.resolve().as_uri()}?mode=ro"


def index_is_current(db_path: str | os.PathLike[str]) -> bool:
    """True when the index beside `db_path` was built from that very content."""
    index = index_path(db_path)
    if not index.is_file() or not Path(db_path).is_file():
        return False
    try:
        conn = sqlite3.connect(_read_only(Path(db_path)), uri=True)
        try:
            return _attach(conn, index)
        finally:
            conn.close()
    except sqlite3.DatabaseError:
        return False


def build_search_index(
    db_path: str | os.PathLike[str], stop: Callable[[], bool] | None = None
) -> Path:
    """Index every concept body of `db_path` into its index file, atomically (a temp file,
    then a rename): a reader sees the old index, or none, or the whole new one.

    `stop` is asked now and then while SQLite works; when it says True the build ends
    with sqlite3.OperationalError ("interrupted") and leaves no file (the app quitting).
    """
    source = Path(db_path)
    target = index_path(source)
    with replacing(target) as temp:
        # URI filenames on: the content database is attached read-only by its URI, which
        # SQLite reads as a plain file name on a connection opened without them.
        conn = sqlite3.connect(temp.resolve().as_uri(), uri=True)
        if stop is not None:
            conn.set_progress_handler(lambda: 1 if stop() else 0, 1_000)
        try:
            conn.execute("PRAGMA journal_mode=OFF")  # a failed build discards the whole file
            conn.execute("PRAGMA synchronous=OFF")
            conn.execute("ATTACH DATABASE ? AS content", (_read_only(source),))
            conn.execute("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT)")
            conn.execute(
                "INSERT INTO meta SELECT key, value FROM content.meta WHERE key = 'digest'"
            )
            conn.execute(
                # detail=none: the index only has to find substrings (LIKE), never phrases
                # or ranks; it builds in 60% of the time at half the size.
                "CREATE VIRTUAL TABLE body_fts USING fts5(concept_id UNINDEXED, body, "
                "tokenize='trigram', detail=none)"
            )
            # Segments are left unmerged while it is filled: 10-30% faster to build, and
            # queries measured no slower (10k concepts).
            conn.execute("INSERT INTO body_fts (body_fts, rank) VALUES ('automerge', 0)")
            # One statement: SQLite reads, tokenises and writes without coming back to Python.
            conn.execute(
                "INSERT INTO body_fts (concept_id, body) SELECT id, body_en || char(10) || "
                "body_ko FROM content.concepts ORDER BY position"
            )
            conn.execute(f"PRAGMA user_version={INDEX_VERSION}")
            conn.commit()
            conn.execute("DETACH DATABASE content")
        finally:
            conn.close()
    return target


def ensure_search_index(
    db_path: str | os.PathLike[str], stop: Callable[[], bool] | None = None
) -> bool:
    """Build the index of `db_path` unless a current one exists; True when it was built.

    A cache folder that cannot be written, or a `stop`, leaves search on the slower scan:
    not an error.
    """
    if index_is_current(db_path):
        return False
    try:
        build_search_index(db_path, stop)
    except (OSError, sqlite3.DatabaseError):
        return False
    return True


def _attach(conn: sqlite3.Connection, index: Path) -> bool:
    """Attach `index` to `conn` as `search` if it belongs to the content `conn` reads."""
    try:
        conn.execute("ATTACH DATABASE ? AS search", (_read_only(index),))
    except sqlite3.DatabaseError:
        return False
    try:
        version = conn.execute("PRAGMA search.user_version").fetchone()[0]
        if version == INDEX_VERSION and _digest(conn, "search") == _digest(conn):
            return True
    except sqlite3.DatabaseError:
        pass
    conn.execute("DETACH DATABASE search")
    return False


def attach_index(conn: sqlite3.Connection, db_path: str | os.PathLike[str]) -> bool:
    """Let `conn` (reading the content database `db_path`) search through its index, if a
    current one exists; True when attached."""
    index = index_path(db_path)
    return index.is_file() and _attach(conn, index)


def match_bodies(conn: sqlite3.Connection, query: str, limit: int, indexed: bool) -> list[str]:
    """Ids of concepts whose body contains `query` (any length; ASCII case-insensitive), in
    pack order: through the attached index when `indexed`, else by scanning the bodies."""
    escaped = containing(query)
    if not indexed:
        sql = (
            "SELECT id FROM concepts WHERE body_en || char(10) || body_ko LIKE ? ESCAPE '\\' "
            "ORDER BY position LIMIT ?"
        )
        return [row[0] for row in conn.execute(sql, (escaped, limit))]
    if len(query) < 3 or any(ch in query for ch in "%_\\"):
        # A full scan of the index. The trigram index needs three characters, and SQLite
        # counts them in bytes: without ESCAPE (which turns the index off) a two-syllable
        # Korean word such as 캐시 would be looked up in it and never found. Wildcards
        # need ESCAPE too.
        pattern = escaped
        sql = "SELECT concept_id FROM search.body_fts WHERE body LIKE ? ESCAPE '\\' LIMIT ?"
    else:
        pattern = f"%{query}%"  # answered from the trigram index
        sql = "SELECT concept_id FROM search.body_fts WHERE body LIKE ? LIMIT ?"
    return [row[0] for row in conn.execute(sql, (pattern, limit))]


def containing(text: str) -> str:
    """A LIKE pattern (with ESCAPE '\\') matching any string that contains `text` literally."""
    return "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
