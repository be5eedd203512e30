"""``scrapy crawl``, checking spider arguments first and failing on broken extraction."""

from __future__ import annotations

import argparse
import sys

from scrapy.commands import ScrapyCommand
from scrapy.commands.crawl import Command as ScrapyCrawl
from scrapy.crawler import Crawler
from scrapy.exceptions import UsageError
from scrapy.settings import BaseSettings

from aggnews.ops.monitors import MONITOR_FAILED
from aggnews.ops.report import HEALTH_FAILED
from aggnews.spiders.arguments import ArgumentError
from aggnews.state.seen import StoreError, open_store

#: Exit status of a crawl whose extraction health check failed.
EXIT_UNHEALTHY = 3
EXIT_BAD_ARGUMENT = 2
#: Exit status when the seen-store cannot be opened (corrupt or locked): no feed is touched.
EXIT_STORE = 4


class Command(ScrapyCrawl):
    """Run a spider; exit 2 on a bad ``-a`` value, 3 when extraction falls apart."""

    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        if len(args) != 1:
            super().run(args, opts)
            return
        assert self.crawler_process
        spider_loader = self.crawler_process.spider_loader
        try:
            spider_cls = spider_loader.load(args[0])
        except KeyError:
            raise UsageError(f"no spider named {args[0]!r}; see 'scrapy list'") from None
        self.exitcode = run_crawls(self, [spider_cls], opts)


def run_crawls(command: ScrapyCommand, spiders: list[type], opts: argparse.Namespace) -> int:
    """Check arguments and the seen-store, run the crawls in one process; the exit status."""
    for spider_cls in spiders:
        check = getattr(spider_cls, "check_arguments", None)
        try:
            if check is not None:
                check(**opts.spargs)
        except ArgumentError as exc:
            prefix = f"{spider_cls.name}: " if len(spiders) > 1 else ""
            sys.stderr.write(f"aggnews: error: {prefix}{exc}\n")
            return EXIT_BAD_ARGUMENT
    if not store_opens(command.settings):
        return EXIT_STORE
    process = command.crawler_process
    assert process is not None
    crawlers = []
    for spider_cls in spiders:
        crawler = process.create_crawler(spider_cls.name)
        process.crawl(crawler, **opts.spargs)
        crawlers.append(crawler)
    process.start()
    if process.bootstrap_failed:
        return 1
    return EXIT_UNHEALTHY if any(run_failed(c) for c in crawlers) else 0


def run_failed(crawler: Crawler) -> bool:
    """True when the crawl's extraction health check or its monitoring failed."""
    stats = crawler.stats
    return bool(stats and (stats.get_value(HEALTH_FAILED) or stats.get_value(MONITOR_FAILED)))


def store_opens(settings: BaseSettings) -> bool:
    """Open the seen-store once before crawling; on failure say why in one line."""
    try:
        open_store(settings).close()
    except StoreError as exc:
        sys.stderr.write(f"aggnews: error: {exc}\n")
        return False
    except Exception as exc:  # a Redis store that cannot be reached
        sys.stderr.write(f"aggnews: error: cannot open the seen-store: {exc}\n")
        return False
    return True
