"""The shared Redis frontier (scrapy-redis) with leased pops: a dead crawler loses nothing.

scrapy-redis pops a request off the queue and forgets it, so the requests a killed crawler
was working on were gone. Here a pop moves the request, atomically, into the crawler's
in-flight set (see ``aggnews.state.lease_redis``); the set is acknowledged when the run's
feeds are committed, or moved back into the queue when the crawler's lease expires. A
request moved back bypasses the dupefilter, so it is fetched again.
"""

from __future__ import annotations

from typing import Any

from scrapy import Request, Spider
from scrapy_redis.queue import PriorityQueue
from scrapy_redis.scheduler import Scheduler

from aggnews.state.lease_redis import LeaseHeartbeat

# KEYS: queue, in-flight. The best request, moved into the in-flight set with its score.
_POP = """
local found = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
if #found == 0 then return false end
redis.call('ZREM', KEYS[1], found[1])
redis.call('ZADD', KEYS[2], found[2], found[1])
return found[1]
"""

# KEYS: dupefilter, queue. ARGV: fingerprint, force (1/0), score, request.
# 1 when queued: a new fingerprint, or forced (dont_filter, start requests).
_PUSH = """
local new = redis.call('SADD', KEYS[1], ARGV[1])
if new == 0 and ARGV[2] ~= '1' then return 0 end
redis.call('ZADD', KEYS[2], ARGV[3], ARGV[4])
return 1
"""


class LeasedPriorityQueue(PriorityQueue):
    """scrapy-redis's priority queue; a pop is leased to this crawler until acknowledged."""

    def __init__(self, server: Any, spider: Spider, key: str, serializer: Any = None) -> None:
        super().__init__(server, spider, key, serializer)
        heartbeat = spider.crawler.get_extension(LeaseHeartbeat)
        if heartbeat is None:
            raise RuntimeError("LeasedPriorityQueue needs the LeaseHeartbeat extension")
        self.lease = heartbeat.lease
        self._pop = server.register_script(_POP)
        self._push = server.register_script(_PUSH)

    def pop(self, timeout: int = 0) -> Request | None:
        """The best request, now in this crawler's in-flight set (``timeout`` is ignored)."""
        data = self._pop(keys=[self.key, self.lease.inflight_key])
        return self._decode_request(data) if data else None

    def push_unseen(self, request: Request, fingerprint: str, dupefilter: str, force: bool) -> bool:
        """Queue the request unless the dupefilter has it; both in one step."""
        args = [fingerprint, int(force), -request.priority, self._encode_request(request)]
        return bool(self._push(keys=[dupefilter, self.key], args=args))


class LeasedScheduler(Scheduler):
    """scrapy-redis's scheduler over ``LeasedPriorityQueue``.

    Start requests skip the dupefilter (a crawl that finishes a dead crawler's frontier still
    reads the listings for new stories), and closing never flushes the shared frontier: the
    last crawler out deletes the dupefilter once nothing is left (``CrawlLease.release``).
    """

    queue: LeasedPriorityQueue

    def enqueue_request(self, request: Request) -> bool:
        force = request.dont_filter or bool(request.meta.get("is_start_request"))
        fingerprint = self.df.request_fingerprint(request)
        if not self.queue.push_unseen(request, fingerprint, self.df.key, force):
            self.df.log(request, self.spider)
            return False
        if self.stats:
            self.stats.inc_value("scheduler/enqueued/redis")
        return True

    def next_request(self) -> Request | None:
        request = self.queue.pop()
        if request is not None and self.stats:
            self.stats.inc_value("scheduler/dequeued/redis")
        return request

    def close(self, reason: str) -> None:
        """Keep the shared frontier: other crawlers may still be working on it."""
