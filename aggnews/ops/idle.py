"""Keep a distributed crawl alive while other processes may still add requests."""

from __future__ import annotations

import logging
import time

import redis
from scrapy import Spider, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import DontCloseSpider
from scrapy.utils.asyncio import CallLaterResult, call_later

from aggnews.state.lease_redis import LeaseHeartbeat

logger = logging.getLogger(__name__)

#: Seconds between two looks at the shared frontier while this crawler is idle.
POLL_SECONDS = 0.5


class IdleTimeout:
    """Close the spider only after the shared frontier stayed empty and still for a while.

    Another process sharing the Redis frontier may still be parsing pages that will add
    requests, and it may take each one as soon as it is added; closing at the first idle
    moment would leave the crawl to it. While idle, this crawler looks at the frontier every
    ``POLL_SECONDS`` (Scrapy's engine alone would look every 5 s) and takes what it finds.
    It closes once ``AGGNEWS_REDIS_IDLE_TIMEOUT`` seconds (and at least
    ``AGGNEWS_REDIS_LEASE_TTL``) pass with no response of its own and no request added to
    the shared dupefilter by any crawler: by then no crawler is discovering, and the
    requests of a crawler that died meanwhile are back in the frontier and taken.
    """

    def __init__(self, crawler: Crawler, timeout: float, poll: float = POLL_SECONDS) -> None:
        self.crawler = crawler
        self.timeout = timeout
        self.poll = poll
        self.idle_since: float | None = None
        self._seen: tuple[int, int] | None = None  # (dupefilter, queue) sizes at the last look
        self._wake: CallLaterResult | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> IdleTimeout:
        settings = crawler.settings
        timeout = max(
            settings.getfloat("AGGNEWS_REDIS_IDLE_TIMEOUT"),
            settings.getfloat("AGGNEWS_REDIS_LEASE_TTL"),
        )
        ext = cls(crawler, timeout)
        crawler.signals.connect(ext.spider_idle, signal=signals.spider_idle)
        crawler.signals.connect(ext.busy, signal=signals.response_received)
        crawler.signals.connect(ext.closed, signal=signals.spider_closed)
        return ext

    def busy(self) -> None:
        self.idle_since = None

    def closed(self) -> None:
        if self._wake is not None:
            self._wake.cancel()

    def spider_idle(self, spider: Spider) -> None:
        now = time.monotonic()
        frontier = self._frontier()
        if frontier is not None and frontier != self._seen:  # a crawler added requests
            self._seen = frontier
            self.idle_since = None
        if self.idle_since is None:
            self.idle_since = now
        if now - self.idle_since < self.timeout:
            if self._wake is None:  # one look pending at a time (the heartbeat also calls)
                self._wake = call_later(self.poll, self._look_again)
            raise DontCloseSpider
        logger.info(
            "Shared frontier empty for %.0f s: closing %s",
            self.timeout,
            spider.name,
            extra={"spider": spider},
        )

    def _frontier(self) -> tuple[int, int] | None:
        """Sizes of the shared dupefilter and queue (None without a lease or on an error)."""
        heartbeat = self.crawler.get_extension(LeaseHeartbeat)
        if heartbeat is None:
            return None
        lease = heartbeat.lease
        try:
            with lease.server.pipeline(transaction=False) as pipe:
                dupefilter, queue = (
                    pipe.scard(lease.dupefilter_key).zcard(lease.queue_key).execute()
                )
        except redis.RedisError as exc:
            logger.warning("Shared frontier not read (idle crawler): %s", exc)
            return None
        return int(dupefilter), int(queue)

    def _look_again(self) -> None:
        """Have the engine ask the scheduler for requests now (it asks every 5 s alone)."""
        self._wake = None
        slot = getattr(self.crawler.engine, "_slot", None)  # no public way to wake it
        if slot is not None and slot.closing is None:
            slot.nextcall.schedule()
