"""``scrapy crawlall``: every site's spider in one process, each writing its own feed."""

from __future__ import annotations

import argparse

from scrapy.commands import BaseRunSpiderCommand
from scrapy.exceptions import UsageError

from aggnews.ops.commands.crawl import run_crawls


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
        self.exitcode = run_crawls(self, [loader.load(name) for name in names], opts)
