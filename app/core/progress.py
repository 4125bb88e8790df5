"""The user's progress database: FSRS card state and the review log, keyed by stable ids."""

from __future__ import annotations

import hashlib
import os
import sqlite3
import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from fsrs import Card, Rating, Scheduler

from app.core import progress_file as _file
from app.core.backup import event_backup
from app.core.mastery import concept_mastery
from app.core.progress_file import (
    APPLICATION_ID,
    INTERVIEWS_SCHEMA,
    SCHEMA,
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

__all__ = [
    "SCHEMA_VERSION",
    "ProgressError",
    "ProgressReadOnly",
    "ProgressCorrupt",
    "ProgressStore",
    "InterviewAnswer",
    "check_file",
    "move_aside",
]

BUSY_TIMEOUT_S = 10.0


def _add_interviews(conn: sqlite3.Connection) -> None:
    for statement in INTERVIEWS_SCHEMA:
        conn.execute(statement)


#: `MIGRATIONS[n]` brings a database from schema n to n + 1, inside the upgrade transaction.
MIGRATIONS: dict[int, Callable[[sqlite3.Connection], None]] = {1: _add_interviews}


@dataclass(frozen=True)
class InterviewAnswer:
    """One graded answer of a mock interview, as stored."""

    position: int
    question_id: str
    concept_id: str
    rating: int
    points_covered: int
    points_total: int
    seconds_used: float


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
        for statement in (*SCHEMA, *INTERVIEWS_SCHEMA):
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
                for statement in (*SCHEMA, *INTERVIEWS_SCHEMA):
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
        if rating not in (1, 2, 3, 4):  # before the transaction: nothing to roll back
            raise ValueError(f"rating must be 1 (Again) to 4 (Easy), got {rating!r}")
        with self._transaction() as conn:
            return self._review(conn, question_id, concept_id, rating, utc(now), duration_ms)

    def _review(
        self, conn: sqlite3.Connection, question_id: str, concept_id: str, rating: int,
        at: datetime, duration_ms: int | None,
    ) -> Card:  # fmt: skip
        if rating not in (1, 2, 3, 4):
            raise ValueError(f"rating must be 1 (Again) to 4 (Easy), got {rating!r}")
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

    # -- mock interviews -----------------------------------------------------------------

    def start_interview(self, planned: int, seconds_each: int, now: datetime | None = None) -> int:
        """Open a mock interview; its id. Committed at once, like every answer of it."""
        with self._transaction() as conn:
            cursor = conn.execute(
                "INSERT INTO interviews (started_at, planned, seconds_each) VALUES (?, ?, ?)",
                (utc(now).timestamp(), planned, seconds_each),
            )
            return int(cursor.lastrowid or 0)

    def record_interview_answer(
        self, interview_id: int, answer: InterviewAnswer, now: datetime | None = None
    ) -> Card:
        """Grade one interview answer: an FSRS review and the interview's row, one transaction."""
        with self._transaction() as conn:
            card = self._review(
                conn, answer.question_id, answer.concept_id, answer.rating, utc(now),
                round(answer.seconds_used * 1000),
            )  # fmt: skip
            conn.execute(
                "INSERT INTO interview_answers (interview_id, position, question_id, concept_id, "
                "rating, points_covered, points_total, seconds_used) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (interview_id, answer.position, answer.question_id, answer.concept_id,
                 answer.rating, answer.points_covered, answer.points_total, answer.seconds_used),
            )  # fmt: skip
        return card

    def finish_interview(self, interview_id: int, now: datetime | None = None) -> None:
        with self._transaction() as conn:
            conn.execute(
                "UPDATE interviews SET finished_at = ? WHERE id = ? AND finished_at IS NULL",
                (utc(now).timestamp(), interview_id),
            )

    def interview_count(self) -> int:
        """Finished mock interviews (one the app died during is kept, but not counted)."""
        sql = "SELECT count(*) FROM interviews WHERE finished_at IS NOT NULL"
        return self._conn.execute(sql).fetchone()[0]

    def interview_answers(self, interview_id: int) -> list[InterviewAnswer]:
        rows = self._conn.execute(
            "SELECT position, question_id, concept_id, rating, points_covered, points_total, "
            "seconds_used FROM interview_answers WHERE interview_id = ? ORDER BY position, id",
            (interview_id,),
        )
        return [InterviewAnswer(*row) for row in rows]

    def interview_ids(self) -> list[int]:
        """Every interview, finished or not, oldest first."""
        return [r[0] for r in self._conn.execute("SELECT id FROM interviews ORDER BY id")]

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

    def last_ratings(self) -> dict[str, int]:
        """The rating of each answered question's latest answer."""
        rows = self._conn.execute(
            "SELECT question_id, rating FROM reviews WHERE id IN "
            "(SELECT max(id) FROM reviews GROUP BY question_id)"
        )
        return dict(rows.fetchall())

    def mastery(
        self, questions_by_concept: Mapping[str, Iterable[str]], now: datetime | None = None
    ) -> dict[str, float | None]:
        """Per concept, 0–1 over all its questions (see `app.core.mastery`); None: none answered."""
        last = self.last_ratings()
        answered = {qid: (card, last.get(qid)) for qid, _c, card in self.cards()}
        return concept_mastery(answered, questions_by_concept, utc(now))

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
