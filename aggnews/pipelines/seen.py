"""Duplicates across runs: stories emitted by an earlier run are not emitted again."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from itemadapter import ItemAdapter
from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import CloseSpider, DropItem
from scrapy.settings import BaseSettings
from scrapy.statscollectors import StatsCollector

from aggnews.ops.storefault import stop_on_store_fault, store_failed
from aggnews.state.seen import StoreError, open_store
from aggnews.text import fingerprint


class SeenStorePipeline:
    """Drops stories already in the seen-store; records this run's stories.

    SQLite (the default): stories are recorded only once the run's feeds are complete on
    disk (after the feed exporter closed), so a run that dies records nothing and the next
    run emits its stories again. Redis (distributed crawls): each story is claimed
    atomically under the crawler's lease as it is emitted, so no two live processes emit
    it, and committed the same way as SQLite; a dead crawler's claims expire with its lease.
    ``AGGNEWS_FRESH`` skips the check, not the record.
    """

    def __init__(
        self, stats: StatsCollector, settings: BaseSettings, crawler: Crawler | None = None
    ) -> None:
        self.stats = stats
        self.crawler = crawler
        self.wait_for_feeds = bool(settings.getdict("FEEDS"))
        self.settings = settings
        self.fresh = settings.getbool("AGGNEWS_FRESH")
        self.min_chars = settings.getint("AGGNEWS_CONTENT_DEDUPE_MIN_CHARS")
        self.store: Any = None
        self.lease: Any = None
        self.pending: list[tuple[str, str | None, str, str, str]] = []

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> SeenStorePipeline:
        pipeline = cls(crawler.stats, crawler.settings, crawler)
        if crawler.settings.get("AGGNEWS_REDIS_URL"):
            from aggnews.state.lease_redis import LeaseHeartbeat  # Redis only when asked for

            heartbeat = crawler.get_extension(LeaseHeartbeat)
            pipeline.lease = heartbeat.lease if heartbeat else None
        crawler.signals.connect(pipeline.feeds_closed, signal=signals.feed_exporter_closed)
        return pipeline

    def open_spider(self) -> None:
        try:
            self.store = open_store(self.settings)
        except StoreError as exc:
            if self.crawler is None:
                raise
            # Damaged since the check before the crawl: stop as a store failing later does.
            stop_on_store_fault(self.crawler, exc, close=False)
            raise CloseSpider("store_failed") from exc

    def process_item(self, item: Any) -> Any:
        adapter = ItemAdapter(item)
        body = adapter.get("body") or ""
        key = fingerprint(body) if len(body) >= self.min_chars else None
        if self.lease is not None:
            self._claim(adapter, key)
        else:
            try:
                known = not self.fresh and self.store.seen(adapter["id"], key)
            except StoreError as exc:
                self._fail(exc)
                raise DropItem(f"seen-store failed: {adapter['url']}", log_level="DEBUG") from exc
            if known:
                self._drop(adapter)
        now = datetime.now(UTC).isoformat(timespec="seconds")
        self.pending.append((adapter["id"], key, adapter["url"], adapter.get("site") or "", now))
        return item

    def _claim(self, adapter: ItemAdapter, key: str | None) -> None:
        """Redis: lease the story to this crawler until its feed is committed."""
        status, expired = self.store.claim(adapter["id"], key, self.lease, fresh=self.fresh)
        if expired:
            self.stats.inc_value("aggnews/redis/claims_expired", expired)
        if status == "held":
            self.stats.inc_value("aggnews/duplicates/other_crawler")
            raise DropItem(f"being emitted by another crawler: {adapter['url']}", log_level="DEBUG")
        if status == "seen":
            self._drop(adapter)

    def _drop(self, adapter: ItemAdapter) -> None:
        self.stats.inc_value("aggnews/duplicates/previous_run")
        raise DropItem(f"emitted by an earlier run: {adapter['url']}", log_level="DEBUG")

    def close_spider(self) -> None:
        if not self.wait_for_feeds:
            self._record()

    def feeds_closed(self) -> None:
        """Every feed file is complete and renamed: now the stories count as emitted."""
        self._record()

    def _fail(self, exc: StoreError) -> None:
        if self.crawler is None:
            raise exc
        stop_on_store_fault(self.crawler, exc)

    def _record(self) -> None:
        """Record the run's stories, unless the store failed (then its feeds were not kept)."""
        if self.store is None:
            return
        try:
            if self.crawler is None or not store_failed(self.crawler):
                self.stats.set_value("aggnews/store/recorded", self.store.add(self.pending))
        except StoreError as exc:
            self._fail(exc)
        finally:
            self.store.close()
            self.store = None
