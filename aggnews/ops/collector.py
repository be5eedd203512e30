"""Python's garbage collector tuned for the crawl process (``AGGNEWS_GC_THRESHOLDS``).

A crawl holds a large, slowly growing heap: the queued requests, the site's profile and
its compiled patterns, the date parser's language data. With Python's default thresholds
(700, 10, 10) the collector runs about 1,500 times in a crawl of 5,000 stories and its
full passes rescan all of that heap, about a tenth of the crawl process's CPU. Frozen when
the spider opens, what startup built is never scanned again. With higher thresholds
the collector runs tens of times: it still finds every reference cycle, only later.
The collector's state is the process's own, so this extension puts back what it found
when the spider closes; of several crawls in one process (``scrapy crawlall``), the one that
tuned it puts it back, and the others run with what they find.
"""

from __future__ import annotations

import gc
import logging

from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured

logger = logging.getLogger(__name__)


class GarbageCollection:
    """Freeze the startup heap and raise the collector's thresholds while the spider runs;
    count the collections it ran (stat ``aggnews/gc/collections``)."""

    def __init__(self, crawler: Crawler, thresholds: tuple[int, ...]) -> None:
        self.crawler = crawler
        self.thresholds = thresholds
        self._found: tuple[int, ...] | None = None
        self._collections = 0

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> GarbageCollection:
        value = crawler.settings.getlist("AGGNEWS_GC_THRESHOLDS")
        if not value:
            raise NotConfigured("AGGNEWS_GC_THRESHOLDS is empty: Python's defaults")
        try:
            thresholds = tuple(int(v) for v in value)
        except ValueError:
            raise NotConfigured(f"AGGNEWS_GC_THRESHOLDS is not integers: {value!r}") from None
        if not 1 <= len(thresholds) <= 3 or min(thresholds) < 1:
            raise NotConfigured(f"AGGNEWS_GC_THRESHOLDS takes 1 to 3 positive counts: {value!r}")
        extension = cls(crawler, thresholds)
        crawler.signals.connect(extension.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(extension.spider_closed, signal=signals.spider_closed)
        return extension

    def spider_opened(self) -> None:
        self._collections = _collections()
        found = gc.get_threshold()
        if found == self.thresholds[: len(found)]:
            return  # another crawl in this process tuned it: that crawl puts it back
        self._found = found
        gc.freeze()
        gc.set_threshold(*self.thresholds)
        logger.debug(
            "Garbage collector: %d startup objects frozen, thresholds %s (were %s)",
            gc.get_freeze_count(),
            self.thresholds,
            found,
        )

    def spider_closed(self) -> None:
        self.crawler.stats.set_value("aggnews/gc/collections", _collections() - self._collections)
        if self._found is None:
            return
        gc.set_threshold(*self._found)
        gc.unfreeze()
        self._found = None


def _collections() -> int:
    return sum(generation["collections"] for generation in gc.get_stats())
