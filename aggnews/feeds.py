"""Feeds: URI parameters and atomic local files."""

from __future__ import annotations

import logging
import os
import shutil
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Any

from scrapy import Spider
from scrapy.crawler import Crawler
from scrapy.extensions.feedexport import FileFeedStorage

from aggnews.ops.storefault import store_failed

logger = logging.getLogger(__name__)


def uri_params(params: dict[str, Any], spider: Spider) -> dict[str, Any]:
    """Add ``%(run)s``: the run's UTC start, 20261125T154832Z (sortable, no colons), and the
    Scrapyd job id when there is one, so two runs never share a file."""
    started = spider.crawler.stats.get_value("start_time") or datetime.now(UTC)
    run = started.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")
    job = getattr(spider, "_job", None)
    return {**params, "run": f"{run}-{job}" if job else run}


class AtomicFileFeedStorage(FileFeedStorage):
    """A local feed written under ``<name>.part`` and renamed when complete.

    A finished feed file therefore never ends in a partial line, and a crawl that dies
    leaves the previous file of that name (``-O``) untouched. Appending (``-o``) starts from a
    copy of the existing file. A crawl stopped by a failing seen-store (exit 4) does not rename
    either: its stories were not checked against earlier runs.
    """

    crawler: Crawler | None = None

    @classmethod
    def from_crawler(
        cls, crawler: Crawler, uri: str, *, feed_options: dict[str, Any] | None = None
    ) -> AtomicFileFeedStorage:
        storage = cls(uri, feed_options=feed_options)
        storage.crawler = crawler
        return storage

    def open(self, spider: Spider) -> IO[bytes]:
        final = Path(self.path)
        final.parent.mkdir(parents=True, exist_ok=True)
        self.part = final.with_name(final.name + ".part")
        if self.write_mode == "ab" and final.exists():
            shutil.copyfile(final, self.part)
        else:
            self.part.unlink(missing_ok=True)
        return self.part.open(self.write_mode)

    def store(self, file: IO[bytes]) -> None:
        file.flush()
        os.fsync(file.fileno())
        file.close()
        if self.crawler is not None and store_failed(self.crawler):
            logger.warning(
                "%s not replaced: the seen-store failed; this run's stories are in %s",
                self.path,
                self.part,
                extra={"spider": self.crawler.spider},
            )
            return
        os.replace(self.part, self.path)
