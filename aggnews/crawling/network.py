"""Network edges: robots.txt fetched without alarming tracebacks, and a proxy for the
outlet hosts a site links to (how ``scrapy demo`` serves akhbarak's outlets offline)."""

from __future__ import annotations

import logging
from urllib.parse import urlsplit

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.downloadermiddlewares.robotstxt import RobotsTxtMiddleware
from scrapy.exceptions import (
    CannotResolveHostError,
    DownloadConnectionRefusedError,
    DownloadFailedError,
    DownloadTimeoutError,
    IgnoreRequest,
    NotConfigured,
    ResponseDataLossError,
)
from scrapy.http.request import NO_CALLBACK
from scrapy.robotstxt import RobotParser
from scrapy.utils.defer import maybe_deferred_to_future
from scrapy.utils.httpobj import urlparse_cached
from twisted.internet import error as twisted_error
from twisted.internet.defer import Deferred
from twisted.web._newclient import ResponseFailed, ResponseNeverReceived

logger = logging.getLogger(__name__)

#: Failures to reach a host that say nothing is wrong with aggnews: logged in one line.
NETWORK_ERRORS: tuple[type[BaseException], ...] = (
    DownloadConnectionRefusedError,
    CannotResolveHostError,
    DownloadTimeoutError,
    DownloadFailedError,
    ResponseDataLossError,
    twisted_error.ConnectError,  # refused, DNS lookup, no route
    twisted_error.TimeoutError,
    twisted_error.TCPTimedOutError,
    ResponseNeverReceived,
    ResponseFailed,
    ConnectionError,
)


def is_network_error(exc: BaseException) -> bool:
    """True for an expected failure to reach a host (refused, DNS, timeout, reset)."""
    return isinstance(exc, NETWORK_ERRORS)


class QuietRobotsTxtMiddleware(RobotsTxtMiddleware):
    """Scrapy's robots.txt middleware, but a robots.txt that cannot be fetched (refused, DNS,
    timeout) is one WARNING line naming the host and the reason, without a traceback;
    crawling that host goes on as if robots.txt allowed everything, as in Scrapy. The
    robots.txt of an outlet host (a request with ``allow_offsite``) is fetched too; Scrapy's
    offsite filter would drop it, so the outlet's rules were never read."""

    async def robot_parser(self, request: Request) -> RobotParser | None:
        netloc = urlparse_cached(request).netloc
        allowed = request.meta.get("allow_offsite")
        if netloc not in self._parsers:
            self._parsers[netloc] = Deferred()
            robots = Request(
                f"{urlparse_cached(request).scheme}://{netloc}/robots.txt",
                priority=self.DOWNLOAD_PRIORITY,
                # an outlet's page is let through the offsite filter: so is its robots.txt
                meta={"dont_obey_robotstxt": True, "allow_offsite": bool(allowed)},
                callback=NO_CALLBACK,
            )
            try:
                response = await self.crawler.engine.download_async(robots)
                await self._parse_robots(response, netloc, request)
            except Exception as exc:
                self._log_failure(robots, exc)
                self._robots_error(exc, netloc)
            self._stats.inc_value("robotstxt/request_count")
        parser = self._parsers[netloc]
        if isinstance(parser, Deferred):
            return await maybe_deferred_to_future(parser)
        return parser

    def _log_failure(self, robots: Request, exc: Exception) -> None:
        spider = self.crawler.spider
        if isinstance(exc, IgnoreRequest):
            return
        if is_network_error(exc):
            self._stats.inc_value("aggnews/robotstxt/unreachable")
            logger.warning(
                "robots.txt unreachable, crawling as if it allowed everything: %s: %s: %s",
                robots.url,
                type(exc).__name__,
                exc,
                extra={"spider": spider},
            )
            return
        logger.error(
            "robots.txt %s could not be read (%s: %s); crawling as if it allowed everything. "
            "This is a bug in aggnews or Scrapy: please report it with this traceback",
            robots.url,
            type(exc).__name__,
            exc,
            exc_info=exc,
            extra={"spider": spider},
        )


class OutletProxyMiddleware:
    """Sends requests for hosts other than the crawled site's (an outlet's original page)
    through the HTTP proxy ``AGGNEWS_OUTLET_PROXY``; off (NotConfigured) without it.

    ``scrapy demo`` points it at its fixture mini-site, which answers as those hosts.
    """

    def __init__(self, crawler: Crawler, proxy: str) -> None:
        self.crawler = crawler
        self.proxy = proxy

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> OutletProxyMiddleware:
        proxy = crawler.settings.get("AGGNEWS_OUTLET_PROXY")
        if not proxy:
            raise NotConfigured
        return cls(crawler, proxy)

    def process_request(self, request: Request) -> None:
        host = (urlsplit(request.url).hostname or "").lower()
        spider = self.crawler.spider
        own = [d.lower() for d in getattr(spider, "allowed_domains", None) or []]
        if "proxy" in request.meta or any(host == d or host.endswith("." + d) for d in own):
            return
        request.meta["proxy"] = self.proxy
