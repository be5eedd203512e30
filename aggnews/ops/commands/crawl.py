"""``scrapy crawl``, checking spider arguments first and failing on broken extraction."""

from __future__ import annotations

import argparse
import logging
import sys
import warnings
from pathlib import Path

from scrapy.commands import ScrapyCommand
from scrapy.commands.crawl import Command as ScrapyCrawl
from scrapy.crawler import Crawler
from scrapy.exceptions import ScrapyDeprecationWarning, UsageError
from scrapy.settings import BaseSettings

from aggnews.ops.report import HEALTH_FAILED, UNREACHABLE
from aggnews.ops.storefault import store_failed
from aggnews.spiders.arguments import ArgumentError
from aggnews.state.lock import StateDirBusyError, StateLock
from aggnews.state.seen import STORE_FILE, StoreError, check_file, open_store

logger = logging.getLogger(__name__)

#: Exit status of a crawl whose extraction health check failed.
EXIT_UNHEALTHY = 3
EXIT_BAD_ARGUMENT = 2
#: Exit status when the seen-store cannot be opened or fails mid-crawl (corrupt or locked):
#: no feed is replaced.
EXIT_STORE = 4
#: Exit status when another crawl holds the state dir (AGGNEWS_STATE_DIR/crawl.lock).
EXIT_BUSY = 5
#: Exit status when a site was not reached: every start request failed.
EXIT_UNREACHABLE = 6
#: The process's status when sites differ (crawlall): the first of these any site has.
SEVERITY = (EXIT_STORE, EXIT_BUSY, EXIT_UNREACHABLE, EXIT_UNHEALTHY, 0)
_MEANING = {0: "ok", 3: "unhealthy", 4: "store failed", 5: "JOBDIR in use", 6: "not reached"}


class Command(ScrapyCrawl):
    """Run a spider; the exit statuses are in README ("Exit status and the end-of-crawl
    summary"): 2 bad ``-a`` value, 3 unhealthy, 4 store, 5 state dir busy, 6 not reached."""

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
    try:
        lock = hold_state_dir(command.settings)
    except StateDirBusyError as exc:
        sys.stderr.write(f"aggnews: error: {exc}\n")
        return EXIT_BUSY
    except OSError as exc:  # the state dir cannot be created or written
        sys.stderr.write(f"aggnews: error: cannot lock the state dir: {exc}\n")
        return EXIT_STORE
    # spidermon logs through the deprecated Spider.log(): nothing a user can act on.
    warnings.filterwarnings(
        "ignore", r"Spider\.log\(\) is deprecated", ScrapyDeprecationWarning, "spidermon"
    )
    try:
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
    finally:
        if lock is not None:
            lock.release()
    if process.bootstrap_failed:
        return 1
    statuses = {c.spidercls.name: crawl_status(c) for c in crawlers}
    status = next(s for s in SEVERITY if s in statuses.values())
    if len(statuses) > 1:
        logger.info(
            "Exit status %d; per site: %s",
            status,
            ", ".join(f"{n} {v} ({_MEANING[v]})" for n, v in statuses.items()),
        )
    return status


def crawl_status(crawler: Crawler) -> int:
    """One crawl's exit status: 4 store failed, 5 JOBDIR in use, 6 site not reached,
    3 unhealthy, else 0."""
    stats = crawler.stats
    if stats is None:
        return 0
    if store_failed(crawler):
        return EXIT_STORE
    if stats.get_value("aggnews/frontier/busy"):
        return EXIT_BUSY  # another crawl holds this JOBDIR
    if stats.get_value(UNREACHABLE):
        return EXIT_UNREACHABLE
    from aggnews.ops.monitors import MONITOR_FAILED  # spidermon: not for every command

    if stats.get_value(HEALTH_FAILED) or stats.get_value(MONITOR_FAILED):
        return EXIT_UNHEALTHY
    return 0


def hold_state_dir(settings: BaseSettings) -> StateLock | None:
    """Lock the state dir for this process; StateDirBusyError when another crawl holds it.

    None with ``AGGNEWS_REDIS_URL``: the seen-store is in Redis, shared by design, and the
    local file holds only near-duplicate clusters, whose short transactions SQLite serialises.
    """
    if settings.get("AGGNEWS_REDIS_URL"):
        return None
    lock = StateLock(Path(settings.get("AGGNEWS_STATE_DIR")))
    lock.acquire(wait=settings.getfloat("AGGNEWS_STATE_LOCK_WAIT"))
    return lock


def store_opens(settings: BaseSettings) -> bool:
    """Check the SQLite file (seen-store and clusters) and open the seen-store once before
    crawling; on failure say why in one line."""
    try:
        path = Path(settings.get("AGGNEWS_STATE_DIR")) / STORE_FILE
        check_file(path, timeout=settings.getfloat("AGGNEWS_STORE_TIMEOUT"))
        open_store(settings).close()
    except StoreError as exc:
        sys.stderr.write(f"aggnews: error: {exc}\n")
        return False
    except Exception as exc:  # a Redis store that cannot be reached
        sys.stderr.write(f"aggnews: error: cannot open the seen-store: {exc}\n")
        return False
    return True
