"""Duplicates across runs: stories emitted by an earlier run are not emitted again."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from itemadapter import ItemAdapter
from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem
from scrapy.statscollectors import StatsCollector

from aggnews.store import STORE_FILE, SeenStore
from aggnews.text import fingerprint


class SeenStorePipeline:
    """Drops stories already in the seen-store; records this run's stories when it ends.

    Stories are recorded only at the end of a run, so a run that dies records nothing and
    the next run emits its stories again. ``AGGNEWS_FRESH`` skips the check, not the record.
    """

    def __init__(self, stats: StatsCollector, path: Path, fresh: bool, min_chars: int) -> None:
        self.stats = stats
        self.path = path
        self.fresh = fresh
        self.min_chars = min_chars
        self.store: SeenStore | None = None
        self.pending: list[tuple[str, str | None, str, str, str]] = []

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> SeenStorePipeline:
        settings = crawler.settings
        path = Path(settings.get("AGGNEWS_STATE_DIR")) / STORE_FILE
        return cls(
            crawler.stats,
            path,
            settings.getbool("AGGNEWS_FRESH"),
            settings.getint("AGGNEWS_CONTENT_DEDUPE_MIN_CHARS"),
        )

    def open_spider(self) -> None:
        self.store = SeenStore(self.path)

    def process_item(self, item: Any) -> Any:
        assert self.store is not None
        adapter = ItemAdapter(item)
        body = adapter.get("body") or ""
        key = fingerprint(body) if len(body) >= self.min_chars else None
        if not self.fresh and self.store.seen(adapter["id"], key):
            self.stats.inc_value("aggnews/duplicates/previous_run")
            raise DropItem(f"emitted by an earlier run: {adapter['url']}", log_level="DEBUG")
        now = datetime.now(UTC).isoformat(timespec="seconds")
        self.pending.append((adapter["id"], key, adapter["url"], adapter.get("site") or "", now))
        return item

    def close_spider(self) -> None:
        if self.store is None:
            return
        recorded = self.store.add(self.pending)
        self.stats.set_value("aggnews/store/recorded", recorded)
        self.store.close()
