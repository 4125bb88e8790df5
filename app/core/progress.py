"""The user's progress database: FSRS card state and the review log, keyed by stable ids."""

from __future__ import annotations

import hashlib
import os
import sqlite3
import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from datetime import datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from fsrs import Card, Rating, Scheduler, State

from app.core import progress_file as _file
from app.core.backup import event_backup
from app.core.progress_file import (
    APPLICATION_ID,
    SCHEMA_VERSION,
    ProgressCorrupt,
    ProgressError,
    ProgressReadOnly,
    check_file,
    connect_ro,
    move_aside,
    newer_version_error,
    utc,
    writable,
)
from app.core.quiz import is_generated_id

if TYPE_CHECKING:
    from app.core.store import ContentStore

__all__ = [
    "SCHEMA_VERSION",
    "MASTERED_STABILITY_DAYS",
    "ProgressError",
    "ProgressReadOnly",
    "ProgressCorrupt",
    "ProgressStore",
    "check_file",
    "move_aside",
    "is_mastered",
    "progress_summary",
]

#: `MIGRATIONS[n]` brings a database from schema n to n + 1, inside the upgrade transaction.
MIGRATIONS: dict[int, Callable[[sqlite3.Connection], None]] = {}
BUSY_TIMEOUT_S = 10.0
#: A card counts as mastered once FSRS expects it to be remembered for three weeks (Anki's "mature").
MASTERED_STABILITY_DAYS = 21.0

_SCHEMA = (
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


def _not_saved(path: Path, exc: sqlite3.Error) -> ProgressError:
    full = getattr(exc, "sqlite_errorname", "") == "SQLITE_FULL"
    hint = " Free some disk space, then answer again." if full else ""
    return ProgressError(f"{path}: cannot save progress ({exc}); this answer was not saved.{hint}")


def _card_id(question_id: str) -> int:
    """A stable, positive card id per question (the fsrs optimizer groups reviews by it)."""
    return int.from_bytes(hashlib.sha256(question_id.encode()).digest()[:7], "big")


class ProgressStore:
    """Reads and writes one progress database. Open one per thread: connections stay put.

    Each answer is one `BEGIN IMMEDIATE` transaction, so two running copies of the app
    queue behind the busy timeout instead of losing answers.
    """

    def __init__(
        self,
        path: str | os.PathLike[str],
        *,
        read_only: bool = False,
        backups_dir: str | os.PathLike[str] | None = None,
    ) -> None:
        self.path = Path(path)
        self.backups_dir = Path(backups_dir) if backups_dir is not None else self.path.parent
        self.scheduler = Scheduler()  # the package's defaults: desired retention 0.9
        # Without fuzz, so the grade buttons show what the scheduler computes; a real answer
        # may land a day or so either side of it for intervals of 3 days and more.
        self._preview = Scheduler(enable_fuzzing=False)
        exists = self.path.is_file()
        version = check_file(self.path) if exists else 0
        self._identity: tuple[int, int] | None = None  # the file we write, to notice a swap
        self.read_only = read_only or not writable(self.path)
        if not self.read_only:
            try:
                self._conn = self._open_rw_retrying(version)
                return
            except sqlite3.OperationalError as exc:
                if exc.sqlite_errorname not in ("SQLITE_READONLY", "SQLITE_CANTOPEN"):
                    raise ProgressError(f"{self.path}: cannot open ({exc})") from None
                self.read_only = True
        self._conn = self._open_ro(exists, version)

    def _open_rw_retrying(self, version: int) -> sqlite3.Connection:
        # Two copies starting together race to create the file and switch it to WAL; SQLite
        # answers the loser "database is locked" at once, without its busy handler (waiting
        # could deadlock). Opening again shortly after succeeds.
        deadline = time.monotonic() + BUSY_TIMEOUT_S
        while True:
            try:
                return self._open_rw(version)
            except sqlite3.OperationalError as exc:
                if (
                    exc.sqlite_errorname not in ("SQLITE_BUSY", "SQLITE_LOCKED")
                    or time.monotonic() > deadline
                ):
                    raise
                time.sleep(0.05)
                version = check_file(self.path) if self.path.is_file() else 0

    def _open_rw(self, version: int) -> sqlite3.Connection:
        conn = sqlite3.connect(self.path, timeout=BUSY_TIMEOUT_S, isolation_level=None)
        self._identity = self._file_identity()
        try:
            conn.execute(f"PRAGMA busy_timeout={int(BUSY_TIMEOUT_S * 1000)}")
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute("PRAGMA synchronous=FULL")
            self._conn = conn
            if version < _file.SCHEMA_VERSION:
                self._upgrade()
        except BaseException:
            conn.close()
            raise
        return conn

    def _open_ro(self, exists: bool, version: int) -> sqlite3.Connection:
        if exists and version == _file.SCHEMA_VERSION:
            return connect_ro(self.path)
        if exists and version > 0:
            raise ProgressReadOnly(
                f"{self.path}: this progress database needs upgrading to this version of the "
                "app, but it (or its folder) is read-only; make it writable and reopen the app"
            )
        # Nothing to read yet: an empty in-memory database keeps every read working.
        conn = sqlite3.connect(":memory:", isolation_level=None)
        for statement in _SCHEMA:
            conn.execute(statement)
        return conn

    def _upgrade(self) -> None:
        newest = _file.SCHEMA_VERSION
        found = self._conn.execute("PRAGMA user_version").fetchone()[0]
        if 0 < found < newest:
            # Before taking the write lock: the backup API cannot read through a connection
            # that holds one. An answer another copy saves meanwhile is migrated, not lost.
            event_backup(self._conn, self.backups_dir, f"before-v{newest}")
        with self._transaction() as conn:
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            if version > newest:  # a newer copy of the app upgraded it since we looked
                raise newer_version_error(self.path, version)
            if version == newest:  # another copy upgraded it since we looked
                return
            if version == 0:
                for statement in _SCHEMA:
                    conn.execute(statement)
                conn.execute(f"PRAGMA application_id={APPLICATION_ID}")
            else:
                for step in range(version, newest):
                    MIGRATIONS[step](conn)
            conn.execute(f"PRAGMA user_version={newest}")

    @contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        if self.read_only:
            raise ProgressReadOnly(
                f"{self.path}: progress is read-only (the file or its folder cannot be "
                "written); this answer was not saved"
            )
        if self._file_identity() != self._identity:
            # Writing on would go to the old, unlinked file and be lost without a word.
            raise ProgressError(
                f"{self.path}: the progress file was replaced or removed by another program "
                "while the app had it open; this answer was not saved. Restart the app to "
                "use the file that is there now."
            )
        conn = self._conn
        try:
            conn.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as exc:
            raise _not_saved(self.path, exc) from None
        try:
            yield conn
            conn.execute("COMMIT")
        except BaseException as exc:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            if isinstance(exc, sqlite3.DatabaseError):  # a full disk, an I/O error
                raise _not_saved(self.path, exc) from None
            raise

    def _file_identity(self) -> tuple[int, int] | None:
        try:
            info = os.stat(self.path)
        except OSError:
            return None
        return info.st_dev, info.st_ino

    def close(self) -> None:
        self._conn.close()

    def __enter__(self) -> ProgressStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- writing -----------------------------------------------------------------------

    def record(
        self,
        question_id: str,
        concept_id: str,
        rating: int,
        now: datetime | None = None,
        duration_ms: int | None = None,
    ) -> Card:
        """Log one answer (1 Again, 2 Hard, 3 Good, 4 Easy) and reschedule; one transaction."""
        if rating not in (1, 2, 3, 4):
            raise ValueError(f"rating must be 1 (Again) to 4 (Easy), got {rating!r}")
        at = utc(now)
        with self._transaction() as conn:
            card = self._load(conn, question_id) or Card(card_id=_card_id(question_id), due=at)
            card, _log = self.scheduler.review_card(card, Rating(rating), at, duration_ms)
            conn.execute(
                "INSERT INTO reviews (question_id, concept_id, rating, reviewed_at, duration_ms) "
                "VALUES (?, ?, ?, ?, ?)",
                (question_id, concept_id, rating, at.timestamp(), duration_ms),
            )
            conn.execute(
                "INSERT INTO cards (question_id, concept_id, due, stability, card) "
                "VALUES (?, ?, ?, ?, ?) ON CONFLICT (question_id) DO UPDATE SET "
                "concept_id = excluded.concept_id, due = excluded.due, "
                "stability = excluded.stability, card = excluded.card",
                (question_id, concept_id, card.due.timestamp(), card.stability, card.to_json()),
            )
        return card

    # -- reading -----------------------------------------------------------------------

    @staticmethod
    def _load(conn: sqlite3.Connection, question_id: str) -> Card | None:
        row = conn.execute("SELECT card FROM cards WHERE question_id = ?", (question_id,))
        found = row.fetchone()
        return Card.from_json(found[0]) if found else None

    def card(self, question_id: str) -> Card | None:
        """The question's FSRS state, or None if it was never answered."""
        return self._load(self._conn, question_id)

    def cards(self) -> list[tuple[str, str, Card]]:
        """(question id, concept id, card) for every question ever answered."""
        rows = self._conn.execute("SELECT question_id, concept_id, card FROM cards")
        return [(q, c, Card.from_json(js)) for q, c, js in rows]

    def preview(self, question_id: str, now: datetime | None = None) -> dict[int, timedelta]:
        """The interval each rating would give now, for the grade buttons (without fuzz)."""
        at = utc(now)
        card = self.card(question_id) or Card(card_id=_card_id(question_id), due=at)
        return {
            rating: self._preview.review_card(card, Rating(rating), at)[0].due - at
            for rating in (1, 2, 3, 4)
        }

    def due_ids(self, now: datetime | None = None) -> list[str]:
        """Answered questions due by `now`, most overdue first."""
        rows = self._conn.execute(
            "SELECT question_id FROM cards WHERE due <= ? ORDER BY due, question_id",
            (utc(now).timestamp(),),
        )
        return [r[0] for r in rows]

    def due_count(
        self, now: datetime | None = None, question_ids: Iterable[str] | None = None
    ) -> int:
        """How many are due; with `question_ids`, only those (e.g. the ones the pack still has)."""
        if question_ids is None:
            sql = "SELECT count(*) FROM cards WHERE due <= ?"
            return self._conn.execute(sql, (utc(now).timestamp(),)).fetchone()[0]
        return len(set(self.due_ids(now)).intersection(question_ids))

    def seen_ids(self) -> set[str]:
        return {r[0] for r in self._conn.execute("SELECT question_id FROM cards")}

    def review_count(self) -> int:
        return self._conn.execute("SELECT count(*) FROM reviews").fetchone()[0]

    def retrievability(self, question_id: str, now: datetime | None = None) -> float | None:
        """FSRS's probability of recalling the answer at `now`; None if never answered."""
        card = self.card(question_id)
        return None if card is None else self.scheduler.get_card_retrievability(card, utc(now))

    def mastery(
        self, questions_by_concept: Mapping[str, Iterable[str]], now: datetime | None = None
    ) -> dict[str, float | None]:
        """Per concept, the mean retrievability of its answered questions (None: none answered)."""
        at = utc(now)
        recall = {
            qid: self.scheduler.get_card_retrievability(card, at) for qid, _c, card in self.cards()
        }
        result: dict[str, float | None] = {}
        for concept_id, question_ids in questions_by_concept.items():
            values = [recall[q] for q in question_ids if q in recall]
            result[concept_id] = sum(values) / len(values) if values else None
        return result

    def forecast(
        self, days: int = 14, now: datetime | None = None, question_ids: Iterable[str] | None = None
    ) -> list[int]:
        """Cards falling due in each 24-hour window from `now`; the first includes the overdue."""
        start = utc(now).timestamp()
        wanted = None if question_ids is None else set(question_ids)
        counts = [0] * days
        for question_id, due in self._conn.execute("SELECT question_id, due FROM cards"):
            if wanted is not None and question_id not in wanted:
                continue
            window = max(0, int((due - start) // 86400))
            if window < days:
                counts[window] += 1
        return counts


def is_mastered(card: Card) -> bool:
    """In review, with FSRS stability of three weeks or more."""
    return card.state == State.Review and (card.stability or 0.0) >= MASTERED_STABILITY_DAYS


def progress_summary(
    store: ContentStore, progress_db_path: str | os.PathLike[str], now: datetime | None = None
) -> dict[str, Any] | None:
    """Reviews, seen, due and mastered questions in total and per category, and a 14-day forecast.

    Counts only questions the pack still has (answers to removed ones are kept, not counted).
    None when there is no progress database yet. Opens it read-only.
    """
    path = Path(progress_db_path)
    if not path.is_file():
        return None
    at = utc(now)
    category_of = {s.id: s.category for s in store.summaries()}
    authored = {q.id: q.concept_id for q in store.questions()}
    per_category = {c.id: {"seen": 0, "mastered": 0, "due": 0} for c in store.categories()}
    with ProgressStore(path, read_only=True) as progress:
        attached: list[str] = []
        totals = {"seen": 0, "mastered": 0, "due": 0}
        for question_id, concept_id, card in progress.cards():
            concept_id = authored.get(question_id, concept_id)
            known = question_id in authored or is_generated_id(question_id)
            if not known or concept_id not in category_of:
                continue
            attached.append(question_id)
            row = per_category.setdefault(
                category_of[concept_id], {"seen": 0, "mastered": 0, "due": 0}
            )
            flags = {"seen": True, "mastered": is_mastered(card), "due": card.due <= at}
            for key, value in flags.items():
                row[key] += value
                totals[key] += value
        return {
            "reviewed": progress.review_count(),
            **totals,
            "detached": len(progress.seen_ids()) - len(attached),
            "categories": per_category,
            "forecast": progress.forecast(14, at, attached),
        }
