"""The cross-run store of emitted stories: an embedded SQLite file.

Stories are rows of ``seen_stories`` in the order they were recorded (no index of their
own); a key of each story's id and one of its body's fingerprint are kept by
``aggnews.state.lsh`` in segments of 16,384 stories behind Bloom filters, so that
recording a story costs a few sequential pages, not two random pages of two B-trees of all
the stories (at a million stories most of the time of a crawl's record, and of the
checkpoint writing those pages back), and a lookup costs a dict lookup and a filter check,
reading the file only for the few stories whose keys match.

Files written by earlier versions (one ``stories`` table indexed by id and fingerprint)
are moved to this layout the first time they are opened, in one transaction (about 10 s a
million stories), with one INFO line.
"""

from __future__ import annotations

import hashlib
import logging
import sqlite3
import time
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
from scrapy.settings import BaseSettings

from aggnews.state.lsh import BandTable, Tables, Written, immediate

if TYPE_CHECKING:
    from aggnews.state.seen_redis import RedisSeenStore

logger = logging.getLogger(__name__)

_SCHEMA = """
CREATE TABLE IF NOT EXISTS seen_stories (
    ref INTEGER PRIMARY KEY,
    id TEXT NOT NULL,
    fingerprint TEXT,
    url TEXT NOT NULL,
    site TEXT NOT NULL,
    emitted_at TEXT NOT NULL
);
"""
#: The key table's tables, its segments (stories) and their filters (bits: 32 a key).
TABLES = Tables("seen_chunks", "seen_keys", "seen_filters")
SEGMENT_STORIES = 16_384
FILTER_BITS = 1 << 20
#: The table of the layout before the key table, moved on open.
_OLD_TABLE = "stories"

Row = tuple[str, "str | None", str, str, str]


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
        try:  # reads the key table: damage found here is damage found by a lookup
            self._keys = BandTable(self._db, SEGMENT_STORIES, 2, TABLES, FILTER_BITS)
            if _has_table(self._db, _OLD_TABLE):
                self._move_old_layout()
        except sqlite3.Error as exc:
            self._db.close()
            if isinstance(exc, sqlite3.OperationalError):
                raise _unopenable(path, exc) from exc
            raise damaged(path, exc) from exc

    def seen(self, story_id: str, fingerprint: str | None) -> bool:
        """True when a story with this id or body fingerprint was emitted before."""
        keys = (
            [id_key(story_id)] if fingerprint is None else [id_key(story_id), fp_key(fingerprint)]
        )
        try:
            refs = self._keys.lookup(keys)
            if not refs:
                return False
            rows = self._rows(refs)
        except sqlite3.DatabaseError as exc:
            raise damaged(self.path, exc) from exc
        return any(i == story_id or (fingerprint is not None and f == fingerprint) for i, f in rows)

    def known_ids(self, ids: Iterable[str]) -> set[str]:
        """Which of ``ids`` were emitted before."""
        try:
            return self._known({i: id_key(i) for i in ids})
        except sqlite3.DatabaseError as exc:
            raise damaged(self.path, exc) from exc

    def _known(self, keys: dict[str, int]) -> set[str]:
        """Which ids of ``keys`` (id -> its key) were emitted before."""
        wanted = list(keys.values())
        refs: set[int] = set()
        for start in range(0, len(wanted), 65_536):  # a filter check holds 64 bytes a key
            refs |= self._keys.lookup(wanted[start : start + 65_536])
        return {i for i, _ in self._rows(refs) if i in keys}

    def _rows(self, refs: set[int]) -> list[tuple[str, str | None]]:
        """(id, fingerprint) of the stories ``refs``."""
        found: list[tuple[str, str | None]] = []
        ordered = sorted(refs)
        for start in range(0, len(ordered), 500):
            chunk = ordered[start : start + 500]
            marks = ",".join("?" * len(chunk))
            query = f"SELECT id, fingerprint FROM seen_stories WHERE ref IN ({marks})"
            found.extend(self._db.execute(query, chunk))
        return found

    def add(self, rows: Iterable[Row]) -> int:
        """Record (id, fingerprint, url, site, emitted_at) rows in one transaction (a story
        whose id is recorded already is left as it is); how many rows were given."""
        rows = list(rows)
        try:
            with immediate(self._db):
                written = self._insert(rows)
            self._keys.apply(written)
        except sqlite3.Error as exc:
            raise damaged(self.path, exc) from exc
        return len(rows)

    def _insert(self, rows: list[Row]) -> Written:
        """Write the rows not recorded yet, and their keys, in the caller's transaction."""
        new: dict[str, Row] = {}
        for row in rows:
            new.setdefault(row[0], row)
        id_keys = {story_id: id_key(story_id) for story_id in new}
        self._keys.refresh(force=True)  # what other connections wrote, seen under the lock
        for story_id in self._known(id_keys):
            del new[story_id]
        first = self._db.execute("SELECT COALESCE(MAX(ref), 0) + 1 FROM seen_stories").fetchone()[0]
        refs = range(first, first + len(new))
        self._db.executemany(
            "INSERT INTO seen_stories VALUES (?, ?, ?, ?, ?, ?)",
            ((ref, *row) for ref, row in zip(refs, new.values(), strict=True)),
        )
        keys, owners = [], []
        for ref, (story_id, fingerprint, *_) in zip(refs, new.values(), strict=True):
            keys.append(id_keys[story_id])
            owners.append(ref)
            if fingerprint is not None:
                keys.append(fp_key(fingerprint))
                owners.append(ref)
        return self._keys.append(np.array(keys, dtype=np.int64), np.array(owners, dtype=np.int64))

    def _move_old_layout(self) -> None:
        """Move the stories of the old ``stories`` table to this layout (once)."""
        started = time.perf_counter()
        with immediate(self._db):
            if not _has_table(self._db, _OLD_TABLE):  # another connection moved them
                return
            query = (
                f"SELECT id, fingerprint, url, site, emitted_at FROM {_OLD_TABLE} ORDER BY rowid"
            )
            rows = self._db.execute(query).fetchall()
            written = self._insert(rows)
            self._db.execute(f"DROP TABLE {_OLD_TABLE}")
        self._keys.apply(written)
        logger.info(
            "Seen-store %s: its %d stories moved to the segmented layout in %.1f s (once)",
            self.path,
            len(rows),
            time.perf_counter() - started,
        )

    def __len__(self) -> int:
        return self._db.execute("SELECT COUNT(*) FROM seen_stories").fetchone()[0]

    def close(self) -> None:
        """Close the database."""
        self._db.close()


def id_key(story_id: str) -> int:
    """The key of a story id (64 bits of its BLAKE2b, signed)."""
    return _key(story_id, b"id")


def fp_key(fingerprint: str) -> int:
    """The key of a body fingerprint (64 bits of its BLAKE2b, signed)."""
    return _key(fingerprint, b"fingerprint")


def _key(value: str, kind: bytes) -> int:
    digest = hashlib.blake2b(value.encode("utf-8"), digest_size=8, person=kind).digest()
    return int.from_bytes(digest, "big", signed=True)


def _has_table(db: sqlite3.Connection, name: str) -> bool:
    query = "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?"
    return db.execute(query, (name,)).fetchone() is not None


def open_store(settings: BaseSettings) -> SeenStore | RedisSeenStore:
    """The seen-store the settings name: Redis with ``AGGNEWS_REDIS_URL``, else SQLite."""
    if settings.get("AGGNEWS_REDIS_URL"):
        from aggnews.state.seen_redis import RedisSeenStore  # Redis only when asked for

        return RedisSeenStore(settings.get("AGGNEWS_REDIS_URL"))
    path = Path(settings.get("AGGNEWS_STATE_DIR")) / STORE_FILE
    return SeenStore(path, timeout=settings.getfloat("AGGNEWS_STORE_TIMEOUT", 10.0))
