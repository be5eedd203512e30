"""Scrapy's spider loader for aggnews: names from the site profiles, classes on demand.

Scrapy's own loader imports every spider module to list the spiders, and with them the
whole extraction stack (trafilatura, dateparser, py3langid, numpy, ...), which made
``scrapy list`` (and Scrapyd, which lists a project before scheduling) pay for code it
never runs. This loader lists the site profiles, which import nothing heavy, and imports
``aggnews.spiders.sites`` only when a spider is loaded for a crawl.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from aggnews.sites import load_profiles

if TYPE_CHECKING:
    from scrapy import Request, Spider
    from scrapy.settings import BaseSettings


class SiteSpiderLoader:
    """One spider per site profile (``SPIDER_LOADER_CLASS``)."""

    def __init__(self, names: list[str]) -> None:
        self._names = sorted(names)

    @classmethod
    def from_settings(cls, settings: BaseSettings) -> SiteSpiderLoader:
        return cls(list(load_profiles()))

    def list(self) -> list[str]:
        """The names of every site's spider."""
        return list(self._names)

    def load(self, spider_name: str) -> type[Spider]:
        """The spider class of a site; KeyError for an unknown name."""
        if spider_name not in self._names:
            raise KeyError(f"Spider not found: {spider_name}")
        from aggnews.spiders import sites  # the crawling and extraction code, now needed

        return getattr(sites, f"{spider_name.capitalize()}Spider")

    def find_by_request(self, request: Request) -> list[str]:
        """The sites whose spider handles ``request``."""
        return [name for name in self._names if self.load(name).handles_request(request)]
