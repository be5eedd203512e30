"""Near-duplicate clusters in Redis, shared by every crawler of a distributed crawl.

The same MinHash LSH as ``aggnews.state.neardup`` (same signatures, bands and threshold), so
a story gets the same ``cluster_id`` on every machine. Each LSH band is a Redis set of story
ids; signatures and cluster assignments are two hashes. ``assign`` runs as one Lua script
(look up the candidates, confirm them by estimated similarity, record the story), so two
crawlers assigning near-copies at the same moment still put them in one cluster.

Bands and signatures are kept under keys named after the signature scheme
(``aggnews:neardup:2:...``), so signatures of another scheme are never compared with them;
cluster assignments are shared by every scheme, so ids stay stable. The first crawler to
meet an older scheme's keys deletes them, with one WARNING.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator

import numpy as np
import redis

from aggnews.state.minhash import NUM_PERM, SCHEME, Signer, band_keys
from aggnews.state.neardup import BANDS, ROWS, THRESHOLD

logger = logging.getLogger(__name__)

CLUSTERS = "aggnews:neardup:clusters"
SIGNATURES = f"aggnews:neardup:{SCHEME}:signatures"
BAND = f"aggnews:neardup:{SCHEME}:band:"
#: Set once the keys of older schemes are gone (scheme 1 had no number in its key names).
CLEANED = f"aggnews:neardup:{SCHEME}:cleaned"
_OLD_KEYS = ("aggnews:neardup:signatures", "aggnews:neardup:band:*")

# KEYS: clusters, signatures, band sets. ARGV: id, signature (uint32 bytes), threshold.
_ASSIGN = """
local known = redis.call('HGET', KEYS[1], ARGV[1])
if known then return known end
local sig = ARGV[2]
local n = #sig / 4
local best, best_score = false, tonumber(ARGV[3])
local checked = {}
for i = 3, #KEYS do
  for _, other in ipairs(redis.call('SMEMBERS', KEYS[i])) do
    if not checked[other] then
      checked[other] = true
      local theirs = redis.call('HGET', KEYS[2], other)
      if theirs and #theirs == #sig then
        local same = 0
        for j = 1, #sig, 4 do
          if string.sub(sig, j, j + 3) == string.sub(theirs, j, j + 3) then same = same + 1 end
        end
        local score = same / n
        if score >= best_score then
          best, best_score = redis.call('HGET', KEYS[1], other), score
        end
      end
    end
  end
end
local cluster = best or ARGV[1]
redis.call('HSET', KEYS[1], ARGV[1], cluster)
redis.call('HSET', KEYS[2], ARGV[1], sig)
for i = 3, #KEYS do redis.call('SADD', KEYS[i], ARGV[1]) end
return cluster
"""


class RedisNearDuplicateIndex:
    """``NearDuplicateIndex`` with its bands, signatures and clusters in Redis."""

    def __init__(
        self, server: redis.Redis, threshold: float = THRESHOLD, num_perm: int = NUM_PERM
    ) -> None:
        self.server = server
        self.threshold = threshold
        self.signer = Signer(num_perm)
        self.bands, self.rows = BANDS, min(ROWS, num_perm // BANDS)
        self._assign = server.register_script(_ASSIGN)
        self._drop_old_schemes()

    def _drop_old_schemes(self) -> None:
        """Delete an older scheme's bands and signatures, once per Redis (one WARNING)."""
        if not self.server.set(CLEANED, "1", nx=True):
            return  # done before, or another crawler is doing it
        old, bands = _OLD_KEYS
        stories = self.server.hlen(old)
        deleted = self.server.unlink(old)
        for batch in _batches(self.server.scan_iter(match=bands, count=1000), 1000):
            deleted += self.server.unlink(*batch)
        if deleted:
            logger.warning(
                "Near-duplicate index in Redis: its %d stories were signed by an older "
                "scheme (now %d) and cannot be compared with new ones; they keep their "
                "cluster ids, and new stories are clustered among stories signed from now on",
                stories,
                SCHEME,
            )

    @classmethod
    def from_url(cls, url: str, threshold: float = THRESHOLD) -> RedisNearDuplicateIndex:
        return cls(redis.Redis.from_url(url), threshold)

    def band_keys(self, signature: np.ndarray) -> list[int]:
        """One signed 64-bit key per LSH band."""
        return band_keys(signature, self.bands, self.rows)

    def cluster_of(self, story_id: str) -> str | None:
        """The stored cluster of a story, or None."""
        found = self.server.hget(CLUSTERS, story_id)
        return found.decode() if found is not None else None

    def assign(self, story_id: str, body: str) -> str:
        """The cluster id of a story, recording it (the same answer on every machine)."""
        known = self.cluster_of(story_id)
        if known is not None:
            return known
        signature = self.signer.sign(body)
        bands = [BAND + str(key) for key in self.band_keys(signature)]
        cluster = self._assign(
            keys=[CLUSTERS, SIGNATURES, *bands],
            args=[story_id, signature.astype("<u4").tobytes(), repr(self.threshold)],
        )
        return cluster.decode()

    def close(self) -> None:
        """Close the connection."""
        self.server.close()


def _batches(keys: Iterable[bytes], size: int) -> Iterator[list[bytes]]:
    """``keys`` in lists of at most ``size``."""
    batch: list[bytes] = []
    for key in keys:
        batch.append(key)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch
