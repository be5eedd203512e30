"""``log_count/<LEVEL>`` per site: in ``crawlall`` one site's errors are not another's.

Scrapy's LogCount extension puts one counting handler per crawler on the root logger, and
each counts every record, so with several crawlers in one process (``scrapy crawlall``) a
failing site's ERRORs fail the other sites' error monitors. Here each crawler counts the
records of its own spider (``extra={"spider": ...}``, which Scrapy, spider loggers and
aggnews' own log lines carry) and the records that belong to no spider (the process's).
"""

from __future__ import annotations

import logging

from scrapy import Spider, signals
from scrapy.crawler import Crawler
from scrapy.utils.log import LogCounterHandler


class SiteLogCounterHandler(LogCounterHandler):
    """Counts the records of one crawler's spider and those of no spider."""

    def filter(self, record: logging.LogRecord) -> bool:
        spider = getattr(record, "spider", None)
        return (spider is None or spider is self.crawler.spider) and super().filter(record)


class SiteLogCount:
    """Replaces ``scrapy.extensions.logcount.LogCount``: one filtered handler per crawler."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.handler: SiteLogCounterHandler | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> SiteLogCount:
        ext = cls(crawler)
        crawler.signals.connect(ext.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(ext.spider_closed, signal=signals.spider_closed)
        return ext

    def spider_opened(self, spider: Spider) -> None:
        level = self.crawler.settings.get("LOG_LEVEL")
        self.handler = SiteLogCounterHandler(self.crawler, level=level)
        logging.root.addHandler(self.handler)

    def spider_closed(self, spider: Spider, reason: str) -> None:
        if self.handler is not None:
            logging.root.removeHandler(self.handler)
            self.handler = None
