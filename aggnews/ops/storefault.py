"""A seen-store or cluster index that fails mid-crawl stops the crawl before feeds are kept."""

from __future__ import annotations

import logging

from scrapy.crawler import Crawler
from scrapy.utils.defer import deferred_from_coro

from aggnews.state.seen import StoreError

logger = logging.getLogger(__name__)

#: Stat set to the one-line message when the store failed: the crawl exits 4 and no feed
#: file is replaced (aggnews.feeds.AtomicFileFeedStorage keeps the previous one).
STORE_FAILED = "aggnews/store/failed"


def store_failed(crawler: Crawler) -> str | None:
    """The message of this crawl's store failure, or None."""
    return crawler.stats.get_value(STORE_FAILED) if crawler.stats else None


def stop_on_store_fault(crawler: Crawler, exc: StoreError, close: bool = True) -> None:
    """Log the failure once (one ERROR line naming the file), then close the spider
    (``close=False`` while the spider opens: the caller raises ``CloseSpider``)."""
    if store_failed(crawler):
        return
    crawler.stats.set_value(STORE_FAILED, str(exc))
    name = crawler.spider.name if crawler.spider else "aggnews"
    logger.error("%s: %s", name, exc, extra={"spider": crawler.spider})
    if close and crawler.engine is not None and crawler.spider is not None:
        deferred_from_coro(crawler.engine.close_spider_async(reason="store_failed"))
