"""Seen-store and near-duplicate index at scale: per-item cost and disk size.

    python bench/store_scale.py [--sizes 10000,100000,1000000] [--probe 1000]

For each size N, a fresh SQLite file is filled with N stories (bulk load of synthetic ids,
fingerprints and MinHash signatures), then ``--probe`` new stories go through the real code
paths one by one, as a crawl does:

- seen-store: ``SeenStore.seen`` (lookup by id or body fingerprint) one by one, and
  ``SeenStore.add`` of the whole probe batch in one transaction, as the pipeline does at the
  end of a run;
- near-duplicates: ``NearDuplicateIndex.assign`` (shingle, MinHash, LSH band lookup,
  Jaccard check, insert), for bodies of 200 words; a tenth of the probes are near-copies of
  stored stories, which must land in their cluster.

Prints microseconds per item and the file size.
"""

from __future__ import annotations

import argparse
import hashlib
import random
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from aggnews.state.neardup import NearDuplicateIndex  # noqa: E402
from aggnews.state.seen import SeenStore  # noqa: E402

VOCABULARY = [f"word{i}" for i in range(20_000)]


def story_id(n: int) -> str:
    return hashlib.sha1(f"story-{n}".encode()).hexdigest()[:16]


def bulk_load(path: Path, size: int, rng: np.random.Generator) -> list[str]:
    """N stories in both tables; returns the bodies of the first 100 (for near-copies)."""
    store = SeenStore(path)
    index = NearDuplicateIndex(store._db)
    batch = 50_000
    bodies = []
    for start in range(0, size, batch):
        ids = [story_id(n) for n in range(start, min(start + batch, size))]
        store.add(
            (i, hashlib.sha1(i.encode()).hexdigest(), f"https://x/{i}", "bench", "now") for i in ids
        )
        sigs = rng.integers(0, 2**32, size=(len(ids), index.signer.num_perm), dtype=np.uint32)
        if start == 0:
            random.seed(7)
            bodies = [" ".join(random.choices(VOCABULARY, k=200)) for _ in range(100)]
            for n, body in enumerate(bodies):
                sigs[n] = index.signer.sign(body)
        with store._db:
            store._db.executemany(
                "INSERT INTO neardup_stories VALUES (?, ?, ?)",
                ((i, i, s.tobytes()) for i, s in zip(ids, sigs, strict=True)),
            )
            store._db.executemany(
                "INSERT INTO neardup_bands VALUES (?, ?)",
                ((k, i) for i, s in zip(ids, sigs, strict=True) for k in index.band_keys(s)),
            )
    store.close()
    return bodies


def probe(path: Path, count: int, stored_bodies: list[str]) -> tuple[float, float, float, int]:
    store = SeenStore(path)
    index = NearDuplicateIndex(store._db)
    random.seed(11)
    ids = [hashlib.sha1(f"probe-{n}".encode()).hexdigest()[:16] for n in range(count)]
    start = time.perf_counter()
    for i in ids:
        store.seen(i, hashlib.sha1(i.encode()).hexdigest())
    lookup = (time.perf_counter() - start) / count
    start = time.perf_counter()
    store.add(
        (i, hashlib.sha1(i.encode()).hexdigest(), f"https://x/{i}", "bench", "now") for i in ids
    )
    insert = (time.perf_counter() - start) / count
    bodies = []
    for n in range(count):
        if n % 10 == 0:
            words = stored_bodies[n % len(stored_bodies)].split()
            words[50], words[120] = "changed", "edited"
            bodies.append(" ".join(words))
        else:
            bodies.append(" ".join(random.choices(VOCABULARY, k=200)))
    found = 0
    start = time.perf_counter()
    for n, (i, body) in enumerate(zip(ids, bodies, strict=True)):
        cluster = index.assign(i, body)
        found += n % 10 == 0 and cluster == story_id(n % len(stored_bodies))
    store._db.commit()
    assign = (time.perf_counter() - start) / count
    store.close()
    return lookup, insert, assign, found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,100000,1000000")
    parser.add_argument("--probe", type=int, default=1000)
    args = parser.parse_args()
    rng = np.random.default_rng(3)
    out = sys.stdout
    out.write(
        f"{'stories':>9}{'load s':>8}{'seen us':>9}{'add us':>8}{'neardup us':>11}"
        f"{'copies found':>14}{'file MB':>9}\n"
    )
    for size in (int(s) for s in args.sizes.split(",")):
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "seen.sqlite3"
            start = time.perf_counter()
            stored = bulk_load(path, size, rng)
            load = time.perf_counter() - start
            lookup, insert, assign, found = probe(path, args.probe, stored)
            with sqlite3.connect(path) as db:
                db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            megabytes = sum(p.stat().st_size for p in Path(tmp).iterdir()) / 1e6
            out.write(
                f"{size:>9}{load:>8.1f}{lookup * 1e6:>9.1f}{insert * 1e6:>8.1f}"
                f"{assign * 1e6:>11.1f}{f'{found}/{args.probe // 10}':>14}{megabytes:>9.1f}\n"
            )
            out.flush()


if __name__ == "__main__":
    main()
