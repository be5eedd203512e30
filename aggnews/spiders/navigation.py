"""How the aggregator spider follows a listing: its new stories, the listings it links to,
its next page (stopped by ``max_pages``, by ``since``, or once every story on it is known)."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator, Iterator
from datetime import date
from typing import TYPE_CHECKING

import scrapy
from scrapy.exceptions import CloseSpider
from scrapy.http import HtmlResponse, Response, TextResponse

from aggnews.crawling.discovery import Listing, is_feed
from aggnews.crawling.urls import story_id
from aggnews.dates import as_date
from aggnews.extract.pool import WorkerLostError
from aggnews.ops.storefault import stop_on_store_fault
from aggnews.state.seen import StoreError

if TYPE_CHECKING:
    import logging

    from scrapy.crawler import Crawler

    from aggnews.crawling.discovery import ListingParser
    from aggnews.extract.article import StoryExtractor
    from aggnews.extract.pool import ExtractionPool
    from aggnews.spiders.arguments import CrawlArguments
    from aggnews.state.seen import SeenStore


class ListingNavigation:
    """The listing callbacks of ``AggregatorSpider`` (which gives the attributes below)."""

    if TYPE_CHECKING:
        crawler: Crawler
        logger: logging.LoggerAdapter
        args: CrawlArguments
        known: SeenStore | None
        pool: ExtractionPool | None
        listings: ListingParser
        extractor: StoryExtractor

        def _url(self, url: str) -> str: ...
        def _wanted_language(self, url: str) -> bool: ...
        def _reached(self, response: Response) -> None: ...
        def _story_request(self, url: str, listed: str | None) -> scrapy.Request: ...
        def _listing_request(
            self, url: str, root: str | None = None, page: int = 1
        ) -> scrapy.Request: ...

    async def parse_listing(
        self, response: Response, root: str, page: int
    ) -> AsyncIterator[scrapy.Request]:
        """Follow a listing's stories, its next page, and the listings it links to (an HTML
        listing is read in the extraction worker when there is one)."""
        self._reached(response)
        if not isinstance(response, TextResponse):
            self.crawler.stats.inc_value("aggnews/failed/not_text")
            self.logger.warning(
                "Listing %s is not text (%s); skipped", response.url, type(response).__name__
            )
            return
        self.crawler.stats.inc_value("aggnews/listing_pages")
        offload = type(response) is HtmlResponse and not is_feed(response)
        listing = None
        if self.pool is not None and self.pool.ready and offload:
            with contextlib.suppress(WorkerLostError):  # logged by the pool: read it here
                listing = await self.pool.parse_listing(response)
        if listing is None:
            listing = self.listings.parse(response)
        self.extractor.learn_outlets(listing.outlets)
        for request in self._follow(response, root, page, listing):
            yield request

    def _follow(
        self, response: Response, root: str, page: int, listing: Listing
    ) -> Iterator[scrapy.Request]:
        known = self._known(listing.stories)
        oldest: date | None = None
        for url, listed in listing.stories.items():
            if url in known:
                self.crawler.stats.inc_value("aggnews/incremental/known_skipped")
                continue
            listed_day = as_date(listed)
            if listed_day and (oldest is None or listed_day < oldest):
                oldest = listed_day
            if not self._wanted_language(url):
                continue
            if self.args.since and listed_day and listed_day < self.args.since:
                self.crawler.stats.inc_value("aggnews/skipped/before_since")
                continue
            yield self._story_request(self._url(url), listed)
        for url in listing.listings if not self.args.urls else ():
            if self._wanted_language(url):
                yield self._listing_request(self._url(url))
        if listing.stories and len(known) == len(listing.stories) and not listing.is_feed:
            self.crawler.stats.inc_value("aggnews/incremental/listing_exhausted")
            self.logger.debug("Every story on %s was emitted before: not paginating", response.url)
        elif listing.next_pages:
            yield from self._next_page(response, root, page, listing.next_pages[0], oldest)

    def _known(self, stories: dict[str, str | None]) -> set[str]:
        """The canonical story URLs among ``stories`` that earlier runs emitted."""
        if self.known is None or not stories:
            return set()
        ids = {story_id(url): url for url in stories}
        try:
            return {ids[i] for i in self.known.known_ids(ids)}
        except StoreError as exc:
            stop_on_store_fault(self.crawler, exc)
            raise CloseSpider("store_failed") from exc

    def _next_page(
        self, response: Response, root: str, page: int, url: str, oldest: date | None
    ) -> Iterator[scrapy.Request]:
        if self.args.max_pages and page >= self.args.max_pages:
            self.crawler.stats.inc_value("aggnews/pagination/max_pages")
            self.logger.debug("max_pages=%d reached at %s", self.args.max_pages, response.url)
            return
        if self.args.since and oldest and oldest < self.args.since:
            self.crawler.stats.inc_value("aggnews/pagination/since")
            self.logger.debug("Listing %s reaches before %s: not paginating", root, self.args.since)
            return
        yield self._listing_request(self._url(url), root, page + 1)
