"""The seen-store in Redis, for several crawl processes (machines) sharing one crawl."""

from __future__ import annotations

from collections.abc import Iterable

import redis

IDS = "aggnews:seen:ids"
FINGERPRINTS = "aggnews:seen:fingerprints"


class RedisSeenStore:
    """Ids and body fingerprints of emitted stories, in two Redis sets shared by all crawls.

    Unlike the SQLite store, a story is claimed when it is emitted (``claim`` is atomic), so
    two processes can never both emit it.
    """

    def __init__(self, url: str) -> None:
        self.url = url
        self._redis = redis.Redis.from_url(url)

    def seen(self, story_id: str, fingerprint: str | None) -> bool:
        """True when a story with this id or body fingerprint was emitted before."""
        if self._redis.sismember(IDS, story_id):
            return True
        return bool(fingerprint) and bool(self._redis.sismember(FINGERPRINTS, fingerprint))

    def claim(self, story_id: str, fingerprint: str | None) -> bool:
        """Record the story; False when another process (or run) emitted it first."""
        if not self._redis.sadd(IDS, story_id):
            return False
        return not fingerprint or bool(self._redis.sadd(FINGERPRINTS, fingerprint))

    def known_ids(self, ids: Iterable[str]) -> set[str]:
        """Which of ``ids`` were emitted before."""
        ids = list(ids)
        if not ids:
            return set()
        flags = self._redis.smismember(IDS, ids)
        return {i for i, flag in zip(ids, flags, strict=True) if flag}

    def add(self, rows: Iterable[tuple[str, str | None, str, str, str]]) -> int:
        """Record (id, fingerprint, url, site, emitted_at) rows."""
        rows = list(rows)
        with self._redis.pipeline() as pipe:
            for story_id, fingerprint, *_ in rows:
                pipe.sadd(IDS, story_id)
                if fingerprint:
                    pipe.sadd(FINGERPRINTS, fingerprint)
            pipe.execute()
        return len(rows)

    def __len__(self) -> int:
        return int(self._redis.scard(IDS))

    def close(self) -> None:
        """Close the connection."""
        self._redis.close()
