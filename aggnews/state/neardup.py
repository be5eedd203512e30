"""Near-duplicate stories across sites: MinHash LSH over word shingles, kept in SQLite.

Bodies are signed by ``aggnews.state.minhash`` (normalised 5-word shingles, 128 MinHash
values, 20 LSH bands). A story joins the cluster of its most similar candidate (a story
sharing a band) whose estimated Jaccard similarity reaches the threshold, else starts its
own (cluster id = its story id); assignments persist, so cluster ids are stable.

Stories are rows of ``neardup_signed`` in the order they were written (no index of their
own); their band keys and a key of their id are kept by ``aggnews.state.lsh``, so that
writing a story costs a few sequential pages, not 21 random ones, and a lookup (of the
candidates and of the story itself, in one go) a few probes whatever the number of
stories.

Writes are batched: a new assignment waits in memory, where the lookups of the same index
see it, and is written with the others in one transaction every ``batch`` stories or when
``flush`` is called (the pipeline also flushes every second and at the end). A killed run
loses only unwritten assignments, which is harmless: clusters only group stories, and the
run's stories are not seen, so the next run assigns them again.

The file records the signature scheme (``neardup_meta``). Signatures of another scheme
cannot be compared with new ones and bodies are not stored, so a file of another scheme
loses its bands with one WARNING: its stories keep their cluster ids, and new stories are
clustered among the stories signed from then on.
"""

from __future__ import annotations

import hashlib
import logging
import sqlite3

import numpy as np

from aggnews.state.lsh import BandTable, immediate
from aggnews.state.minhash import NUM_PERM, SCHEME, Signer, band_key_array, band_keys

logger = logging.getLogger(__name__)

THRESHOLD = 0.8
#: LSH bands x rows (120 of the 128 values). Tuned for recall, since every candidate is
#: confirmed by its estimated similarity: a pair at Jaccard 0.8 becomes a candidate with
#: probability 1 - (1 - 0.8**6)**20 = 0.998 (0.92 at 0.7, 0.27 at 0.5, 0.01 at 0.3).
BANDS, ROWS = 20, 6
#: New assignments kept in memory before they are written in one transaction.
BATCH = 1000
#: Stories per segment of the band table (its Bloom filters are sized for it).
SEGMENT_STORIES = 16_384

_SCHEMA = """
CREATE TABLE IF NOT EXISTS neardup_signed (
    ref INTEGER PRIMARY KEY,
    id TEXT NOT NULL,
    cluster TEXT NOT NULL,
    signature BLOB NOT NULL
);
CREATE TABLE IF NOT EXISTS neardup_meta (
    name TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
"""


class NearDuplicateIndex:
    """Assigns each story a cluster id shared with its near-duplicates; kept in SQLite."""

    def __init__(
        self,
        db: sqlite3.Connection,
        threshold: float = THRESHOLD,
        num_perm: int = NUM_PERM,
        batch: int = BATCH,
        segment_stories: int = SEGMENT_STORIES,
    ) -> None:
        self.db = db
        self.threshold = threshold
        self.signer = Signer(num_perm)
        self.bands, self.rows = BANDS, min(ROWS, num_perm // BANDS)
        self.batch = max(1, batch)
        #: Transactions written (one per flush that had something to write).
        self.commits = 0
        #: Assignments not written yet: story id -> (cluster, signature); their bands
        #: (band key -> story id, or a tuple of them).
        self._pending: dict[str, tuple[str, np.ndarray]] = {}
        self._pending_bands: dict[int, str | tuple[str, ...]] = {}
        db.executescript(_SCHEMA)
        self.table = BandTable(db, segment_stories, self.bands + 1)
        self._check_scheme()

    def _check_scheme(self) -> None:
        query = "SELECT value FROM neardup_meta WHERE name = 'scheme'"
        found = self.db.execute(query).fetchone()
        if found is not None and found[0] == str(SCHEME):
            return
        with immediate(self.db):
            found = self.db.execute(query).fetchone()  # again, now that the file is ours
            if found is None or found[0] != str(SCHEME):
                self._migrate(found[0] if found else "1")

    def _migrate(self, scheme: str) -> None:
        """Drop the bands of another scheme; its stories keep their clusters (one WARNING)."""
        self.table.clear()
        self.db.execute("DELETE FROM neardup_signed")
        tables = {row[0] for row in self.db.execute("SELECT name FROM sqlite_master")}
        stories = 0
        if "neardup_stories" in tables:  # scheme 1: (id, cluster, datasketch signature)
            rows = self.db.execute("SELECT id, cluster FROM neardup_stories").fetchall()
            self.db.executemany(
                "INSERT INTO neardup_signed (ref, id, cluster, signature) VALUES (?, ?, ?, x'')",
                ((ref, i, cluster) for ref, (i, cluster) in enumerate(rows, start=1)),
            )
            if rows:
                keys = np.array([id_key(i) for i, _ in rows], dtype=np.int64)
                self.table.apply(self.table.append(keys, np.arange(1, len(rows) + 1)))
            stories = len(rows)
        for old in ("neardup_stories", "neardup_bands"):
            self.db.execute(f"DROP TABLE IF EXISTS {old}")
        self.db.execute("INSERT OR REPLACE INTO neardup_meta VALUES ('scheme', ?)", (str(SCHEME),))
        if stories:
            logger.warning(
                "Near-duplicate index %s: its %d stories were signed by another scheme (%s, "
                "now %d) and cannot be compared with new ones; they keep their cluster ids, "
                "and new stories are clustered among stories signed from now on",
                _file_of(self.db),
                stories,
                scheme,
                SCHEME,
            )

    def band_keys(self, signature: np.ndarray) -> list[int]:
        """One signed 64-bit key per LSH band."""
        return band_keys(signature, self.bands, self.rows)

    def cluster_of(self, story_id: str) -> str | None:
        """The stored (or not yet written) cluster of a story, or None."""
        pending = self._pending.get(story_id)
        if pending is not None:
            return pending[0]
        return next((c for i, c, _ in self._stored([id_key(story_id)]) if i == story_id), None)

    def assign(self, story_id: str, body: str) -> str:
        """The cluster id of a story, recording it (the same answer on every later run)."""
        pending = self._pending.get(story_id)
        if pending is not None:
            return pending[0]
        signature = self.signer.sign(body)
        keys = self.band_keys(signature)
        stored = self._stored([*keys, id_key(story_id)])  # its candidates, and itself if known
        known = next((cluster for i, cluster, _ in stored if i == story_id), None)
        if known is not None:
            return known
        cluster = self._best_match(signature, keys, stored) or story_id
        self.record(story_id, cluster, signature, keys)
        return cluster

    def record(
        self, story_id: str, cluster: str, signature: np.ndarray, keys: list[int] | None = None
    ) -> None:
        """Add a signed story to the pending assignments (written at the next flush)."""
        self._pending[story_id] = (cluster, signature)
        bands = self._pending_bands
        for key in keys if keys is not None else self.band_keys(signature):
            held = bands.get(key)
            bands[key] = story_id if held is None else (*_as_tuple(held), story_id)
        if len(self._pending) >= self.batch:
            self.flush()

    def flush(self) -> int:
        """Write the pending assignments in one transaction; how many were written."""
        if not self._pending:
            return 0
        with immediate(self.db):
            found = self.db.execute("SELECT COALESCE(MAX(ref), 0) + 1 FROM neardup_signed")
            first = found.fetchone()[0]
            refs = np.arange(first, first + len(self._pending), dtype=np.int64)
            stories = [
                (ref, story_id, cluster, signature.tobytes())
                for ref, (story_id, (cluster, signature)) in zip(
                    refs.tolist(), self._pending.items(), strict=True
                )
            ]
            self.db.executemany("INSERT INTO neardup_signed VALUES (?, ?, ?, ?)", stories)
            signatures = np.stack([signature for _, signature in self._pending.values()])
            ids = np.array([id_key(i) for i in self._pending], dtype=np.int64)
            keys = np.column_stack([band_key_array(signatures, self.bands, self.rows), ids])
            written = self.table.append(keys.ravel(), np.repeat(refs, self.bands + 1))
        self.table.apply(written)
        self.commits += 1
        self._pending.clear()
        self._pending_bands.clear()
        return len(stories)

    def _best_match(
        self, signature: np.ndarray, keys: list[int], stored: list[tuple[str, str, bytes]]
    ) -> str | None:
        candidates = [(c, np.frombuffer(blob, dtype=np.uint32)) for _, c, blob in stored]
        if self._pending_bands:
            held = [self._pending_bands.get(key) for key in keys]
            ids = {i for h in held if h is not None for i in _as_tuple(h)}
            candidates.extend(self._pending[i] for i in sorted(ids))
        best, best_score = None, self.threshold
        size = len(signature)
        for cluster, other in candidates:
            if len(other) != size:
                continue
            score = np.count_nonzero(other == signature) / size
            if score >= best_score:
                best, best_score = cluster, score
        return best

    def _stored(self, keys: list[int]) -> list[tuple[str, str, bytes]]:
        """(id, cluster, signature) of the written stories holding any of ``keys``."""
        refs = self.table.lookup(keys)
        if not refs:
            return []
        marks = ",".join("?" * len(refs))
        query = f"SELECT id, cluster, signature FROM neardup_signed WHERE ref IN ({marks})"
        return self.db.execute(query, sorted(refs)).fetchall()


def _as_tuple(held: str | tuple[str, ...]) -> tuple[str, ...]:
    return held if isinstance(held, tuple) else (held,)


def id_key(story_id: str) -> int:
    """The key of a story id in the key table (64 bits of its BLAKE2b, signed)."""
    digest = hashlib.blake2b(story_id.encode("utf-8"), digest_size=8).digest()
    return int.from_bytes(digest, "big", signed=True)


def _file_of(db: sqlite3.Connection) -> str:
    """The main database file of a connection ('' in memory)."""
    return next((row[2] for row in db.execute("PRAGMA database_list") if row[1] == "main"), "")
