"""A spider that only fetches: listing pages, their pagination and every story link.

Scrapy's ceiling for bench/crawl_speed.py: the same requests as the real spider, no
extraction, no items.
"""

from __future__ import annotations

import re
from collections.abc import AsyncIterator, Iterator
from typing import ClassVar

import scrapy
from scrapy.http import Response

STORY = re.compile(r"^/[a-z0-9]+/\d+$")


class NoopSpider(scrapy.Spider):
    name = "noop"
    custom_settings: ClassVar[dict] = {
        "ROBOTSTXT_OBEY": False,
        "ITEM_PIPELINES": {},
        "EXTENSIONS": {},
    }

    def __init__(self, origin: str, **kwargs: object) -> None:
        super().__init__(**kwargs)
        self.origin = origin

    async def start(self) -> AsyncIterator[scrapy.Request]:
        yield scrapy.Request(self.origin + "/", callback=self.parse)
        yield scrapy.Request(self.origin + "/rss", callback=self.parse)

    def parse(self, response: Response) -> Iterator[scrapy.Request]:
        if "xml" in response.headers.get("Content-Type", b"").decode():
            links = response.xpath("//link/text()").getall()
        else:
            links = response.css("a::attr(href)").getall()
        for href in links:
            url = response.urljoin(href)
            path = url.split(self.origin, 1)[-1]
            if STORY.match(path):
                yield response.follow(url, callback=self.story, priority=10)
            elif path.split("?")[0].count("/") <= 1:
                yield response.follow(url, callback=self.parse)

    def story(self, response: Response) -> None:
        return None
