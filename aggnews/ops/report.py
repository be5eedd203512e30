"""End-of-crawl report: what was emitted, dropped and lost; a loud failure on layout drift."""

from __future__ import annotations

import logging
from collections import Counter
from typing import Any
from urllib.parse import unquote

from itemadapter import ItemAdapter
from scrapy import Spider, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem

logger = logging.getLogger(__name__)

HEALTH_FAILED = "aggnews/health/failed_fields"
#: Set to the ERROR message when every start request failed and no page was reached.
UNREACHABLE = "aggnews/unreachable"
_START_FAILED = "aggnews/start/failed/"


class CrawlReport:
    """Logs the crawl summary and checks extraction health when the spider closes."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        settings = crawler.settings
        self.max_missing = settings.getfloat("AGGNEWS_HEALTH_MAX_MISSING")
        self.min_pages = settings.getint("AGGNEWS_HEALTH_MIN_PAGES")
        self.fields = settings.getlist("AGGNEWS_HEALTH_FIELDS")
        self.languages: Counter[str] = Counter()
        self.sources: Counter[str] = Counter()
        self.dropped: Counter[str] = Counter()

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> CrawlReport:
        ext = cls(crawler)
        crawler.signals.connect(ext.item_scraped, signal=signals.item_scraped)
        crawler.signals.connect(ext.item_dropped, signal=signals.item_dropped)
        crawler.signals.connect(ext.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(ext.spider_closed, signal=signals.spider_closed)
        return ext

    def spider_opened(self, spider: Spider) -> None:
        """Name the site in its stats, so each dump of a crawlall log says whose it is."""
        self.crawler.stats.set_value("aggnews/site", spider.name)

    def item_scraped(self, item: Any) -> None:
        adapter = ItemAdapter(item)
        self.languages[adapter.get("language") or "?"] += 1
        self.sources[adapter.get("source") or "(unknown source)"] += 1

    def item_dropped(self, item: Any, exception: DropItem) -> None:
        self.dropped[str(exception).split(":", 1)[0]] += 1

    def spider_closed(self, spider: Spider, reason: str) -> None:
        stats = self.crawler.stats
        get = stats.get_value
        lines = [f"aggnews summary for {spider.name} ({reason}):"]
        lines.append(f"  stories emitted: {sum(self.languages.values())}")
        lines.append("  by language: " + _fmt(self.languages))
        lines.append("  by source: " + _fmt(self.sources, limit=15))
        dropped = {
            "duplicate URL": get("aggnews/duplicates/url", 0),
            "duplicate content": get("aggnews/duplicates/content", 0),
            "emitted by an earlier run": get("aggnews/duplicates/previous_run", 0),
            "missing field": sum(v for k, v in self.dropped.items() if k.startswith("missing")),
            "before since": get("aggnews/skipped/before_since", 0),
        }
        lines.append("  dropped: " + _fmt(Counter({k: v for k, v in dropped.items() if v})))
        known = get("aggnews/incremental/known_skipped", 0)
        if known:
            lines.append(
                f"  not requested: {known} story links emitted by earlier runs (the seen-store "
                f"in {self.crawler.settings.get('AGGNEWS_STATE_DIR')}; -a refresh=1 reads them "
                "again, -s AGGNEWS_FRESH=1 emits them again)"
            )
        lines.append(
            f"  pages: {get('aggnews/listing_pages', 0)} listings, "
            f"{get('aggnews/story_pages', 0)} stories, {get('aggnews/failed_pages', 0)} failed"
        )
        for url in get("aggnews/failed_urls") or []:
            lines.append(f"    failed: {readable_url(url)}")
        logger.info("\n".join(lines), extra={"spider": spider})
        self._check_reached(spider, reason)
        self._check_health(spider)

    def _check_reached(self, spider: Spider, reason: str) -> None:
        """A finished crawl none of whose start requests got an answer: the site failed."""
        stats = self.crawler.stats
        get = stats.get_value
        reasons = Counter(
            {
                k[len(_START_FAILED) :]: v
                for k, v in stats.get_stats().items()
                if k.startswith(_START_FAILED)
            }
        )
        failed = sum(reasons.values())
        if reason != "finished" or not failed or get("aggnews/start/reached", 0):
            return
        if get("aggnews/story_pages", 0):
            return
        started = get("aggnews/start/requests", failed)
        why = next(iter(reasons)) if len(reasons) == 1 else _fmt(reasons)
        message = (
            f"{spider.name}: no page reached: {failed} of {started} start requests failed ({why})"
        )
        failed_urls = get("aggnews/failed_urls") or []
        if failed_urls:
            message += f"; first: {failed_urls[0]}"
        stats.set_value(UNREACHABLE, message)
        logger.error("%s", message, extra={"spider": spider})

    def _check_health(self, spider: Spider) -> None:
        stats = self.crawler.stats
        pages = stats.get_value("aggnews/story_pages", 0)
        if pages < self.min_pages:
            return
        failed = []
        optional = getattr(getattr(spider, "profile", None), "optional_fields", ())
        for field in (f for f in self.fields if f not in optional):
            missing = stats.get_value(f"aggnews/missing/{field}", 0)
            if missing / pages > self.max_missing:
                failed.append(field)
                logger.error(
                    "%s: extraction failing: %d of %d story pages (%.0f%%) have no %s; %s",
                    spider.name,
                    missing,
                    pages,
                    100 * missing / pages,
                    field,
                    self._likely_cause(field),
                    extra={"spider": spider},
                )
        if failed:
            stats.set_value(HEALTH_FAILED, failed)

    def _likely_cause(self, field: str) -> str:
        """What to look at: the outlet pages bodies come from, when they failed; else the
        site's layout."""
        failed = self.crawler.stats.get_value("aggnews/original/failed", 0)
        if field == "body" and failed:
            return (
                f"{failed} outlet page(s) the bodies come from could not be fetched (see the "
                "'Gave up on' WARNINGs; offline, serve them with -s AGGNEWS_OUTLET_PROXY)"
            )
        return "the site's layout may have changed"


def readable_url(url: str) -> str:
    """``url`` with percent-encoded characters shown as text (Arabic slugs readable)."""
    return unquote(url, errors="replace")


def _fmt(counter: Counter[str], limit: int = 10) -> str:
    if not counter:
        return "none"
    parts = [f"{name} {count}" for name, count in counter.most_common(limit)]
    if len(counter) > limit:
        parts.append(f"... {len(counter) - limit} more")
    return ", ".join(parts)
