"""Progress a person can read: every ``AGGNEWS_PROGRESS_INTERVAL`` seconds, per site, the
stories emitted (per language), pages fetched, requests queued, failures and the rate.

Logged as one INFO line per site (``Progress: masress: 120 stories (ar 100, en 20), ...``);
when stderr is a terminal, one line on it instead, rewritten in place, holding every site
of the process (``scrapy crawlall``). A last line is given when the crawl closes.
"""

from __future__ import annotations

import logging
import shutil
import sys
import time
from collections import Counter
from typing import Any, TextIO

from itemadapter import ItemAdapter
from scrapy import Spider, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from scrapy.utils.asyncio import create_looping_call

logger = logging.getLogger(__name__)


class TerminalLine(logging.Filter):
    """The one progress line on a terminal, shared by the crawls of a process.

    It sits as a filter on the log handler writing to the terminal, which is how the crawls
    of one process find it, and clears the line before each log record so log lines never
    run into it; the next report draws it again.
    """

    def __init__(self, stream: TextIO) -> None:
        super().__init__()
        self.stream = stream
        self.sites: dict[str, str] = {}
        self.shown = False

    def filter(self, record: logging.LogRecord) -> bool:
        if self.shown:
            self.stream.write("\r\x1b[K")
            self.shown = False
        return True

    def show(self, site: str, text: str) -> None:
        """Set ``site``'s part and redraw the line."""
        self.sites[site] = text
        width = shutil.get_terminal_size((120, 24)).columns - 1
        line = " | ".join(self.sites.values())
        if len(line) > width:
            line = line[: max(width - 1, 0)] + "…"
        self.stream.write("\r\x1b[K" + line)
        self.stream.flush()
        self.shown = True

    def finish(self, site: str, text: str) -> None:
        """``site`` is done: leave its last line on the terminal and drop it from the line."""
        self.sites.pop(site, None)
        self.stream.write("\r\x1b[K" + text + "\n")
        self.shown = False
        if self.sites:
            self.show(next(iter(self.sites)), self.sites[next(iter(self.sites))])
        self.stream.flush()


def terminal_line(stream: TextIO) -> tuple[TerminalLine, logging.Handler | None]:
    """The process's TerminalLine: the one on the handler logging to ``stream``, else a new
    one put there (or standing alone when no handler writes to the terminal)."""
    handler = next(
        (
            h
            for h in logging.getLogger().handlers
            if isinstance(h, logging.StreamHandler) and getattr(h, "stream", None) is stream
        ),
        None,
    )
    if handler is not None:
        for existing in handler.filters:
            if isinstance(existing, TerminalLine):
                return existing, handler
    line = TerminalLine(stream)
    if handler is not None:
        handler.addFilter(line)
    return line, handler


class Progress:
    """The progress extension (one per crawler)."""

    def __init__(self, crawler: Crawler, interval: float, stream: TextIO | None) -> None:
        self.crawler = crawler
        self.interval = interval
        self.stream = stream
        self.languages: Counter[str] = Counter()
        self.task: Any = None
        self.line: TerminalLine | None = None
        self.handler: logging.Handler | None = None
        self.started = time.monotonic()
        self.last = (self.started, 0, 0)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Progress:
        interval = crawler.settings.getfloat("AGGNEWS_PROGRESS_INTERVAL")
        if interval <= 0:
            raise NotConfigured
        stream = sys.stderr if sys.stderr is not None and sys.stderr.isatty() else None
        ext = cls(crawler, interval, stream)
        crawler.signals.connect(ext.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(ext.item_scraped, signal=signals.item_scraped)
        crawler.signals.connect(ext.spider_closed, signal=signals.spider_closed)
        return ext

    def spider_opened(self, spider: Spider) -> None:
        self.started = time.monotonic()
        self.last = (self.started, 0, 0)
        if self.stream is not None:
            self.line, self.handler = terminal_line(self.stream)
        self.task = create_looping_call(self.report, spider)
        self.task.start(self.interval, now=False)

    def item_scraped(self, item: Any) -> None:
        self.languages[ItemAdapter(item).get("language") or "?"] += 1

    def summary(self, spider: Spider, rates: bool = True) -> str:
        """``masress: 120 stories (ar 100, en 20), 340 pages fetched, 45 queued,
        4 downloading, 3 failed, ...`` (rates over the last interval)."""
        get = self.crawler.stats.get_value
        stories = sum(self.languages.values())
        pages = get("response_received_count", 0)
        parts = [f"{stories} stories"]
        if self.languages:
            parts[0] += (
                " (" + ", ".join(f"{k} {v}" for k, v in sorted(self.languages.items())) + ")"
            )
        parts += [f"{pages} pages fetched", f"{self.queued()} queued"]
        engine = self.crawler.engine
        downloader = getattr(engine, "downloader", None) if engine is not None else None
        parts.append(f"{len(getattr(downloader, 'active', ()))} downloading")
        parts.append(f"{get('aggnews/failed_pages', 0)} failed")
        now = time.monotonic()
        if rates:
            then, pages_then, stories_then = self.last
            minutes = max(now - then, 1e-6) / 60
            parts.append(
                f"{(pages - pages_then) / minutes:.0f} pages/min, "
                f"{(stories - stories_then) / minutes:.0f} stories/min"
            )
            self.last = (now, pages, stories)
        parts.append(f"after {_duration(now - self.started)}")
        return f"{spider.name}: " + ", ".join(parts)

    def queued(self) -> int:
        """Requests waiting in the scheduler (its length, else enqueued minus dequeued)."""
        engine = self.crawler.engine
        scheduler = getattr(engine, "scheduler", None) if engine is not None else None
        try:
            return len(scheduler)  # type: ignore[arg-type]
        except Exception:  # a scheduler without a length, or a store that failed
            get = self.crawler.stats.get_value
            return max(get("scheduler/enqueued", 0) - get("scheduler/dequeued", 0), 0)

    def report(self, spider: Spider) -> None:
        text = self.summary(spider)
        if self.line is not None:
            self.line.show(spider.name, text)
        else:
            logger.info("Progress: %s", text, extra={"spider": spider})

    def spider_closed(self, spider: Spider, reason: str) -> None:
        if self.task is not None and self.task.running:
            self.task.stop()
        text = f"{self.summary(spider, rates=False)} ({reason})"
        if self.line is not None:
            self.line.finish(spider.name, text)
            if not self.line.sites and self.handler is not None:
                self.handler.removeFilter(self.line)
        else:
            logger.info("Progress: %s", text, extra={"spider": spider})


def _duration(seconds: float) -> str:
    minutes, secs = divmod(int(seconds), 60)
    hours, minutes = divmod(minutes, 60)
    if hours:
        return f"{hours}h{minutes:02d}m"
    return f"{minutes}m{secs:02d}s" if minutes else f"{secs}s"
