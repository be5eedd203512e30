"""Near-duplicate stories across sites: MinHash LSH over word shingles, banded in SQLite.

Bodies are signed by ``aggnews.state.minhash`` (normalised 5-word shingles, 128 MinHash
values by one-permutation hashing). Each LSH band of the signature is one indexed SQLite
row, so a lookup is a few index probes whatever the number of stored stories; candidates
are confirmed by their estimated Jaccard similarity. A story joins the cluster of its most
similar confirmed candidate, else starts its own (cluster id = its story id); assignments
persist, so cluster ids are stable across runs.

The file records the signature scheme (``neardup_meta``). Signatures of another scheme
cannot be compared with new ones and bodies are not stored, so a file of another scheme
loses its bands with one WARNING: its stories keep their cluster ids, and new stories are
clustered among the stories signed from then on.
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Iterable

import numpy as np

from aggnews.state.minhash import NUM_PERM, SCHEME, Signer, band_keys

logger = logging.getLogger(__name__)

THRESHOLD = 0.8
#: LSH bands x rows (120 of the 128 values). Tuned for recall, since every candidate is
#: confirmed by its estimated similarity: a pair at Jaccard 0.8 becomes a candidate with
#: probability 1 - (1 - 0.8**6)**20 = 0.998 (0.92 at 0.7, 0.27 at 0.5, 0.01 at 0.3).
#: datasketch's balanced choice for 0.8 (9 x 13) finds only 40% of pairs at 0.8.
BANDS, ROWS = 20, 6

_SCHEMA = """
CREATE TABLE IF NOT EXISTS neardup_stories (
    id TEXT PRIMARY KEY,
    cluster TEXT NOT NULL,
    signature BLOB NOT NULL
);
CREATE TABLE IF NOT EXISTS neardup_bands (
    key INTEGER NOT NULL,
    id TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS neardup_bands_key ON neardup_bands (key);
CREATE TABLE IF NOT EXISTS neardup_meta (
    name TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
"""


class NearDuplicateIndex:
    """Assigns each story a cluster id shared with its near-duplicates; kept in SQLite."""

    def __init__(
        self, db: sqlite3.Connection, threshold: float = THRESHOLD, num_perm: int = NUM_PERM
    ) -> None:
        self.db = db
        self.threshold = threshold
        self.signer = Signer(num_perm)
        self.bands, self.rows = BANDS, min(ROWS, num_perm // BANDS)
        db.executescript(_SCHEMA)
        self._check_scheme()

    def _check_scheme(self) -> None:
        query = "SELECT value FROM neardup_meta WHERE name = 'scheme'"
        found = self.db.execute(query).fetchone()
        if found is not None and found[0] == str(SCHEME):
            return
        self.db.execute("BEGIN IMMEDIATE")
        try:
            found = self.db.execute(query).fetchone()  # again, now that the file is ours
            if found is None or found[0] != str(SCHEME):
                self._migrate(found[0] if found else "1")
        except BaseException:
            self.db.rollback()
            raise
        self.db.commit()

    def _migrate(self, scheme: str) -> None:
        """Drop the bands of another signature scheme (one WARNING when it had stories)."""
        stories = self.db.execute("SELECT COUNT(*) FROM neardup_stories").fetchone()[0]
        self.db.execute("DELETE FROM neardup_bands")
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
        """The stored cluster of a story, or None."""
        row = self.db.execute("SELECT cluster FROM neardup_stories WHERE id = ?", (story_id,))
        found = row.fetchone()
        return found[0] if found else None

    def assign(self, story_id: str, body: str) -> str:
        """The cluster id of a story, recording it (the same answer on every later run)."""
        known = self.cluster_of(story_id)
        if known is not None:
            return known
        signature = self.signer.sign(body)
        keys = self.band_keys(signature)
        cluster = self._best_match(signature, keys) or story_id
        with self.db:  # one short transaction: other crawls sharing the file are not blocked
            self.db.execute(
                "INSERT OR IGNORE INTO neardup_stories VALUES (?, ?, ?)",
                (story_id, cluster, signature.tobytes()),
            )
            self.db.executemany(
                "INSERT INTO neardup_bands VALUES (?, ?)", ((k, story_id) for k in keys)
            )
        return cluster

    def _best_match(self, signature: np.ndarray, keys: Iterable[int]) -> str | None:
        keys = list(keys)
        marks = ",".join("?" * len(keys))
        rows = self.db.execute(
            "SELECT s.cluster, s.signature FROM neardup_stories s WHERE s.id IN "
            f"(SELECT DISTINCT id FROM neardup_bands WHERE key IN ({marks}))",
            keys,
        ).fetchall()
        best, best_score = None, self.threshold
        for cluster, blob in rows:
            other = np.frombuffer(blob, dtype=np.uint32)
            score = float(np.mean(other == signature))
            if score >= best_score:
                best, best_score = cluster, score
        return best


def _file_of(db: sqlite3.Connection) -> str:
    """The main database file of a connection ('' in memory)."""
    return next((row[2] for row in db.execute("PRAGMA database_list") if row[1] == "main"), "")
