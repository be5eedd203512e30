"""One spider class per site profile, so every aggregator can be crawled by its name.

Imported by ``aggnews.spiders.loader`` when a crawl loads a spider (and by Scrapy's own
spider loader, which walks ``SPIDER_MODULES``).
"""

from __future__ import annotations

from aggnews.sites import load_profiles
from aggnews.spiders.aggregator import AggregatorSpider


def _spider_class(name: str) -> type[AggregatorSpider]:
    profile = PROFILES[name]
    return type(
        f"{name.capitalize()}Spider",
        (AggregatorSpider,),
        {
            "name": name,
            "profile": profile,
            "__module__": __name__,
            "__doc__": f"Crawls {profile.origin}.",
        },
    )


PROFILES = load_profiles()
for _name in PROFILES:
    globals()[f"{_name.capitalize()}Spider"] = _spider_class(_name)
