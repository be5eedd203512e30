"""Feed URI parameters."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from scrapy import Spider


def uri_params(params: dict[str, Any], spider: Spider) -> dict[str, Any]:
    """Add ``%(run)s``: the run's UTC start, 20261125T154832Z (sortable, no colons), and the
    Scrapyd job id when there is one, so two runs never share a file."""
    started = spider.crawler.stats.get_value("start_time") or datetime.now(UTC)
    run = started.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")
    job = getattr(spider, "_job", None)
    return {**params, "run": f"{run}-{job}" if job else run}
