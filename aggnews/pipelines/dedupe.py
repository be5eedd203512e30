"""Duplicates within one run: the same canonical URL, or the same body under another URL."""

from __future__ import annotations

from typing import Any

from itemadapter import ItemAdapter
from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem
from scrapy.statscollectors import StatsCollector

from aggnews.text import fingerprint


class DuplicatesPipeline:
    """Keeps the first item of each story id and of each body fingerprint in a run."""

    def __init__(self, stats: StatsCollector, min_chars: int) -> None:
        self.stats = stats
        self.min_chars = min_chars
        self.ids: set[str] = set()
        self.bodies: dict[str, str] = {}

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> DuplicatesPipeline:
        return cls(crawler.stats, crawler.settings.getint("AGGNEWS_CONTENT_DEDUPE_MIN_CHARS"))

    def process_item(self, item: Any) -> Any:
        adapter = ItemAdapter(item)
        story = adapter["id"]
        if story in self.ids:
            self.stats.inc_value("aggnews/duplicates/url")
            raise DropItem(f"duplicate URL: {adapter['url']}", log_level="DEBUG")
        body = adapter.get("body") or ""
        if len(body) >= self.min_chars:
            key = fingerprint(body)
            first = self.bodies.get(key)
            if first is not None:
                self.stats.inc_value("aggnews/duplicates/content")
                raise DropItem(
                    f"duplicate content: {adapter['url']} repeats {first}", log_level="DEBUG"
                )
            self.bodies[key] = adapter["url"]
        self.ids.add(story)
        return item
