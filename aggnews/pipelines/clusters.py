"""Near-duplicates across stories and sites: every item gets a ``cluster_id``."""

from __future__ import annotations

import logging
import sqlite3
from pathlib import Path
from typing import TYPE_CHECKING, Any

from itemadapter import ItemAdapter
from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import CloseSpider, DropItem
from scrapy.statscollectors import StatsCollector
from scrapy.utils.asyncio import create_looping_call

from aggnews.ops.storefault import stop_on_store_fault
from aggnews.state.neardup import NearDuplicateIndex
from aggnews.state.seen import STORE_FILE, StoreError, damaged

if TYPE_CHECKING:
    from aggnews.state.neardup_redis import RedisNearDuplicateIndex

logger = logging.getLogger(__name__)


class ClusterPipeline:
    """Sets ``cluster_id``: shared with near-duplicates, stable across runs (kept in SQLite,
    or in Redis with ``AGGNEWS_REDIS_URL``, so every machine of a shared crawl agrees).

    Near-duplicates are not dropped; exact duplicates were dropped by the pipelines before.
    SQLite writes are batched (``AGGNEWS_NEARDUP_BATCH`` stories, or every
    ``AGGNEWS_NEARDUP_COMMIT_SECONDS`` once the engine runs, and at the end): one
    transaction per batch, never one per story.
    """

    def __init__(
        self,
        stats: StatsCollector,
        path: Path,
        threshold: float,
        redis_url: str | None = None,
        crawler: Crawler | None = None,
        batch: int = 1000,
        commit_seconds: float = 1.0,
    ) -> None:
        if not 0 < threshold <= 1:
            raise ValueError(f"AGGNEWS_NEARDUP_THRESHOLD must be in (0, 1], not {threshold}")
        self.stats = stats
        self.crawler = crawler
        self.path = path
        self.threshold = threshold
        self.redis_url = redis_url
        self.batch = batch
        self.commit_seconds = commit_seconds
        self.db: sqlite3.Connection | None = None
        self.index: NearDuplicateIndex | RedisNearDuplicateIndex | None = None
        self.loop: Any = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ClusterPipeline:
        settings = crawler.settings
        path = Path(settings.get("AGGNEWS_STATE_DIR")) / STORE_FILE
        threshold = settings.getfloat("AGGNEWS_NEARDUP_THRESHOLD")
        pipeline = cls(
            crawler.stats,
            path,
            threshold,
            settings.get("AGGNEWS_REDIS_URL"),
            crawler,
            batch=settings.getint("AGGNEWS_NEARDUP_BATCH", 1000),
            commit_seconds=settings.getfloat("AGGNEWS_NEARDUP_COMMIT_SECONDS", 1.0),
        )
        crawler.signals.connect(pipeline.engine_started, signal=signals.engine_started)
        return pipeline

    def open_spider(self) -> None:
        if self.redis_url:
            from aggnews.state.neardup_redis import RedisNearDuplicateIndex

            self.index = RedisNearDuplicateIndex.from_url(self.redis_url, self.threshold)
            return
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self.db = sqlite3.connect(self.path, timeout=30)
            self.db.execute("PRAGMA journal_mode=WAL")
            self.db.execute("PRAGMA synchronous=NORMAL")
            self.index = NearDuplicateIndex(self.db, threshold=self.threshold, batch=self.batch)
        except sqlite3.Error as exc:
            failing = isinstance(exc, sqlite3.DatabaseError) and not isinstance(
                exc, sqlite3.OperationalError
            )
            if self.crawler is not None and failing:
                # Damaged since the check before the crawl: stop as a store failing later does.
                stop_on_store_fault(self.crawler, damaged(self.path, exc), close=False)
                raise CloseSpider("store_failed") from exc
            raise StoreError(f"cannot open the near-duplicate index in {self.path}: {exc}") from exc

    def process_item(self, item: Any) -> Any:
        assert self.index is not None
        adapter = ItemAdapter(item)
        try:
            cluster = self.index.assign(adapter["id"], adapter.get("body") or "")
        except sqlite3.DatabaseError as exc:
            self._fail(damaged(self.path, exc))
            raise DropItem(f"cluster index failed: {adapter['url']}", log_level="DEBUG") from exc
        adapter["cluster_id"] = cluster
        if cluster != adapter["id"]:
            self.stats.inc_value("aggnews/neardup/joined_cluster")
        return item

    def engine_started(self) -> None:
        """Write pending assignments every few seconds, so other crawlers of this process
        (``crawlall``) and of this state dir see them soon."""
        if self.commit_seconds > 0 and self.db is not None:
            self.loop = create_looping_call(self.flush)
            self.loop.start(self.commit_seconds, now=False)

    def flush(self) -> None:
        """Write the pending assignments to SQLite (one transaction)."""
        if not isinstance(self.index, NearDuplicateIndex) or self.db is None:
            return
        try:
            self.index.flush()
        except sqlite3.DatabaseError as exc:
            self._fail(damaged(self.path, exc))
        self.stats.set_value("aggnews/neardup/commits", self.index.commits)

    def _fail(self, exc: StoreError) -> None:
        if self.crawler is None:
            raise exc
        stop_on_store_fault(self.crawler, exc)

    def close_spider(self) -> None:
        if self.loop is not None and self.loop.running:
            self.loop.stop()
        if self.redis_url and self.index is not None:
            self.index.close()
        if self.db is None:
            return
        try:
            self.flush()
        finally:
            self.db.close()
            self.db = None
