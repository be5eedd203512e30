"""The cross-run store of emitted stories: an embedded SQLite file."""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from scrapy.settings import BaseSettings

if TYPE_CHECKING:
    from aggnews.state.seen_redis import RedisSeenStore

logger = logging.getLogger(__name__)

_SCHEMA = """
CREATE TABLE IF NOT EXISTS stories (
    id TEXT PRIMARY KEY,
    fingerprint TEXT,
    url TEXT NOT NULL,
    site TEXT NOT NULL,
    emitted_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS stories_fingerprint ON stories (fingerprint);
"""


#: The seen-store's file name under ``AGGNEWS_STATE_DIR``.
STORE_FILE = "seen.sqlite3"


class StoreError(RuntimeError):
    """The store cannot be opened or written; the message names the file and what to do."""


def damaged(path: Path, exc: Exception | str) -> StoreError:
    """The StoreError of a file SQLite cannot read or write during a crawl."""
    if isinstance(exc, sqlite3.OperationalError) and "locked" in str(exc):
        return StoreError(
            f"the seen-store {path} is locked by another process: {exc}. Wait for it to "
            f"finish (one crawl per AGGNEWS_STATE_DIR), then run again."
        )
    return StoreError(
        f"the seen-store {path} is damaged: {exc}. Move it away (the next run re-emits "
        f"stories) or restore it from a backup, then run again."
    )


def check_file(path: Path, timeout: float = 10.0) -> None:
    """Raise StoreError unless SQLite's ``PRAGMA quick_check`` finds ``path`` sound.

    quick_check reads every page of every table and index (about 1 s for a million stories)
    and finds damaged pages, not only a damaged header. A missing file is sound.
    """
    if not path.exists():
        return
    try:
        db = sqlite3.connect(path, timeout=timeout)
        try:
            problems = [row[0] for row in db.execute("PRAGMA quick_check(5)")]
        finally:
            db.close()
    except sqlite3.Error as exc:
        raise _unopenable(path, exc) from exc
    if problems != ["ok"]:
        lines = [line for text in problems for line in str(text).splitlines()]
        first = next((line for line in lines if not line.startswith("***")), lines[0])
        raise _unopenable(path, f"database disk image is malformed ({first.strip()})")


def _unopenable(path: Path, exc: Exception | str) -> StoreError:
    return StoreError(
        f"cannot open the seen-store {path}: {exc}. If another crawl is running, wait "
        f"for it; if the file is corrupt, move it away (the next run re-emits stories)."
    )


class SeenStore:
    """Ids and body fingerprints of every story emitted by earlier runs."""

    def __init__(self, path: Path, timeout: float = 10.0) -> None:
        self.path = path
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            self._db = sqlite3.connect(path, timeout=timeout)
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA synchronous=NORMAL")
            self._db.executescript(_SCHEMA)
        except (sqlite3.Error, OSError) as exc:
            raise _unopenable(path, exc) from exc

    def seen(self, story_id: str, fingerprint: str | None) -> bool:
        """True when a story with this id or body fingerprint was emitted before."""
        try:
            row = self._db.execute(
                "SELECT 1 FROM stories WHERE id = ? OR (? IS NOT NULL AND fingerprint = ?) LIMIT 1",
                (story_id, fingerprint, fingerprint),
            ).fetchone()
        except sqlite3.DatabaseError as exc:
            raise damaged(self.path, exc) from exc
        return row is not None

    def known_ids(self, ids: Iterable[str]) -> set[str]:
        """Which of ``ids`` were emitted before."""
        ids = list(ids)
        found: set[str] = set()
        try:
            for start in range(0, len(ids), 500):
                chunk = ids[start : start + 500]
                marks = ",".join("?" * len(chunk))
                rows = self._db.execute(f"SELECT id FROM stories WHERE id IN ({marks})", chunk)
                found.update(row[0] for row in rows)
        except sqlite3.DatabaseError as exc:
            raise damaged(self.path, exc) from exc
        return found

    def add(self, rows: Iterable[tuple[str, str | None, str, str, str]]) -> int:
        """Record (id, fingerprint, url, site, emitted_at) rows in one transaction."""
        rows = sorted(rows, key=lambda row: row[0])  # in id order: fewer index pages to visit
        try:
            with self._db:
                self._db.executemany("INSERT OR IGNORE INTO stories VALUES (?, ?, ?, ?, ?)", rows)
        except sqlite3.Error as exc:
            raise damaged(self.path, exc) from exc
        return len(rows)

    def __len__(self) -> int:
        return self._db.execute("SELECT COUNT(*) FROM stories").fetchone()[0]

    def close(self) -> None:
        """Close the database."""
        self._db.close()


def open_store(settings: BaseSettings) -> SeenStore | RedisSeenStore:
    """The seen-store the settings name: Redis with ``AGGNEWS_REDIS_URL``, else SQLite."""
    if settings.get("AGGNEWS_REDIS_URL"):
        from aggnews.state.seen_redis import RedisSeenStore  # Redis only when asked for

        return RedisSeenStore(settings.get("AGGNEWS_REDIS_URL"))
    path = Path(settings.get("AGGNEWS_STATE_DIR")) / STORE_FILE
    return SeenStore(path, timeout=settings.getfloat("AGGNEWS_STORE_TIMEOUT", 10.0))
