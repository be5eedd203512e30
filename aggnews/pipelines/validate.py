"""Validation: an item without its required fields is dropped, loudly."""

from __future__ import annotations

import logging
from typing import Any

from itemadapter import ItemAdapter
from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem
from scrapy.statscollectors import StatsCollector

logger = logging.getLogger(__name__)

REQUIRED_FIELDS = ("url", "title", "body")


class ValidatePipeline:
    """Drops items missing a required field, with a WARNING naming the URL and a stat."""

    def __init__(self, stats: StatsCollector, crawler: Crawler | None = None) -> None:
        self.stats = stats
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ValidatePipeline:
        return cls(crawler.stats, crawler)

    def process_item(self, item: Any) -> Any:
        adapter = ItemAdapter(item)
        missing = [f for f in REQUIRED_FIELDS if not adapter.get(f)]
        if not missing:
            return item
        for field in missing:
            self.stats.inc_value(f"aggnews/dropped/missing_{field}")
        url = adapter.get("url") or "(no url)"
        spider = self.crawler.spider if self.crawler else None
        logger.warning("Dropped %s: no %s", url, " or ".join(missing), extra={"spider": spider})
        raise DropItem(f"missing {', '.join(missing)}: {url}", log_level="DEBUG")
