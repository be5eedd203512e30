"""A segmented key table: 64-bit key -> story refs, in SQLite.

The near-duplicate index keeps 21 keys a story in one (its 20 LSH band keys and one of its
id), the seen-store two (of its id and of its body's fingerprint). The keys are uniformly
random 64-bit values. Kept as rows of one B-tree, every story would cost writes to random
pages of a table of millions of rows (measured: about 1 ms a story at a million stories
with 21 keys, most of it SQLite writing pages). So the table is kept in segments of
``segment_stories`` stories:

- the open segment: each flush adds one row to the chunks table (its keys and story refs
  as two arrays in blobs), a sequential write; every connection holds the open segment's
  keys in memory (a dict), read from the chunks and kept up to date from the chunks other
  connections add (``PRAGMA data_version`` says when; a lookup asks at most every
  ``RECHECK_SECONDS``, since asking is a read transaction of its own, and a write always);
- closed segments: when the open segment is full, its chunks become rows of the keys
  table (segment, key, ref), written once in key order, and a Bloom filter of its keys is
  stored in the filters table (bit-sliced, 8 segments a row: see ``aggnews.state.bloom``).
  A lookup probes a closed segment only where its filter lets the key through (all of
  its keys and, at about 25 bits a key, about 0.003 % of the others).

A story ref is the story's row number in its owner's table. Writes happen in the caller's
transaction (``append``); the in-memory state follows once it is committed (``apply``).
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import numpy as np

from aggnews.state import bloom

SCHEMA = """
CREATE TABLE IF NOT EXISTS {chunks} (
    chunk INTEGER PRIMARY KEY AUTOINCREMENT,
    keys BLOB NOT NULL,
    refs BLOB NOT NULL
);
CREATE TABLE IF NOT EXISTS {keys} (
    segment INTEGER NOT NULL,
    key INTEGER NOT NULL,
    ref INTEGER NOT NULL,
    PRIMARY KEY (segment, key, ref)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS {filters} (
    slot INTEGER PRIMARY KEY,
    segments INTEGER NOT NULL,
    bits BLOB NOT NULL
);
"""


@dataclass(frozen=True)
class Tables:
    """The names of a key table's three SQLite tables."""

    chunks: str
    keys: str
    filters: str


#: The near-duplicate index's tables.
NEARDUP = Tables("neardup_chunks", "neardup_lsh", "neardup_filters")

#: How long a lookup trusts the connection's view of the table before asking SQLite
#: whether other connections wrote (about 7 us alone, 20 us in a crawl, two a story): what
#: another connection commits is seen within this time.
RECHECK_SECONDS = 0.1

#: (segment, key) pairs of closed segments looked up in one query.
_PAIRS_A_QUERY = 100

#: The open segment in memory: key -> ref, or a tuple of refs when several stories share it.
Refs = dict[int, "int | tuple[int, ...]"]


@dataclass
class Written:
    """What a committed ``append`` changes in memory."""

    chunk: int
    keys: list[int]
    refs: list[int]
    closed: bool


class BandTable:
    """Keys -> story refs: the open segment in memory, closed ones behind Bloom filters."""

    def __init__(
        self,
        db: sqlite3.Connection,
        segment_stories: int,
        keys_per_story: int,
        tables: Tables = NEARDUP,
        bits: int = bloom.BITS,
    ) -> None:
        self.db = db
        self.capacity = keys_per_story * segment_stories  # keys of a full segment
        self.names, self.bits = tables, bits
        self.filters = bloom.SegmentFilters(bits)
        self._open: Refs = {}
        self._open_keys = 0
        self._last_chunk = 0
        self._version: int | None = None
        self._checked = 0.0  # monotonic time of the last look
        db.executescript(SCHEMA.format(**vars(tables)))
        self.refresh(force=True)

    def clear(self) -> None:
        """Forget every key (in the caller's transaction), e.g. for another scheme."""
        for table in vars(self.names).values():
            self.db.execute(f"DELETE FROM {table}")
        self.filters = bloom.SegmentFilters(self.bits)
        self._open, self._open_keys, self._last_chunk, self._version = {}, 0, 0, None

    def refresh(self, force: bool = False) -> None:
        """Catch up with what other connections wrote since the last look (none within
        ``RECHECK_SECONDS`` of it, unless ``force``)."""
        now = time.monotonic()
        if not force and now - self._checked < RECHECK_SECONDS:
            return
        self._checked = now
        version = self.db.execute("PRAGMA data_version").fetchone()[0]
        if version != self._version:
            self._version = version
            self._catch_up()

    def _closed(self) -> int:
        found = self.db.execute(f"SELECT COALESCE(SUM(segments), 0) FROM {self.names.filters}")
        return int(found.fetchone()[0])

    def _catch_up(self) -> None:
        if self._closed() != self.filters.segments:  # segments were closed meanwhile
            self._load_filters()
            self._open, self._open_keys, self._last_chunk = {}, 0, 0
        chunks = self.db.execute(
            f"SELECT chunk, keys, refs FROM {self.names.chunks} WHERE chunk > ? ORDER BY chunk",
            (self._last_chunk,),
        ).fetchall()
        for chunk, keys, refs in chunks:
            self._add(_ints(keys), _ints(refs))
            self._last_chunk = chunk

    def _load_filters(self) -> None:
        rows = self.db.execute(f"SELECT segments, bits FROM {self.names.filters} ORDER BY slot")
        stored = rows.fetchall()
        self.filters = bloom.SegmentFilters(self.bits)
        self.filters.load([bits for _, bits in stored], sum(n for n, _ in stored))

    def _add(self, keys: list[int], refs: list[int]) -> None:
        table = self._open
        pairs = dict(zip(keys, refs, strict=True))
        if len(pairs) == len(keys):  # no key twice in the chunk: set operations, in C
            for key in table.keys() & pairs.keys():
                pairs[key] = (*_as_tuple(table[key]), pairs[key])
            table.update(pairs)
        else:
            for key, ref in zip(keys, refs, strict=True):
                held = table.get(key)
                table[key] = ref if held is None else (*_as_tuple(held), ref)
        self._open_keys += len(keys)

    def lookup(self, keys: list[int]) -> set[int]:
        """Refs of the stories holding any of ``keys``."""
        self.refresh()
        found: set[int] = set()
        for key in keys:
            held = self._open.get(key)
            if held is not None:
                found.update(_as_tuple(held))
        pairs = self.filters.candidates(keys)
        for start in range(0, len(pairs), _PAIRS_A_QUERY):  # one query (a read transaction)
            chunk = pairs[start : start + _PAIRS_A_QUERY]
            where = " OR ".join(["(segment = ? AND key = ?)"] * len(chunk))  # each a search
            query = f"SELECT ref FROM {self.names.keys} WHERE {where}"
            found.update(ref for (ref,) in self.db.execute(query, [v for p in chunk for v in p]))
        return found

    def append(self, keys: np.ndarray, refs: np.ndarray) -> Written:
        """Write ``keys`` (one per ref, each story's keys together) in the caller's write
        transaction: full segments are closed, the rest is one chunk. Call ``apply`` once
        committed."""
        self._catch_up()  # chunks and segments of other connections, seen under the lock
        start, closed, held = 0, False, self._open_keys
        while held + len(keys) - start >= self.capacity:
            end = start + self.capacity - held
            self._close(keys[start:end], refs[start:end], with_chunks=not closed)
            start, closed, held = end, True, 0
        rest, rest_refs = keys[start:], refs[start:]
        if closed:
            self.db.execute(f"DELETE FROM {self.names.chunks}")
        chunk = self._last_chunk
        if len(rest):
            cursor = self.db.execute(
                f"INSERT INTO {self.names.chunks} (keys, refs) VALUES (?, ?)",
                (rest.tobytes(), rest_refs.tobytes()),
            )
            chunk = int(cursor.lastrowid or chunk)
        return Written(chunk, rest.tolist(), rest_refs.tolist(), closed)

    def _close(self, keys: np.ndarray, refs: np.ndarray, with_chunks: bool) -> None:
        """Write a full segment (the open chunks, if ``with_chunks``, and ``keys``) in key
        order, and its filter."""
        if with_chunks:
            chunks = self.db.execute(f"SELECT keys, refs FROM {self.names.chunks}").fetchall()
            keys = np.concatenate([*(np.frombuffer(k, np.int64) for k, _ in chunks), keys])
            refs = np.concatenate([*(np.frombuffer(r, np.int64) for _, r in chunks), refs])
        order = np.lexsort((refs, keys))
        keys, refs = keys[order], refs[order]
        segment = self._closed()
        self.db.executemany(
            f"INSERT OR IGNORE INTO {self.names.keys} VALUES (?, ?, ?)",
            zip([segment] * len(keys), keys.tolist(), refs.tolist(), strict=True),
        )
        slot, bit = divmod(segment, 8)
        found = self.db.execute(
            f"SELECT segments, bits FROM {self.names.filters} WHERE slot = ?", (slot,)
        ).fetchone()
        if (found[0] if found else 0) != bit:
            raise sqlite3.DatabaseError(f"{self.names.filters} slot {slot} does not end at {bit}")
        column = bloom.add_to_column(found[1] if found else None, bit, keys, self.bits)
        self.db.execute(
            f"INSERT OR REPLACE INTO {self.names.filters} VALUES (?, ?, ?)", (slot, bit + 1, column)
        )

    def apply(self, written: Written) -> None:
        """Follow a committed ``append`` in memory."""
        if written.closed:
            self._load_filters()
            self._open, self._open_keys = {}, 0
        self._add(written.keys, written.refs)
        self._last_chunk = written.chunk


def _ints(stored: bytes) -> list[int]:
    return np.frombuffer(stored, dtype=np.int64).tolist()


def _as_tuple(held: int | tuple[int, ...]) -> tuple[int, ...]:
    return held if isinstance(held, tuple) else (held,)


@contextmanager
def immediate(db: sqlite3.Connection) -> Iterator[None]:
    """One write transaction, begun at once (so no deadlock upgrading a read transaction
    with another connection), committed at the end or rolled back on an error."""
    if db.in_transaction:
        db.commit()
    db.execute("BEGIN IMMEDIATE")
    try:
        yield
    except BaseException:
        db.rollback()
        raise
    db.commit()
