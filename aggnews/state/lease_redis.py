"""Leases in a shared Redis crawl: what a crawler holds is given back when it dies.

Each crawler (one ``scrapy crawl`` process, or one site of ``crawlall``) has an owner id and
a lease key, ``aggnews:lease:<owner>``, that expires ``AGGNEWS_REDIS_LEASE_TTL`` seconds
after its last heartbeat. Everything it holds is tied to that key:

- the requests it popped from the frontier, kept in ``aggnews:<spider>:inflight:<owner>``
  (a sorted set scored like the queue) until its feeds are committed;
- its story claims, ``aggnews:claim:id:<id>`` and ``aggnews:claim:fp:<fingerprint>``
  holding the owner id (listed in ``aggnews:claims:<owner>``), void once the lease is gone.

Whoever notices an expired lease first (every crawler checks at each heartbeat) moves the
dead crawler's in-flight requests back into the queue and deletes its claims, in one Lua
script, so two crawlers never both hand the same requests back.
"""

from __future__ import annotations

import logging
import os
import socket
import uuid

import redis
from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from scrapy.statscollectors import StatsCollector
from scrapy.utils.asyncio import create_looping_call

logger = logging.getLogger(__name__)

LEASE = "aggnews:lease:"
CLAIMS = "aggnews:claims:"
#: Story claims: the prefix, then the story id or body fingerprint; the value is the owner.
CLAIM_ID = "aggnews:claim:id:"
CLAIM_FINGERPRINT = "aggnews:claim:fp:"

# KEYS: owners, queue. ARGV: lease prefix, in-flight prefix, claims prefix, id-claim prefix.
# Returns {crawlers reaped, requests requeued, stories whose claim was released}.
_REAP = """
local dead, requeued, released = 0, 0, 0
for _, owner in ipairs(redis.call('SMEMBERS', KEYS[1])) do
  if redis.call('EXISTS', ARGV[1] .. owner) == 0 then
    dead = dead + 1
    local inflight = ARGV[2] .. owner
    local n = redis.call('ZCARD', inflight)
    if n > 0 then
      redis.call('ZUNIONSTORE', KEYS[2], 2, KEYS[2], inflight, 'AGGREGATE', 'MIN')
      redis.call('DEL', inflight)
      requeued = requeued + n
    end
    local claims = ARGV[3] .. owner
    for _, key in ipairs(redis.call('SMEMBERS', claims)) do
      if redis.call('GET', key) == owner then
        redis.call('DEL', key)
        if string.sub(key, 1, #ARGV[4]) == ARGV[4] then released = released + 1 end
      end
    end
    redis.call('DEL', claims)
    redis.call('SREM', KEYS[1], owner)
  end
end
return {dead, requeued, released}
"""

# KEYS: lease, owners. ARGV: owner, ttl ms. 1 when the lease was still held, else 0.
_RENEW = """
if redis.call('SET', KEYS[1], '1', 'PX', ARGV[2], 'XX') then return 1 end
redis.call('SET', KEYS[1], '1', 'PX', ARGV[2])
redis.call('SADD', KEYS[2], ARGV[1])
return 0
"""

# KEYS: lease, owners, in-flight, claims, queue, dupefilter. ARGV: owner.
# Returns 1 when this was the last crawler and the frontier is empty: the dupefilter is
# deleted then, so the next crawl starts afresh.
_RELEASE = """
for _, key in ipairs(redis.call('SMEMBERS', KEYS[4])) do
  if redis.call('GET', key) == ARGV[1] then redis.call('DEL', key) end
end
redis.call('DEL', KEYS[1], KEYS[3], KEYS[4])
redis.call('SREM', KEYS[2], ARGV[1])
if redis.call('SCARD', KEYS[2]) == 0 and redis.call('ZCARD', KEYS[5]) == 0 then
  redis.call('DEL', KEYS[6])
  return 1
end
return 0
"""


class CrawlLease:
    """One crawler's lease on its in-flight requests and story claims."""

    def __init__(
        self,
        server: redis.Redis,
        spider: str,
        owner: str,
        ttl: float,
        queue_key: str,
        dupefilter_key: str,
    ) -> None:
        self.server = server
        self.owner = owner
        self.ttl_ms = max(1, int(ttl * 1000))
        self.key = LEASE + owner
        self.owners_key = f"aggnews:{spider}:owners"
        self.inflight_prefix = f"aggnews:{spider}:inflight:"
        self.inflight_key = self.inflight_prefix + owner
        self.claims_key = CLAIMS + owner
        self.queue_key = queue_key
        self.dupefilter_key = dupefilter_key
        self._renew = server.register_script(_RENEW)
        self._reap = server.register_script(_REAP)
        self._release = server.register_script(_RELEASE)

    def acquire(self) -> None:
        """Take the lease and join the crawlers of this spider."""
        self._renew(keys=[self.key, self.owners_key], args=[self.owner, self.ttl_ms])

    def renew(self) -> bool:
        """Extend the lease; False when it had expired (it is taken again)."""
        return bool(self._renew(keys=[self.key, self.owners_key], args=[self.owner, self.ttl_ms]))

    def reap(self) -> tuple[int, int, int]:
        """Hand back what crawlers with an expired lease held: (crawlers, requests, stories)."""
        dead, requeued, released = self._reap(
            keys=[self.owners_key, self.queue_key],
            args=[LEASE, self.inflight_prefix, CLAIMS, CLAIM_ID],
        )
        return int(dead), int(requeued), int(released)

    def release(self) -> bool:
        """Acknowledge the in-flight requests and drop the lease (the run is committed).

        True when no crawler is left and the frontier is empty: the crawl is over, and its
        dupefilter is deleted so that the next crawl fetches the listings again.
        """
        keys = [self.key, self.owners_key, self.inflight_key, self.claims_key, self.queue_key]
        return bool(self._release(keys=[*keys, self.dupefilter_key], args=[self.owner]))


class LeaseHeartbeat:
    """Holds this crawler's lease from engine start to engine stop, renewing it.

    At each heartbeat (``AGGNEWS_REDIS_HEARTBEAT`` seconds) the lease is extended to
    ``AGGNEWS_REDIS_LEASE_TTL`` and crawlers whose lease expired are reaped. The lease is
    released at ``engine_stopped``, after the feeds are complete and the seen-store has
    committed the run's stories, so the run's requests are acknowledged only then.
    """

    def __init__(self, lease: CrawlLease, stats: StatsCollector, interval: float) -> None:
        self.lease = lease
        self.stats = stats
        self.interval = interval
        self.loop = create_looping_call(self.beat)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> LeaseHeartbeat:
        settings = crawler.settings
        url = settings.get("AGGNEWS_REDIS_URL")
        if not url or crawler.spider is None:
            raise NotConfigured("no shared Redis crawl")
        ttl = settings.getfloat("AGGNEWS_REDIS_LEASE_TTL")
        interval = settings.getfloat("AGGNEWS_REDIS_HEARTBEAT")
        if not 0 < interval < ttl:
            raise ValueError(
                f"AGGNEWS_REDIS_HEARTBEAT ({interval}) must be above 0 and below "
                f"AGGNEWS_REDIS_LEASE_TTL ({ttl})"
            )
        name = crawler.spider.name
        owner = f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"
        lease = CrawlLease(
            redis.Redis.from_url(url, socket_timeout=30),
            name,
            owner,
            ttl,
            settings.get("SCHEDULER_QUEUE_KEY") % {"spider": name},
            settings.get("SCHEDULER_DUPEFILTER_KEY") % {"spider": name},
        )
        ext = cls(lease, crawler.stats, interval)
        crawler.signals.connect(ext.start, signal=signals.engine_started)
        crawler.signals.connect(ext.stop, signal=signals.engine_stopped)
        return ext

    def start(self) -> None:
        self.lease.acquire()
        logger.info("Crawler %s holds a %.0f s lease", self.lease.owner, self.lease.ttl_ms / 1000)
        self.reap()
        self.loop.start(self.interval, now=False)

    def beat(self) -> None:
        """Renew the lease and reap dead crawlers; a Redis error waits for the next beat."""
        try:
            if not self.lease.renew():
                self.stats.inc_value("aggnews/redis/lease_lost")
                logger.error(
                    "Crawler %s missed its heartbeats past the %.0f s lease: others may have "
                    "taken over its requests and stories, which may then appear twice",
                    self.lease.owner,
                    self.lease.ttl_ms / 1000,
                )
            self.reap()
        except redis.RedisError as exc:
            logger.warning("Lease heartbeat failed (retried in %.1f s): %s", self.interval, exc)

    def reap(self) -> None:
        dead, requeued, released = self.lease.reap()
        if not dead:
            return
        self.stats.inc_value("aggnews/redis/crawlers_expired", dead)
        self.stats.inc_value("aggnews/redis/requests_requeued", requeued)
        self.stats.inc_value("aggnews/redis/claims_expired", released)
        logger.warning(
            "%d crawler(s) stopped renewing their lease: %d request(s) back in the frontier, "
            "%d story claim(s) released",
            dead,
            requeued,
            released,
        )

    def stop(self) -> None:
        if self.loop.running:
            self.loop.stop()
        if self.lease.release():
            logger.info("Last crawler out: shared frontier and dupefilter cleared")
        self.lease.server.close()
