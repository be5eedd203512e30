"""Keep a distributed crawl alive while other processes may still add requests."""

from __future__ import annotations

import logging
import time

from scrapy import Spider, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import DontCloseSpider

logger = logging.getLogger(__name__)


class IdleTimeout:
    """Close the spider only after the shared frontier stayed empty for a while.

    Another process sharing the Redis frontier may still be parsing pages that will add
    requests; closing at the first idle moment would leave them all to it. The spider
    stays open until ``AGGNEWS_REDIS_IDLE_TIMEOUT`` seconds pass with nothing to do, and
    at least ``AGGNEWS_REDIS_LEASE_TTL``: by then the requests of a crawler that died
    while this one waited are back in the frontier, and this one takes them.
    """

    def __init__(self, crawler: Crawler, timeout: float) -> None:
        self.crawler = crawler
        self.timeout = timeout
        self.idle_since: float | None = None

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
        return ext

    def busy(self) -> None:
        self.idle_since = None

    def spider_idle(self, spider: Spider) -> None:
        now = time.monotonic()
        if self.idle_since is None:
            self.idle_since = now
        if now - self.idle_since < self.timeout:
            raise DontCloseSpider
        logger.info(
            "Shared frontier empty for %.0f s: closing %s",
            self.timeout,
            spider.name,
            extra={"spider": spider},
        )
