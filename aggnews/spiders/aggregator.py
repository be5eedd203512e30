"""The generic aggregator spider: navigation only; site knowledge comes from the profile."""

from __future__ import annotations

import contextlib
import re
from collections.abc import AsyncIterator, Iterator
from typing import Any, ClassVar
from urllib.parse import urlsplit

import scrapy
from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.http import HtmlResponse, Response, TextResponse
from scrapy.settings import BaseSettings
from twisted.python.failure import Failure

from aggnews.crawling.charset import fix_encoding
from aggnews.crawling.discovery import ListingParser, listing_root
from aggnews.crawling.urls import fetch_url
from aggnews.dates import as_date
from aggnews.extract.article import Extraction, StoryExtractor
from aggnews.extract.outlets import story_slug
from aggnews.extract.pool import ExtractionPool, WorkerLostError, extraction_processes
from aggnews.items import NewsArticle
from aggnews.ops.monitors import site_thresholds
from aggnews.profile import SiteProfile
from aggnews.spiders.arguments import CrawlArguments, parse_arguments
from aggnews.spiders.browser import BrowserRouter, browser_paths, chromium_missing, enable_browser
from aggnews.spiders.navigation import ListingNavigation
from aggnews.spiders.original import (
    complete_from_original,
    needs_original,
    original_request,
    without_teaser,
)
from aggnews.state.seen import SeenStore, open_store

STORY_PRIORITY = 10
#: Feeds first: a scheduled crawl learns what is new from them before paging listings.
FEED_PRIORITY = 20
_FEED_PATH = re.compile(r"(?:rss|atom|feed|sitemap)[^/]*$|\.xml$", re.IGNORECASE)
#: Request meta marking the crawl's start requests: when every one of them fails, the site
#: was not reached (aggnews.ops.report logs it; exit status 6).
START = "aggnews_start"


class AggregatorSpider(ListingNavigation, scrapy.Spider):
    """Crawls one aggregator: listings (home, feeds, sources, pagination) to story pages."""

    profile: ClassVar[SiteProfile]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        spider_kwargs = {k: kwargs.pop(k) for k in list(kwargs) if k in ("name", "_job")}
        self.args: CrawlArguments = parse_arguments(self.profile, **kwargs)
        super().__init__(*args, **spider_kwargs)
        self.known: SeenStore | None = None
        self.pool: ExtractionPool | None = None
        self.pool_processes = 0
        self.pool_after = 0
        self.in_process = 0
        self.browser = BrowserRouter(())
        self._use_mirror(self.args.base_url)

    def _use_mirror(self, mirror: str | None) -> None:
        self.mirror = mirror
        host = urlsplit(mirror).hostname if mirror else None
        self.allowed_domains = [host] if host else list(self.profile.domains)
        self.extractor = StoryExtractor(self.profile, mirror)
        self.listings = ListingParser(self.profile, self.extractor.dates, mirror)

    @classmethod
    def from_crawler(cls, crawler: Crawler, *args: Any, **kwargs: Any) -> AggregatorSpider:
        """The spider, with its mirror (``AGGNEWS_MIRRORS``) and the seen-store open."""
        spider = super().from_crawler(crawler, *args, **kwargs)
        paths = browser_paths(cls.profile, crawler.settings)
        missing = chromium_missing(crawler.settings) if paths else None
        if missing:
            crawler.signals.connect(spider._count_missing_browser, signal=signals.spider_opened)
            spider.logger.error(
                "%s: pages matching %s need a browser, but %s; they are fetched without one",
                spider.name,
                " or ".join(paths),
                missing,
            )
        spider.browser = BrowserRouter(() if missing else paths)
        mirrors = crawler.settings.getdict("AGGNEWS_MIRRORS")
        if not spider.args.base_url and mirrors.get(spider.name):
            spider._use_mirror(parse_arguments(cls.profile, base_url=mirrors[spider.name]).base_url)
        fresh = spider.args.refresh or crawler.settings.getbool("AGGNEWS_FRESH")
        spider.known = None if fresh else open_store(crawler.settings)
        crawler.signals.connect(spider._close_store, signal=signals.spider_closed)
        spider.pool_processes = extraction_processes(crawler.settings)
        spider.pool_after = crawler.settings.getint("AGGNEWS_EXTRACT_PROCESSES_AFTER")
        return spider

    def _maybe_start_pool(self) -> None:
        """Start the extraction workers once this crawl proved big enough to need them."""
        self.in_process += 1
        if self.pool is None and self.pool_processes and self.in_process >= self.pool_after:
            self.pool = ExtractionPool(
                self.profile, self.mirror, self.pool_processes, self.crawler.stats
            )
            self.pool.warm_up()
            self.crawler.stats.set_value("aggnews/extract/processes", self.pool_processes)

    def _count_missing_browser(self) -> None:
        self.crawler.stats.set_value("aggnews/browser/missing", 1)

    def _close_store(self) -> None:
        if self.known is not None:
            self.known.close()
        if self.pool is not None:
            self.pool.close()

    @classmethod
    def check_arguments(cls, **kwargs: Any) -> CrawlArguments:
        """Parse ``-a`` arguments; ArgumentError says what is allowed."""
        kwargs.pop("_job", None)
        return parse_arguments(cls.profile, **kwargs)

    @classmethod
    def update_settings(cls, settings: BaseSettings) -> None:
        """Per-site politeness from the profile, below command-line settings."""
        super().update_settings(settings)
        settings.set("CONCURRENT_REQUESTS_PER_DOMAIN", cls.profile.concurrency, priority="spider")
        settings.set("DOWNLOAD_DELAY", cls.profile.download_delay, priority="spider")
        if not settings.getdict("FEEDS") and settings.get("AGGNEWS_FEED"):
            feed = {"format": "jsonlines", "encoding": "utf8"}
            settings.set("FEEDS", {settings.get("AGGNEWS_FEED"): feed}, priority="spider")
        for name, value in site_thresholds(cls.profile, settings).items():
            settings.set(name, value, priority="spider")
        settings.set(
            "SPIDERMON_VALIDATION_SCHEMAS", [settings.get("AGGNEWS_ITEM_SCHEMA")], priority="spider"
        )
        if browser_paths(cls.profile, settings) and not chromium_missing(settings):
            enable_browser(settings)

    def _url(self, url: str) -> str:
        return fetch_url(url, self.profile, self.mirror)

    def _wanted_language(self, url: str) -> bool:
        edition = self.profile.edition_for_path(urlsplit(url).path)
        return edition.language in self.args.languages

    async def start(self) -> AsyncIterator[scrapy.Request]:
        """Given URLs, else every selected edition's start pages."""
        if self.args.urls:
            for url in self.args.urls:
                if self.profile.is_story_path(urlsplit(url).path):
                    yield self._started(self._story_request(self._url(url), None))
                else:
                    yield self._started(self._listing_request(self._url(url)))
            return
        origin = self.mirror or self.profile.origin
        for edition in self.profile.editions:
            if edition.language in self.args.languages:
                for path in edition.start_paths:
                    yield self._started(self._listing_request(origin + path))

    def _started(self, request: scrapy.Request) -> scrapy.Request:
        self.crawler.stats.inc_value("aggnews/start/requests")
        request.meta[START] = True
        return request

    def _reached(self, response: Response) -> None:
        if response.meta.get(START):
            self.crawler.stats.inc_value("aggnews/start/reached")

    def _listing_request(self, url: str, root: str | None = None, page: int = 1) -> scrapy.Request:
        feed = _FEED_PATH.search(urlsplit(url).path) is not None
        return scrapy.Request(
            url,
            callback=self.parse_listing,
            errback=self.on_error,
            priority=FEED_PRIORITY if feed else 0,
            cb_kwargs={"root": root or listing_root(url, self.profile), "page": page},
            meta=self.browser.meta_for(urlsplit(url).path),
        )

    def _story_request(self, url: str, listed: str | None) -> scrapy.Request:
        return scrapy.Request(
            url,
            callback=self.parse_story,
            errback=self.on_error,
            priority=STORY_PRIORITY,
            meta={"listed_date": listed, **self.browser.meta_for(urlsplit(url).path)},
        )

    async def parse_story(self, response: Response) -> AsyncIterator[Any]:
        """Extract one story (in a worker process when there is one); report what its
        layers found to the stats."""
        stats = self.crawler.stats
        self._reached(response)
        if not isinstance(response, TextResponse) or not response.body.strip():
            stats.inc_value("aggnews/failed/empty_or_binary")
            self.logger.warning("Story page %s is empty or not text; skipped", response.url)
            return
        response, charset = fix_encoding(response)
        if charset:
            stats.inc_value("aggnews/charset/corrected")
            self.logger.info("%s does not decode as it declares; read as %s", response.url, charset)
        listed = response.meta.get("listed_date")
        result = None
        if self.pool is not None and self.pool.ready and isinstance(response, HtmlResponse):
            slug = story_slug(self.profile, response.url)
            learnt = {slug: self.extractor.outlets[slug]} if slug in self.extractor.outlets else {}
            with contextlib.suppress(WorkerLostError):  # logged by the pool: extract it here
                result = await self.pool.extract(response, listed, learnt)
        if result is None:
            result = self.extractor.extract(response, listed_date=listed)
            self._maybe_start_pool()
        original = needs_original(self.profile, result)
        if original:
            yield original_request(original, result, self.parse_original, self.on_original_error)
            return
        for item in self._finish(result):
            yield item

    def _finish(self, result: Extraction) -> Iterator[NewsArticle]:
        """Count what the layers found, apply ``since``, emit."""
        stats = self.crawler.stats
        stats.inc_value("aggnews/story_pages")
        if result.item.extraction == "fallback":
            stats.inc_value("aggnews/extraction/fallback")
        for field, layer in result.layers.items():
            stats.inc_value(f"aggnews/layer/{field}/{layer}")
        if result.overruled:
            stats.inc_value("aggnews/date/metadata_day_overruled")
        for field in result.missing:
            stats.inc_value(f"aggnews/missing/{field}")
            self.logger.debug("No %s found on %s", field, result.item.url)
        item = result.item
        day = as_date(item.date)
        if self.args.since and day and day < self.args.since:
            stats.inc_value("aggnews/skipped/before_since")
            return
        yield item

    def parse_original(self, response: Response, result: Extraction) -> Iterator[NewsArticle]:
        """The outlet's page: the body comes from it."""
        yield from self._finish(complete_from_original(response, result))

    def on_original_error(self, failure: Failure) -> Iterator[NewsArticle]:
        """The outlet's page failed: emit what the aggregator showed, if it is a story."""
        self.on_error(failure)
        self.crawler.stats.inc_value("aggnews/original/failed")
        result: Extraction = failure.request.cb_kwargs["result"]
        yield from self._finish(without_teaser(result))

    def on_error(self, failure: Failure) -> None:
        """Log and count a page that could not be fetched; the crawl goes on."""
        request = failure.request
        response = getattr(failure.value, "response", None)
        reason = f"http_{response.status}" if response is not None else failure.type.__name__
        self.crawler.stats.inc_value(f"aggnews/failed/{reason}")
        self.crawler.stats.inc_value("aggnews/failed_pages")
        if request.meta.get(START):
            self.crawler.stats.inc_value(f"aggnews/start/failed/{reason}")
        failed = self.crawler.stats.get_value("aggnews/failed_urls") or []
        if len(failed) < 20:
            self.crawler.stats.set_value("aggnews/failed_urls", [*failed, request.url])
        self.logger.warning("Gave up on %s: %s", request.url, reason)
