"""``scrapy crawlall``: every site's spider in one process, each writing its own feed."""

from __future__ import annotations

import argparse
import sys

from scrapy.commands import BaseRunSpiderCommand
from scrapy.exceptions import UsageError

from aggnews.commands.crawl import (
    EXIT_BAD_ARGUMENT,
    EXIT_STORE,
    EXIT_UNHEALTHY,
    run_failed,
    store_opens,
)
from aggnews.spiders.arguments import ArgumentError


class Command(BaseRunSpiderCommand):
    """Run all (or ``--sites``) spiders at once; exit 3 when any site's extraction fails."""

    requires_project = True

    def syntax(self) -> str:
        return "[options]"

    def short_desc(self) -> str:
        return "Run every site's spider in one process (for a single cron line)"

    def add_options(self, parser: argparse.ArgumentParser) -> None:
        super().add_options(parser)
        parser.add_argument(
            "--sites", default="", help="comma-separated site names (default: every site)"
        )

    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        if args:
            raise UsageError("crawlall takes no spider name; use --sites")
        assert self.crawler_process
        loader = self.crawler_process.spider_loader
        names = [s.strip() for s in opts.sites.split(",") if s.strip()] or sorted(loader.list())
        unknown = sorted(set(names) - set(loader.list()))
        if unknown:
            raise UsageError(f"unknown site {unknown[0]!r}; see 'scrapy list'")
        for name in names:
            try:
                loader.load(name).check_arguments(**opts.spargs)
            except ArgumentError as exc:
                sys.stderr.write(f"aggnews: error: {name}: {exc}\n")
                self.exitcode = EXIT_BAD_ARGUMENT
                return
        if not store_opens(self.settings):
            self.exitcode = EXIT_STORE
            return
        crawlers = []
        for name in names:
            crawler = self.crawler_process.create_crawler(name)
            self.crawler_process.crawl(crawler, **opts.spargs)
            crawlers.append(crawler)
        self.crawler_process.start()
        if self.crawler_process.bootstrap_failed:
            self.exitcode = 1
        elif any(run_failed(c) for c in crawlers):
            self.exitcode = EXIT_UNHEALTHY
