"""Story extraction and listing parsing in worker processes, so the reactor keeps fetching.

Extraction is pure CPU (lxml, regexes, dateparser) and a crawl runs in one Python process:
with a second core free, a worker process extracting while the crawl process downloads,
schedules and runs the pipelines nearly doubles the stories a second. Each worker holds its
own ``StoryExtractor`` of the site (its ticker and repeated-line memory are its own);
the outlet names the crawl's listings teach are passed along with each page.
"""

from __future__ import annotations

import asyncio
import logging
import multiprocessing
import os
import threading
import time
from concurrent.futures import Future, ProcessPoolExecutor
from typing import Any

from scrapy.http import HtmlResponse
from scrapy.settings import BaseSettings

from aggnews.crawling.discovery import Listing, ListingParser
from aggnews.extract.article import Extraction, StoryExtractor
from aggnews.profile import SiteProfile
from aggnews.state.minhash import Signer, band_keys, remember_band_keys, remember_signature
from aggnews.state.neardup import BANDS, ROWS
from aggnews.text import comparable_body, remember_comparable_body

logger = logging.getLogger(__name__)

#: The worker process's extractor and listing parser (made by ``_start``).
_WORKER: dict[str, Any] = {}


def _start(site: str, mirror: str | None, parent: int) -> None:
    from aggnews.sites import load_profiles  # in the worker process

    profile = load_profiles()[site]
    extractor = StoryExtractor(profile, mirror)
    _WORKER["extractor"] = extractor
    _WORKER["listings"] = ListingParser(profile, extractor.dates, mirror)
    _WORKER["signer"] = Signer()
    threading.Thread(target=_exit_with, args=(parent,), daemon=True).start()


def _exit_with(parent: int) -> None:
    """End this worker when the crawl process is gone (a SIGKILL leaves no one to stop it)."""
    while os.getppid() == parent:
        time.sleep(1.0)
    os._exit(0)


def _ping() -> bool:
    return "extractor" in _WORKER


def _extract(
    url: str, body: bytes, encoding: str, listed_date: str | None, outlets: dict[str, str]
) -> Extraction:
    extractor = _WORKER["extractor"]
    extractor.learn_outlets(outlets)
    response = HtmlResponse(url=url, body=body, encoding=encoding)
    result = extractor.extract(response, listed_date=listed_date)
    if result.item.body:  # the pipelines' dedupe, seen-store and cluster keys
        result.comparable_body = comparable_body(result.item.body)
        result.signature = _WORKER["signer"].sign(result.item.body)
        result.band_keys = band_keys(result.signature, BANDS, ROWS)
    return result


def _parse_listing(url: str, body: bytes, encoding: str) -> Listing:
    return _WORKER["listings"].parse(HtmlResponse(url=url, body=body, encoding=encoding))


def extraction_processes(settings: BaseSettings) -> int:
    """Worker processes to use: ``AGGNEWS_EXTRACT_PROCESSES``, "auto" meaning one when the
    machine has a second CPU, else none (extraction in the crawl process). They start once
    ``AGGNEWS_EXTRACT_PROCESSES_AFTER`` story pages were extracted in-process (a small
    crawl never pays their start-up), and take over once they answer."""
    value = str(settings.get("AGGNEWS_EXTRACT_PROCESSES", "auto")).strip().lower()
    if value == "auto":
        return 1 if (os.cpu_count() or 1) >= 2 else 0
    return max(int(value), 0)


class ExtractionPool:
    """``processes`` worker processes extracting stories of one site."""

    def __init__(self, profile: SiteProfile, mirror: str | None, processes: int) -> None:
        context = multiprocessing.get_context("spawn")
        self._pool = ProcessPoolExecutor(
            max_workers=processes,
            mp_context=context,
            initializer=_start,
            initargs=(profile.name, mirror, os.getpid()),
        )

    def warm_up(self) -> None:
        """Start the workers (they import the extractor); ``ready`` once one answered."""
        self._warm = self._pool.submit(_ping)

    @property
    def ready(self) -> bool:
        warm = getattr(self, "_warm", None)
        return warm is not None and warm.done() and warm.exception() is None

    async def extract(
        self, response: HtmlResponse, listed_date: str | None, outlets: dict[str, str]
    ) -> Extraction:
        """The extraction of ``response``, computed in a worker process."""
        future: Future[Extraction] = self._pool.submit(
            _extract, response.url, response.body, response.encoding, listed_date, outlets
        )
        result = await asyncio.wrap_future(future)
        if result.item.body and result.comparable_body is not None:
            remember_comparable_body(result.item.body, result.comparable_body)
        if result.item.body and result.signature is not None:
            remember_signature(result.item.body, result.signature)
            if result.band_keys is not None:
                remember_band_keys(result.signature, BANDS, ROWS, result.band_keys)
        return result

    async def parse_listing(self, response: HtmlResponse) -> Listing:
        """The links of listing page ``response``, read in a worker process."""
        future: Future[Listing] = self._pool.submit(
            _parse_listing, response.url, response.body, response.encoding
        )
        return await asyncio.wrap_future(future)

    def close(self) -> None:
        """Stop the workers (pages still queued are dropped: the crawl is closing)."""
        self._pool.shutdown(wait=False, cancel_futures=True)
