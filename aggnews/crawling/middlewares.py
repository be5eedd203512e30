"""Downloader middlewares."""

from __future__ import annotations

import asyncio
import logging
import zlib

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.downloadermiddlewares.retry import RetryMiddleware, get_retry_request
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Response
from scrapy.settings import BaseSettings

logger = logging.getLogger(__name__)


class BackoffRetryMiddleware(RetryMiddleware):
    """Scrapy's retries (429, 5xx, Cloudflare's 52x, timeouts), with exponential backoff.

    Before the n-th retry of a request it waits ``AGGNEWS_RETRY_BACKOFF_BASE * 2**(n-1)``
    seconds, at most ``AGGNEWS_RETRY_BACKOFF_MAX``, or what a ``Retry-After`` header asks
    (within the same cap). Other requests go on meanwhile.
    """

    def __init__(self, settings: BaseSettings) -> None:
        super().__init__(settings)
        self.base = settings.getfloat("AGGNEWS_RETRY_BACKOFF_BASE")
        self.cap = settings.getfloat("AGGNEWS_RETRY_BACKOFF_MAX")

    async def process_response(self, request: Request, response: Response) -> Request | Response:  # type: ignore[override]
        result = super().process_response(request, response)
        if isinstance(result, Request):
            await self._wait(result, response)
        return result

    async def process_exception(self, request: Request, exception: Exception) -> Request | None:  # type: ignore[override]
        result = super().process_exception(request, exception)
        if isinstance(result, Request):
            await self._wait(result, None)
        return result

    async def _wait(self, retry: Request, response: Response | None) -> None:
        attempt = int(retry.meta.get("retry_times", 1))
        delay = min(self.cap, self.base * 2 ** (attempt - 1))
        asked = response.headers.get(b"Retry-After", b"") if response is not None else b""
        if asked.strip().isdigit():
            delay = min(self.cap, max(delay, float(asked)))
        self.crawler.stats.inc_value("aggnews/retry/backoff_seconds", round(delay, 3))
        logger.debug(
            "Retrying %s in %.1f s (attempt %d)",
            retry.url,
            delay,
            attempt,
            extra={"spider": self.crawler.spider},
        )
        await asyncio.sleep(delay)


class BrokenResponseMiddleware:
    """Redirect loops and truncated gzip bodies: a clear log line, a stat, a retry or give-up.

    Runs before Scrapy's redirect and decompression middlewares see the response.
    """

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> BrokenResponseMiddleware:
        return cls(crawler)

    def process_response(self, request: Request, response: Response) -> Request | Response:
        stats = self.crawler.stats
        if response.status in (301, 302, 303, 307, 308) and b"Location" in response.headers:
            target = response.urljoin(response.headers[b"Location"].decode("latin-1"))
            if target in {request.url, *request.meta.get("redirect_urls", [])}:
                stats.inc_value("aggnews/failed/redirect_loop")
                logger.warning(
                    "Redirect loop at %s (back to %s); giving up",
                    request.url,
                    target,
                    extra={"spider": self.crawler.spider},
                )
                raise IgnoreRequest(f"redirect loop at {request.url}")
        encoding = response.headers.get(b"Content-Encoding", b"").lower()
        if b"gzip" in encoding and response.body and not _complete_gzip(response.body):
            stats.inc_value("aggnews/broken/truncated_gzip")
            logger.warning(
                "Truncated gzip body from %s", request.url, extra={"spider": self.crawler.spider}
            )
            retry = get_retry_request(
                request, spider=self.crawler.spider, reason="truncated gzip body"
            )
            if retry is None:
                raise IgnoreRequest(f"truncated gzip body from {request.url}")
            return retry
        return response


def _complete_gzip(body: bytes) -> bool:
    """True when ``body`` is a whole gzip stream (its end marker and trailer are there)."""
    decoder = zlib.decompressobj(16 + zlib.MAX_WBITS)
    try:
        for start in range(0, len(body), 65536):
            decoder.decompress(body[start : start + 65536], 1 << 20)
            if decoder.eof:
                return True
            while decoder.unconsumed_tail:
                decoder.decompress(decoder.unconsumed_tail, 1 << 20)
    except zlib.error:
        return False
    return decoder.eof
