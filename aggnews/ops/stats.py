"""The crawl's stats collector: Scrapy's own, without its per-attribute-access shim.

Scrapy 2.19's ``StatsCollector.__getattribute__`` wraps every stats method to warn about a
deprecated ``spider`` argument, and runs (a failed lookup and a caught AttributeError) on
every attribute access, ``self._stats`` included: about 3 % of a crawl's CPU, since each
story page sets dozens of stats. aggnews never passes ``spider``; the methods still accept it.
"""

from __future__ import annotations

from scrapy.statscollectors import MemoryStatsCollector


class CrawlStats(MemoryStatsCollector):
    """``MemoryStatsCollector`` with plain attribute access."""

    __getattribute__ = object.__getattribute__
