"""Downloader middlewares."""

from __future__ import annotations

import asyncio
import logging

from scrapy import Request
from scrapy.downloadermiddlewares.retry import RetryMiddleware
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
        logger.debug("Retrying %s in %.1f s (attempt %d)", retry.url, delay, attempt)
        await asyncio.sleep(delay)
