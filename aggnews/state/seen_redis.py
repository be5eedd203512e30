"""The seen-store in Redis, for several crawl processes (machines) sharing one crawl."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

import redis

from aggnews.state.lease_redis import CLAIM_FINGERPRINT, CLAIM_ID, LEASE

if TYPE_CHECKING:
    from aggnews.state.lease_redis import CrawlLease

IDS = "aggnews:seen:ids"
FINGERPRINTS = "aggnews:seen:fingerprints"

# KEYS: ids, fingerprints, claims of the owner, claim keys (id, then fingerprint if any).
# ARGV: owner, lease prefix, fresh (1/0), id, fingerprint or ''.
# Returns {status, expired}: status 1 claimed, 0 emitted before, -1 claimed by a live crawler;
# expired is 1 when a dead crawler's claim was taken over.
_CLAIM = """
if ARGV[3] ~= '1' then
  if redis.call('SISMEMBER', KEYS[1], ARGV[4]) == 1 then return {0, 0} end
  if ARGV[5] ~= '' and redis.call('SISMEMBER', KEYS[2], ARGV[5]) == 1 then return {0, 0} end
end
local expired = 0
for i = 4, #KEYS do
  local holder = redis.call('GET', KEYS[i])
  if holder and holder ~= ARGV[1] then
    if redis.call('EXISTS', ARGV[2] .. holder) == 1 then return {-1, 0} end
    expired = 1
  end
end
for i = 4, #KEYS do
  redis.call('SET', KEYS[i], ARGV[1])
  redis.call('SADD', KEYS[3], KEYS[i])
end
return {1, expired}
"""

#: What ``claim`` answers.
CLAIMED, SEEN, HELD = "claimed", "seen", "held"
_STATUS = {1: CLAIMED, 0: SEEN, -1: HELD}


class RedisSeenStore:
    """Ids and body fingerprints of emitted stories, in two Redis sets shared by all crawls.

    A story being emitted is claimed under the crawler's lease (``claim``); it counts as
    seen only once ``add`` commits it, after the feed holding it is complete. A claim of a
    crawler whose lease expired is void, so another crawler emits the story instead.
    """

    def __init__(self, url: str) -> None:
        self.url = url
        self._redis = redis.Redis.from_url(url)
        self._claim = self._redis.register_script(_CLAIM)

    def seen(self, story_id: str, fingerprint: str | None) -> bool:
        """True when a story with this id or body fingerprint was emitted before."""
        if self._redis.sismember(IDS, story_id):
            return True
        return bool(fingerprint) and bool(self._redis.sismember(FINGERPRINTS, fingerprint))

    def claim(
        self, story_id: str, fingerprint: str | None, lease: CrawlLease, fresh: bool = False
    ) -> tuple[str, int]:
        """Claim the story for this crawler: (``CLAIMED``, ``SEEN`` or ``HELD``, expired).

        ``SEEN``: emitted by a committed run (not checked when ``fresh``). ``HELD``: a live
        crawler is emitting it. ``expired``: 1 when a dead crawler's claim was taken over.
        """
        claims = [CLAIM_ID + story_id] + ([CLAIM_FINGERPRINT + fingerprint] if fingerprint else [])
        status, expired = self._claim(
            keys=[IDS, FINGERPRINTS, lease.claims_key, *claims],
            args=[lease.owner, LEASE, int(fresh), story_id, fingerprint or ""],
        )
        return _STATUS[int(status)], int(expired)

    def known_ids(self, ids: Iterable[str]) -> set[str]:
        """Which of ``ids`` were emitted before."""
        ids = list(ids)
        if not ids:
            return set()
        flags = self._redis.smismember(IDS, ids)
        return {i for i, flag in zip(ids, flags, strict=True) if flag}

    def add(self, rows: Iterable[tuple[str, str | None, str, str, str]]) -> int:
        """Commit (id, fingerprint, url, site, emitted_at) rows as seen; their claims end."""
        rows = list(rows)
        with self._redis.pipeline(transaction=True) as pipe:
            for story_id, fingerprint, *_ in rows:
                pipe.sadd(IDS, story_id)
                pipe.delete(CLAIM_ID + story_id)
                if fingerprint:
                    pipe.sadd(FINGERPRINTS, fingerprint)
                    pipe.delete(CLAIM_FINGERPRINT + fingerprint)
            pipe.execute()
        return len(rows)

    def __len__(self) -> int:
        return int(self._redis.scard(IDS))

    def close(self) -> None:
        """Close the connection."""
        self._redis.close()
