"""Copies of the progress database made with SQLite's backup API: daily rotation and restore."""

from __future__ import annotations

import contextlib
import os
import re
import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from app.core.atomic import replacing
from app.core.progress_file import check_file, move_aside, utc

__all__ = [
    "KEEP_DAILY",
    "KEEP_WEEKLY",
    "Backup",
    "backup_copy",
    "backup_if_due",
    "holds_answers",
    "list_backups",
    "prune_backups",
    "restore_backup",
]

KEEP_DAILY = 7
KEEP_WEEKLY = 4

_PREFIX = "progress-"
# progress-2024-05-01.db (daily) or progress-20240501T120000Z-before-restore.db (one-off)
_DAILY_RE = re.compile(r"^progress-(\d{4}-\d{2}-\d{2})\.db$")
_EVENT_RE = re.compile(r"^progress-(\d{8}T\d{6}Z)-([a-z][a-z0-9-]*?)(?:-\d+)?\.db$")


@dataclass(frozen=True)
class Backup:
    """One backup file: `kind` is "daily" or what it was taken before ("before-restore", ...).

    `taken` is when it was written, in UTC: a one-off's name holds the second; a daily one's
    name holds only its UTC day, so the file's modification time gives the time of day (the
    day's midnight if the file was since copied or touched on another day).
    """

    path: Path
    taken: datetime
    kind: str


def backup_copy(source: sqlite3.Connection | str | os.PathLike[str], target: Path) -> Path:
    """Copy a database to `target` with the backup API: a consistent snapshot, written atomically.

    The copy is switched to a rollback journal so it is one self-contained file.
    """
    target.parent.mkdir(parents=True, exist_ok=True)
    own = not isinstance(source, sqlite3.Connection)
    src = source if isinstance(source, sqlite3.Connection) else sqlite3.connect(source)
    try:
        with replacing(target) as temp:
            dst = sqlite3.connect(temp)
            try:
                src.backup(dst)
                dst.execute("PRAGMA journal_mode=DELETE")
            finally:
                dst.close()
    finally:
        if own:
            src.close()
    return target


def event_backup(
    source: sqlite3.Connection | str | os.PathLike[str],
    backups_dir: str | os.PathLike[str],
    kind: str,
    now: datetime | None = None,
) -> Path:
    """A one-off copy taken before something risky (a restore, a migration); never pruned."""
    stamp = utc(now).strftime("%Y%m%dT%H%M%SZ")
    folder = Path(backups_dir)
    target = folder / f"{_PREFIX}{stamp}-{kind}.db"
    counter = 1
    while target.exists():  # two in one second: keep both
        target = folder / f"{_PREFIX}{stamp}-{kind}-{counter}.db"
        counter += 1
    return backup_copy(source, target)


def list_backups(backups_dir: str | os.PathLike[str]) -> list[Backup]:
    """Every backup in the folder, newest first."""
    folder = Path(backups_dir)
    if not folder.is_dir():
        return []
    found: list[Backup] = []
    for path in folder.iterdir():
        daily = _DAILY_RE.match(path.name)
        event = _EVENT_RE.match(path.name)
        try:
            if daily:
                day = datetime.strptime(daily.group(1), "%Y-%m-%d").replace(tzinfo=UTC)
                found.append(Backup(path, _written(path, day), "daily"))
            elif event:
                taken = datetime.strptime(event.group(1), "%Y%m%dT%H%M%SZ")
                found.append(Backup(path, taken.replace(tzinfo=UTC), event.group(2)))
        except ValueError:
            continue  # a name that only looks like ours (month 13): not ours to touch
    found.sort(key=lambda b: (b.taken, b.path.name), reverse=True)
    return found


def _written(path: Path, day: datetime) -> datetime:
    """When a daily backup named for `day` was written: its mtime, if that falls on the day."""
    try:
        written = datetime.fromtimestamp(path.stat().st_mtime, UTC)
    except OSError:
        return day
    return written if written.date() == day.date() else day


def holds_answers(path: str | os.PathLike[str]) -> bool:
    """Whether a progress database holds any answer; True when it cannot tell.

    A fresh database (no answers) is what starting over gives anyway: a copy of one is worth
    nothing and must never stand in for a copy that holds the user's history.
    """
    try:
        conn = sqlite3.connect(f"{Path(path).resolve().as_uri()}?mode=ro", uri=True)
    except sqlite3.Error:
        return True
    try:
        tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master")}
        ours = [t for t in ("reviews", "cards") if t in tables]
        if "reviews" not in ours:
            return True  # not a progress database: not ours to judge
        return any(conn.execute(f"SELECT EXISTS (SELECT 1 FROM {t})").fetchone()[0] for t in ours)
    except sqlite3.Error:
        return True
    finally:
        conn.close()


def _same_content(a: Path, b: Path) -> bool:
    if a.stat().st_size != b.stat().st_size:
        return False
    with open(a, "rb") as fa, open(b, "rb") as fb:
        while True:
            chunk = fa.read(1 << 16)
            if chunk != fb.read(1 << 16):
                return False
            if not chunk:
                return True


def backup_if_due(
    db_path: str | os.PathLike[str],
    backups_dir: str | os.PathLike[str],
    now: datetime | None = None,
) -> Path | None:
    """Take today's (UTC) daily backup unless there is one, or nothing changed since the last.

    A database without answers (a fresh one, say after a damaged file was moved aside) is not
    backed up: its copy would be offered as the newest backup over the real ones. Returns the
    new backup, or None. Old daily backups are pruned to the rotation.
    """
    source = Path(db_path)
    folder = Path(backups_dir)
    if not source.is_file() or source.stat().st_size == 0:
        return None
    when = utc(now)
    target = folder / f"{_PREFIX}{when.date().isoformat()}.db"
    if target.exists() and holds_answers(target):
        return None
    dailies = [b for b in list_backups(folder) if b.kind == "daily" and b.path != target]
    # The backup API writes the same bytes for the same content, so an unchanged database
    # is detected by taking the copy and comparing it with the newest one. The copy goes
    # aside first: an empty copy of today's must not replace a real one.
    fresh = backup_copy(source, target.with_name(f".{target.name}.new"))
    if not holds_answers(fresh) or (dailies and _same_content(fresh, dailies[0].path)):
        fresh.unlink()
        prune_backups(folder)
        return None
    os.replace(fresh, target)
    os.utime(target, (when.timestamp(), when.timestamp()))
    prune_backups(folder)
    return target


def _kept(dailies: list[Backup], keep_daily: int, keep_weekly: int) -> set[Path]:
    """The newest `keep_daily`, then the newest copy of each of the `keep_weekly` weeks before."""
    kept = {b.path for b in dailies[:keep_daily]}
    weeks: dict[tuple[int, int], Backup] = {}
    for backup in dailies[keep_daily:]:  # newest first, so the first one seen wins its week
        week = backup.taken.isocalendar()[:2]
        weeks.setdefault((week[0], week[1]), backup)
    newest_weeks = sorted(weeks, reverse=True)[:keep_weekly]
    kept.update(weeks[w].path for w in newest_weeks)
    return kept


def prune_backups(
    backups_dir: str | os.PathLike[str],
    keep_daily: int = KEEP_DAILY,
    keep_weekly: int = KEEP_WEEKLY,
) -> list[Path]:
    """Delete daily backups outside the rotation; one-off backups are left alone. Returns the deleted.

    Only backups that hold answers count toward the rotation; daily ones without (made by
    earlier versions after a fresh start) are deleted, so they never push a real one out.
    """
    dailies = [b for b in list_backups(backups_dir) if b.kind == "daily"]
    real = [b for b in dailies if holds_answers(b.path)]
    kept = _kept(real, keep_daily, keep_weekly)
    removed = []
    for backup in dailies:
        if backup.path not in kept:
            with contextlib.suppress(FileNotFoundError):
                backup.path.unlink()
            removed.append(backup.path)
    return removed


def restore_backup(
    backup_path: str | os.PathLike[str],
    db_path: str | os.PathLike[str],
    backups_dir: str | os.PathLike[str] | None = None,
    now: datetime | None = None,
) -> Path | None:
    """Replace the database's content with a backup's, after copying the current one aside.

    The backup is checked first (readable, intact, a progress database this app can open).
    Returns the copy of the previous database (or, if it was unreadable, where it was moved),
    or None when there was none. Open stores see the restored content on their next read.
    """
    source = Path(backup_path)
    target = Path(db_path)
    folder = Path(backups_dir) if backups_dir is not None else source.parent
    check_file(source)
    previous = None
    if target.is_file() and target.stat().st_size > 0:
        try:
            previous = event_backup(target, folder, "before-restore", now)
        except sqlite3.DatabaseError:  # too damaged to copy page by page: keep the file itself
            previous = move_aside(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    src = sqlite3.connect(f"{source.resolve().as_uri()}?mode=ro", uri=True)
    try:
        dst = sqlite3.connect(target, timeout=10)
        try:
            src.backup(dst)
        finally:
            dst.close()
    finally:
        src.close()
    return previous
