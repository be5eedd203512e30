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
            raise StoreError(
                f"cannot open the seen-store {path}: {exc}. If another crawl is running, wait "
                f"for it; if the file is corrupt, move it away (the next run re-emits stories)."
            ) from exc

    def seen(self, story_id: str, fingerprint: str | None) -> bool:
        """True when a story with this id or body fingerprint was emitted before."""
        row = self._db.execute(
            "SELECT 1 FROM stories WHERE id = ? OR (? IS NOT NULL AND fingerprint = ?) LIMIT 1",
            (story_id, fingerprint, fingerprint),
        ).fetchone()
        return row is not None

    def known_ids(self, ids: Iterable[str]) -> set[str]:
        """Which of ``ids`` were emitted before."""
        ids = list(ids)
        found: set[str] = set()
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            marks = ",".join("?" * len(chunk))
            rows = self._db.execute(f"SELECT id FROM stories WHERE id IN ({marks})", chunk)
            found.update(row[0] for row in rows)
        return found

    def add(self, rows: Iterable[tuple[str, str | None, str, str, str]]) -> int:
        """Record (id, fingerprint, url, site, emitted_at) rows in one transaction."""
        rows = list(rows)
        try:
            with self._db:
                self._db.executemany("INSERT OR IGNORE INTO stories VALUES (?, ?, ?, ?, ?)", rows)
        except sqlite3.Error as exc:
            raise StoreError(f"cannot write the seen-store {self.path}: {exc}") from exc
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
