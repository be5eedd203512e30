"""The SQLite file of a JOBDIR frontier: queued and in-flight requests, and the fingerprints
of every request seen, in one file so one transaction covers both.

The guarantees, and why batched commits keep them, are in ``aggnews.state.frontier``.
"""

from __future__ import annotations

import fcntl
import logging
import pickle
import sqlite3
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import IO

logger = logging.getLogger(__name__)

#: Bumped when the schema changes; a file of another format is moved aside.
FORMAT = "1"

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS requests (
    id INTEGER PRIMARY KEY,
    priority INTEGER NOT NULL,
    lane INTEGER NOT NULL,
    ord INTEGER NOT NULL,
    start INTEGER NOT NULL,
    fp BLOB NOT NULL,
    run INTEGER,
    data BLOB NOT NULL
);
CREATE INDEX IF NOT EXISTS queued ON requests (priority DESC, lane, ord) WHERE run IS NULL;
CREATE INDEX IF NOT EXISTS inflight ON requests (run) WHERE run IS NOT NULL;
CREATE INDEX IF NOT EXISTS starts ON requests (fp) WHERE start = 1;
CREATE TABLE IF NOT EXISTS seen (fp BLOB PRIMARY KEY, run INTEGER NOT NULL) WITHOUT ROWID;
"""
#: Scrapy's own scheduler and dupefilter files, torn by any unclean stop.
SCRAPY_FILES = ("requests.queue", "requests.seen")


class FrontierError(Exception):
    """The frontier file cannot be used: what is wrong with it."""


class FrontierBusyError(Exception):
    """Another live process has this JOBDIR's frontier open."""


class FrontierDB:
    """One JOBDIR frontier file, opened by one run.

    Rows of ``requests`` are queued (``run`` NULL) or in flight (``run`` = the run that
    popped them); a run's rows are deleted once its feeds are complete (:meth:`finish`).
    ``seen`` holds the fingerprint of every request queued, with the last run that did.
    Writes go into one open transaction, committed every ``commit_seconds``.
    """

    def __init__(self, path: Path, commit_seconds: float = 1.0) -> None:
        self.path = path
        self.commit_seconds = commit_seconds
        self.commits = 0
        self.lock: IO[str] | None = None
        try:
            self.conn = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
        except sqlite3.Error as exc:
            raise FrontierError(str(exc)) from exc
        try:
            self._check()
        except sqlite3.OperationalError as exc:
            self.conn.close()
            if "locked" in str(exc) or "busy" in str(exc):
                raise FrontierBusyError(f"{path.name} is locked ({exc})") from exc
            raise FrontierError(str(exc)) from exc
        except sqlite3.Error as exc:
            self.conn.close()
            raise FrontierError(str(exc)) from exc
        except FrontierError:
            self.conn.close()
            raise
        self.queued = self._scalar("SELECT COUNT(*) FROM requests WHERE run IS NULL")
        self.seq = self._scalar("SELECT COALESCE(MAX(id), 0) FROM requests")
        self.run = 0
        self.last_commit = time.monotonic()

    def _scalar(self, sql: str, *args: object) -> int:
        return int(self.conn.execute(sql, args).fetchone()[0])

    def _check(self) -> None:
        """Raise FrontierError unless the file is whole and of this format."""
        conn = self.conn
        conn.execute("PRAGMA busy_timeout = 10000")
        if conn.execute("PRAGMA journal_mode = WAL").fetchone()[0] != "wal":
            raise FrontierError("cannot use write-ahead logging")
        conn.execute("PRAGMA synchronous = NORMAL")
        verdict = conn.execute("PRAGMA quick_check").fetchone()[0]
        if verdict != "ok":
            raise FrontierError(f"integrity check: {verdict}")
        tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master")}
        if tables and "meta" not in tables:
            raise FrontierError("not an aggnews frontier")
        if "meta" in tables:
            row = conn.execute("SELECT value FROM meta WHERE key = 'format'").fetchone()
            if row is None or row[0] != FORMAT:
                found = row[0] if row else "none"
                raise FrontierError(f"format {found}, this version writes {FORMAT}")
        conn.executescript(
            f"BEGIN; {_SCHEMA} INSERT OR IGNORE INTO meta VALUES ('format', '{FORMAT}'); COMMIT;"
        )

    def begin_run(self) -> int:
        """Start a run: give back every row a run that never finished had popped.

        Returns how many rows were given back. Committed at once.
        """
        conn = self.conn
        conn.execute("BEGIN IMMEDIATE")
        requeued = conn.execute("UPDATE requests SET run = NULL WHERE run IS NOT NULL").rowcount
        row = conn.execute("SELECT value FROM meta WHERE key = 'runs'").fetchone()
        self.run = int(row[0]) + 1 if row else 1
        conn.execute("INSERT OR REPLACE INTO meta VALUES ('runs', ?)", (str(self.run),))
        conn.execute("COMMIT")
        self.queued += requeued
        self.last_commit = time.monotonic()
        return requeued

    def rows(self) -> int:
        """Requests in the file, queued or in flight."""
        return self._scalar("SELECT COUNT(*) FROM requests")

    def _write(self) -> None:
        if not self.conn.in_transaction:
            self.conn.execute("BEGIN IMMEDIATE")

    def maybe_commit(self) -> None:
        """Commit the open transaction once it is ``commit_seconds`` old."""
        if self.conn.in_transaction and time.monotonic() - self.last_commit >= self.commit_seconds:
            self.commit()

    def commit(self) -> None:
        if self.conn.in_transaction:
            self.conn.execute("COMMIT")
            self.commits += 1
        self.last_commit = time.monotonic()

    def seen_before(self, fp: bytes, start: bool = False) -> bool:
        """Record ``fp``; True when it was already known (for a start request: known to
        this run; a start request known only to earlier runs is let through)."""
        self._write()
        if start:
            sql = (
                "INSERT INTO seen VALUES (?, ?) ON CONFLICT (fp) DO UPDATE"
                " SET run = excluded.run WHERE run != excluded.run"
            )
        else:
            sql = "INSERT OR IGNORE INTO seen VALUES (?, ?)"
        return self.conn.execute(sql, (fp, self.run)).rowcount == 0

    def forget(self, fp: bytes) -> None:
        """Drop ``fp`` from the fingerprints (its request could not be stored)."""
        self._write()
        self.conn.execute("DELETE FROM seen WHERE fp = ?", (fp,))

    def start_queued(self, fp: bytes) -> bool:
        """True when a start request with this fingerprint is already queued."""
        sql = "SELECT 1 FROM requests WHERE fp = ? AND start = 1 AND run IS NULL"
        return self.conn.execute(sql, (fp,)).fetchone() is not None

    def push(
        self, data: bytes, fp: bytes, priority: int, *, start: bool, lane: int, lifo: bool
    ) -> None:
        """Queue one serialised request. Higher ``priority`` first, then lower ``lane``;
        within those, newest first (``lifo``) or oldest first."""
        self._write()
        self.seq += 1
        order = -self.seq if lifo else self.seq
        self.conn.execute(
            "INSERT INTO requests (id, priority, lane, ord, start, fp, run, data)"
            " VALUES (?, ?, ?, ?, ?, ?, NULL, ?)",
            (self.seq, priority, lane, order, int(start), fp, data),
        )
        self.queued += 1

    def pop(self) -> bytes | None:
        """The next queued request, now in flight for this run; None when none is queued."""
        if not self.queued:
            return None
        self._write()
        row = self.conn.execute(
            "UPDATE requests SET run = ? WHERE id = (SELECT id FROM requests WHERE run IS NULL"
            " ORDER BY priority DESC, lane, ord LIMIT 1) RETURNING data",
            (self.run,),
        ).fetchone()
        if row is None:
            self.queued = 0
            return None
        self.queued -= 1
        return row[0]

    def finish(self, done: bool, job_complete: bool) -> int:
        """End the run: with ``done`` its in-flight rows are deleted (their output is safe);
        with ``job_complete`` the fingerprints go too, so the next run is a new job.
        Returns how many rows were done."""
        self._write()
        finished = 0
        if done:
            sql = "DELETE FROM requests WHERE run = ?"
            finished = self.conn.execute(sql, (self.run,)).rowcount
        if done and job_complete and not self.queued:
            self.conn.execute("DELETE FROM seen")
        self.commit()
        return finished

    def close(self) -> None:
        self.commit()
        self.conn.close()
        if self.lock is not None:
            self.lock.close()


def _aside(jobdir: Path) -> Path:
    """A new folder under JOBDIR for files moved out of the way."""
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    folder, n = jobdir / f"aside-{stamp}", 1
    while folder.exists():
        n += 1
        folder = jobdir / f"aside-{stamp}-{n}"
    folder.mkdir(parents=True)
    return folder


def _torn_state(jobdir: Path) -> bool:
    """True when Scrapy's ``spider.state`` exists but does not unpickle (torn by a kill)."""
    path = jobdir / "spider.state"
    if not path.exists():
        return False
    try:
        with path.open("rb") as f:
            pickle.load(f)  # the job's own file, read as Scrapy's SpiderState reads it
    except Exception:
        return True
    return False


def open_frontier(jobdir: Path, name: str, commit_seconds: float) -> tuple[FrontierDB, str]:
    """Open ``JOBDIR/frontier-<name>.sqlite3``, moving aside what cannot be resumed.

    Returns the frontier and, when something was moved aside, one sentence saying what was
    wrong and where it went (empty otherwise).
    """
    jobdir.mkdir(parents=True, exist_ok=True)
    path = jobdir / f"frontier-{name}.sqlite3"
    lock = _lock(path.with_suffix(".lock"))
    try:
        db, problem = _open(jobdir, path, commit_seconds)
    except BaseException:
        lock.close()
        raise
    db.lock = lock
    return db, problem


def _lock(path: Path) -> IO[str]:
    """Hold ``path`` locked for this process (the kernel lets go when it dies)."""
    lock = path.open("a")
    try:
        fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        lock.close()
        raise FrontierBusyError(f"another crawl holds {path.name}") from None
    return lock


def _open(jobdir: Path, path: Path, commit_seconds: float) -> tuple[FrontierDB, str]:
    problems: list[str] = []
    moved: list[Path] = []
    old = [jobdir / n for n in SCRAPY_FILES if (jobdir / n).exists()]
    if old:
        listed = ", ".join(p.name + ("/" if p.is_dir() else "") for p in old)
        problems.append(f"Scrapy's own queue files ({listed}), which an unclean stop tears")
        moved += old
    if _torn_state(jobdir):
        problems.append("spider.state does not unpickle")
        moved.append(jobdir / "spider.state")
    try:
        db = FrontierDB(path, commit_seconds)
    except FrontierError as exc:
        problems.append(f"{path.name} is unusable ({exc})")
        moved += [p for p in (path, *_sidecars(path)) if p.exists()]
        db = None
    if not moved:
        assert db is not None
        return db, ""
    folder = _aside(jobdir)
    for item in moved:
        item.rename(folder / item.name)
    if db is None:
        db = FrontierDB(path, commit_seconds)
    outcome = "resumes from its frontier" if db.rows() else "starts afresh"
    return db, "; ".join(problems) + f"; moved to {folder}, the crawl {outcome}"


def _sidecars(path: Path) -> tuple[Path, Path]:
    return path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")
