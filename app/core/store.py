"""The content database: built from a pack with sqlite-utils, read by the app. The only SQL on it."""

from __future__ import annotations

import importlib
import json
import os
import sqlite3
import threading
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import sqlite_utils

from app.core.atomic import replacing
from app.core.model import (
    MENTIONS,
    SYMMETRIC_KINDS,
    Category,
    Concept,
    ConceptSummary,
    KeyPoint,
    Link,
    Pack,
    Question,
    Source,
    Text,
)
from app.core.search_index import attach_index, containing, match_bodies
from app.core.store_json import (
    ALL,
    CONCEPTS_JSON_SQL,
    EDGES_JSON_SQL,
    NODES_JSON_SQL,
    QUESTIONS_JSON_SQL,
    SOME,
)
from app.core.store_rows import INDEXES, TABLES, Positions, fold, pack_rows

__all__ = [
    "fold",
    "SCHEMA_VERSION",
    "StoreError",
    "build_database",
    "ContentStore",
    "read_digest",
    "read_keys",
    "remember_stat_key",
    "warm_build",
]

#: Bumped whenever the tables change; an older database is simply rebuilt.
SCHEMA_VERSION = 6


class StoreError(Exception):
    """The content database cannot be used; the message says why and names the file."""


def warm_build() -> None:
    """Import what writing a database needs (sqlite-utils: 0.15-0.3 s, numpy when present)
    on a thread now, while a big pack is read on other cores; `build_database` then finds it
    imported, or waits for the import lock."""
    threading.Thread(target=importlib.import_module, args=("sqlite_utils",), daemon=True).start()


def build_database(
    pack: Pack,
    db_path: str | os.PathLike[str],
    positions: Positions | Callable[[], Positions] | None = None,
    stat_key: str | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> Path:
    """Write `pack` (and its layout) to `db_path` atomically: a temp file, then a rename.

    `positions` may be a callable: it is called last, when everything else is written, so
    a layout computed elsewhere meanwhile is waited for only then.

    `stat_key` (content.content_stat_key) lets the next open skip hashing the files.
    `progress(done, total)` hears each step written (a table, the indexes); an exception it
    raises (a cancel) stops the build there. A failure or a stop at any point leaves the
    previous database untouched.
    """
    target = Path(db_path)
    target.parent.mkdir(parents=True, exist_ok=True)
    import sqlite_utils  # only building needs it (0.15 s of imports, numpy when present)

    try:
        with replacing(target) as temp:
            conn = sqlite3.connect(temp)
            try:
                # The temp file is discarded on any failure, so durability per statement
                # buys nothing here; one fsync before the rename is what matters.
                conn.execute("PRAGMA journal_mode=OFF")
                conn.execute("PRAGMA synchronous=OFF")
                # A concept's row (both bodies) is a few kB: on the default 4 kB pages each
                # sits alone on its page. 16 kB pages hold several (10k concepts: 56 -> 47 MB
                # written, 0.44 -> 0.39 s to build).
                conn.execute("PRAGMA page_size=16384")
                _write(sqlite_utils.Database(conn), pack, positions or {}, progress)
                if stat_key is not None:
                    conn.execute("INSERT INTO meta (key, value) VALUES ('stat', ?)", (stat_key,))
                conn.execute(f"PRAGMA user_version={SCHEMA_VERSION}")
                conn.commit()
            finally:
                conn.close()
    except sqlite3.DatabaseError as exc:  # a full disk, an I/O error
        raise StoreError(
            f"{target}: cannot write the content database ({exc}); the previous one is kept"
        ) from None
    return target


def _write(
    db: sqlite_utils.Database,
    pack: Pack,
    positions: Positions | Callable[[], Positions],
    progress: Callable[[int, int], None] | None,
) -> None:
    """Create every table with sqlite-utils and fill it with one `executemany` of plain rows
    (sqlite-utils' insert_all checks and converts every value in Python: 1.5 s of a 10k build).
    The body search index is built afterwards, in its own file (search_index.py)."""
    rows = pack_rows(pack, positions)
    steps = len(TABLES) + 1  # every table, then the indexes
    done = 0

    def step() -> None:
        nonlocal done
        done += 1
        if progress is not None:
            progress(done, steps)

    for name, (columns, pk) in TABLES.items():
        table = db.table(name)
        table.create(columns, pk=pk) if pk else table.create(columns)
        if name != "layout":
            _fill(db.conn, name, rows[name])
            step()
    for name, indexed in INDEXES:
        db.table(name).create_index(indexed)
    step()
    _fill(db.conn, "layout", rows["layout"])  # last: it may still be being computed elsewhere
    step()


def _fill(conn: sqlite3.Connection, name: str, rows: Iterable[tuple[object, ...]]) -> None:
    columns = TABLES[name][0]
    fields = ", ".join(f"[{column}]" for column in columns)
    values = ", ".join("?" for _column in columns)  # each row has the columns in this order
    conn.executemany(f"INSERT INTO [{name}] ({fields}) VALUES ({values})", rows)


def read_digest(db_path: str | os.PathLike[str]) -> str | None:
    """The pack digest a database was built from, or None if it is missing, old or damaged."""
    keys = read_keys(db_path)
    return keys.get("digest") if keys else None


def read_keys(db_path: str | os.PathLike[str]) -> dict[str, str] | None:
    """What a database was built from: `digest` (the text) and, when known, `stat` (the files'
    stat key); None if it is missing, old or damaged."""
    path = Path(db_path)
    if not path.is_file():
        return None
    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
        try:
            if conn.execute("PRAGMA user_version").fetchone()[0] != SCHEMA_VERSION:
                return None
            # A few ms for the bundled pack; a damaged page would otherwise fail a later read.
            if conn.execute("PRAGMA quick_check").fetchone()[0] != "ok":
                return None
            rows = conn.execute("SELECT key, value FROM meta WHERE key IN ('digest', 'stat')")
            keys = dict(rows.fetchall())
            return keys if "digest" in keys else None
        finally:
            conn.close()
    except sqlite3.DatabaseError:
        return None


def remember_stat_key(db_path: str | os.PathLike[str], stat_key: str) -> None:
    """Record the files' stat key in a database whose digest was just found current."""
    try:
        conn = sqlite3.connect(db_path, timeout=1)
        try:
            with conn:
                conn.execute("DELETE FROM meta WHERE key = 'stat'")
                conn.execute("INSERT INTO meta (key, value) VALUES ('stat', ?)", (stat_key,))
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        raise StoreError(f"{db_path}: cannot record the files' stat ({exc})") from None


class ContentStore:
    """Read access to a built content database. Open one per thread."""

    def __init__(self, db_path: str | os.PathLike[str]) -> None:
        self.path = Path(db_path)
        try:
            self._conn = sqlite3.connect(f"{self.path.resolve().as_uri()}?mode=ro", uri=True)
            version = self._conn.execute("PRAGMA user_version").fetchone()[0]
            if version != SCHEMA_VERSION:
                raise StoreError(
                    f"{self.path}: content database has schema {version}, expected {SCHEMA_VERSION}; rebuild it"
                )
            self.digest: str = self._conn.execute(
                "SELECT value FROM meta WHERE key='digest'"
            ).fetchone()[0]
            self.root: str = self._conn.execute(
                "SELECT value FROM meta WHERE key='root'"
            ).fetchone()[0]
        except sqlite3.DatabaseError as exc:
            raise StoreError(
                f"{self.path}: not a usable content database ({exc}); rebuild it"
            ) from None
        self._indexed = attach_index(self._conn, self.path)

    def close(self) -> None:
        self._conn.close()

    def __enter__(self) -> ContentStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- whole-graph reads -------------------------------------------------------------

    def categories(self) -> list[Category]:
        rows = self._conn.execute(
            "SELECT id, title_en, title_ko, colour FROM categories ORDER BY position"
        )
        return [Category(id=r[0], title=Text(r[1], r[2]), colour=r[3]) for r in rows]

    def summaries(self) -> list[ConceptSummary]:
        rows = self._conn.execute(
            "SELECT id, title_en, title_ko, category FROM concepts ORDER BY position"
        )
        return [ConceptSummary(id=r[0], title=Text(r[1], r[2]), category=r[3]) for r in rows]

    def links(self, include_mentions: bool = False) -> list[Link]:
        sql = "SELECT source, target, kind FROM links"
        if not include_mentions:
            sql += " WHERE kind != 'mentions'"
        return [Link(*row) for row in self._conn.execute(sql + " ORDER BY rowid")]

    def categories_of(self, concept_ids: Iterable[str] | None = None) -> list[Category]:
        """The categories of these concepts (of every concept when None), in pack order."""
        sql = "SELECT id, title_en, title_ko, colour FROM categories WHERE id IN "
        if concept_ids is None:
            rows = self._conn.execute(sql + "(SELECT category FROM concepts) ORDER BY position")
        else:
            rows = self._conn.execute(
                sql + "(SELECT category FROM concepts WHERE id IN (SELECT value FROM json_each(?)))"
                " ORDER BY position",
                (json.dumps(list(concept_ids)),),
            )
        return [Category(id=r[0], title=Text(r[1], r[2]), colour=r[3]) for r in rows]

    def positions(self) -> dict[str, tuple[float, float]]:
        return {
            r[0]: (r[1], r[2]) for r in self._conn.execute("SELECT concept_id, x, y FROM layout")
        }

    def count(self, table: str) -> int:
        if table not in {"concepts", "links", "questions", "aliases", "sources", "categories"}:
            raise ValueError(table)
        return self._conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]

    # -- one concept -------------------------------------------------------------------

    def concept(self, concept_id: str) -> Concept | None:
        row = self._conn.execute(
            "SELECT id, title_en, title_ko, category, body_en, body_ko, path, misconceptions "
            "FROM concepts WHERE id = ?",
            (concept_id,),
        ).fetchone()
        if row is None:
            return None
        aliases = tuple(
            r[0]
            for r in self._conn.execute(
                "SELECT alias FROM aliases WHERE concept_id = ? ORDER BY position", (concept_id,)
            )
        )
        links = tuple(
            Link(*r)
            for r in self._conn.execute(
                "SELECT source, target, kind FROM links WHERE source = ? AND kind != 'mentions' ORDER BY rowid",
                (concept_id,),
            )
        )
        mentions = tuple(
            r[0]
            for r in self._conn.execute(
                "SELECT target FROM links WHERE source = ? AND kind = 'mentions' ORDER BY rowid",
                (concept_id,),
            )
        )
        sources = tuple(
            Source(*r)
            for r in self._conn.execute(
                "SELECT title, url FROM sources WHERE concept_id = ? ORDER BY position",
                (concept_id,),
            )
        )
        misconceptions = tuple(Text(en, ko) for en, ko in json.loads(row[7]))
        return Concept(
            id=row[0], title=Text(row[1], row[2]), category=row[3], body=Text(row[4], row[5]),
            aliases=aliases, links=links, mentions=mentions, sources=sources,
            questions=tuple(self.questions([concept_id])), misconceptions=misconceptions, path=row[6],
        )  # fmt: skip

    def question_keys(self) -> list[tuple[str, str]]:
        """(concept id, question id) of every authored question, in pack order: what counting
        and mastery need, without building 20,000 `Question`s at 10k concepts (0.5 s)."""
        return self._conn.execute("SELECT concept_id, id FROM questions ORDER BY rowid").fetchall()

    def question_ids_among(self, question_ids: Iterable[str]) -> set[str]:
        """Those of `question_ids` that are authored questions of this pack."""
        rows = self._conn.execute(
            "SELECT id FROM questions WHERE id IN (SELECT value FROM json_each(?))",
            (json.dumps(list(question_ids)),),
        )
        return {row[0] for row in rows}

    def questions(self, concept_ids: Iterable[str] | None = None) -> list[Question]:
        sql = (
            "SELECT id, concept_id, kind, prompt_en, prompt_ko, answer_en, answer_ko, choices, "
            "correct, explanation_en, explanation_ko, points FROM questions"
        )
        if concept_ids is None:
            rows = self._conn.execute(sql + " ORDER BY rowid").fetchall()
        else:
            ids = list(concept_ids)
            rows = []
            for start in range(0, len(ids), 500):
                chunk = ids[start : start + 500]
                marks = ",".join("?" * len(chunk))
                rows += self._conn.execute(
                    f"{sql} WHERE concept_id IN ({marks}) ORDER BY rowid", chunk
                ).fetchall()
        return [_question(r) for r in rows]

    def question(self, question_id: str) -> Question | None:
        row = self._conn.execute(
            "SELECT id, concept_id, kind, prompt_en, prompt_ko, answer_en, answer_ko, choices, "
            "correct, explanation_en, explanation_ko, points FROM questions WHERE id = ?",
            (question_id,),
        ).fetchone()
        return _question(row) if row else None

    def bodies(self) -> dict[str, Text]:
        return {
            r[0]: Text(r[1], r[2])
            for r in self._conn.execute("SELECT id, body_en, body_ko FROM concepts")
        }

    def concepts_json(self, concept_ids: Iterable[str] | None = None) -> bytes:
        """`{id: record}` as UTF-8 JSON in pack order, for every concept or `concept_ids`.

        A record holds what the export's panel shows but the questions: title and body in
        both languages, category, aliases, misconceptions and sources.
        """
        return self._json(CONCEPTS_JSON_SQL, concept_ids)

    def nodes_json(self, lang: str, concept_ids: Iterable[str] | None = None) -> bytes:
        """`[{id, label, x, y, group}, ...]` as UTF-8 JSON in pack order: the graph's nodes.

        The label is the title in `lang`, or in the other language when that one is empty;
        x and y are null for a concept the layout lacks.
        """
        return self._json(NODES_JSON_SQL, concept_ids, lang=lang)

    def edges_json(self, concept_ids: Iterable[str] | None = None) -> bytes:
        """`[{from, to, kind}, ...]` as UTF-8 JSON, sorted: each distinct link among these
        concepts but mentions, and a symmetric one written from both ends only once."""
        symmetric = json.dumps(sorted(SYMMETRIC_KINDS))
        return self._json(EDGES_JSON_SQL, concept_ids, symmetric=symmetric)

    def questions_json(self, concept_ids: Iterable[str] | None = None) -> bytes:
        """`[[concept id, question], ...]` as UTF-8 JSON in pack order (see concepts_json)."""
        return self._json(QUESTIONS_JSON_SQL, concept_ids)

    def _json(self, sql: str, concept_ids: Iterable[str] | None, **params: object) -> bytes:
        """One of the export's JSON queries, over every concept or only `concept_ids`."""
        if concept_ids is None:
            rows = ALL
        else:
            rows = SOME
            params["ids"] = json.dumps(list(concept_ids))
        row = self._conn.execute(sql.format(**rows), {"mentions": MENTIONS, **params}).fetchone()
        return bytes(row[0])

    # -- search ------------------------------------------------------------------------

    def match_names(self, folded_query: str, limit: int) -> list[tuple[str, str, int]]:
        """(concept id, matching folded name, weight) for names containing the query.

        Names equal to the query come first and are never cut by `limit`: a one-letter
        name ("C", "Go") must be found however many names contain that letter.
        """
        pattern = containing(folded_query)
        exact = self._conn.execute(
            "SELECT concept_id, name, weight FROM names WHERE name = ?", (folded_query,)
        ).fetchall()
        rest = self._conn.execute(
            "SELECT concept_id, name, weight FROM names WHERE name LIKE ? ESCAPE '\\' LIMIT ?",
            (pattern, limit),
        ).fetchall()
        return exact + [row for row in rest if row[1] != folded_query]

    def match_bodies(self, query: str, limit: int) -> list[str]:
        """Ids of concepts whose body contains `query` (any length; ASCII case-insensitive),
        through the body index once it is built (search_index.py), by a scan until then."""
        if not self._indexed:
            self._indexed = attach_index(self._conn, self.path)
        return match_bodies(self._conn, query, limit, self._indexed)


def _question(r: tuple) -> Question:
    choices = tuple(Text(en, ko) for en, ko in json.loads(r[7] or "[]"))
    return Question(
        id=r[0], concept_id=r[1], kind=r[2], prompt=Text(r[3], r[4]),
        answer=Text(r[5], r[6]) if r[5] is not None else None, choices=choices, correct=r[8],
        explanation=Text(r[9], r[10]) if r[9] is not None else None,
        points=tuple(KeyPoint(Text(en, ko), tuple(keywords))
                     for en, ko, keywords in json.loads(r[11] or "[]")),
    )  # fmt: skip
