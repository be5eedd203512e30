"""Log lines for items: a dropped item is one short line (its URL and the reason), never the
whole item with its body."""

from __future__ import annotations

import logging
from typing import Any

from scrapy import Spider
from scrapy.exceptions import DropItem
from scrapy.http import Response
from scrapy.logformatter import LogFormatter, LogFormatterResult
from twisted.python.failure import Failure


class QuietLogFormatter(LogFormatter):
    """Scrapy's formatter, except ``dropped``: ``Dropped: <reason>`` at the level the
    pipeline gave the DropItem (``DEFAULT_DROPITEM_LOG_LEVEL`` otherwise). aggnews' reasons
    name the URL (``duplicate URL https://...``, ``emitted before: https://...``)."""

    def dropped(
        self,
        item: Any,
        exception: BaseException,
        response: Response | Failure | None,
        spider: Spider,
    ) -> LogFormatterResult:
        level = getattr(exception, "log_level", None)
        if level is None:
            level = spider.crawler.settings["DEFAULT_DROPITEM_LOG_LEVEL"]
        if isinstance(level, str):
            level = getattr(logging, level.upper())
        reason = str(exception) if isinstance(exception, DropItem) else repr(exception)
        return {"level": level, "msg": "Dropped: %(reason)s", "args": {"reason": reason}}
