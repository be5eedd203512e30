"""Extraction of one stored page for ``scrapy extract``: its JSON line, or why none."""

from __future__ import annotations

from dataclasses import asdict
from pathlib import Path
from urllib.parse import urlsplit

import lxml.html
from lxml import etree
from scrapy.http import HtmlResponse

from aggnews.crawling.charset import fix_encoding
from aggnews.extract.article import StoryExtractor
from aggnews.extract.pagekind import headline_links, not_a_story
from aggnews.pipelines.validate import REQUIRED_FIELDS

#: Stands for "no URL" while a generic page without one is extracted.
NO_URL = "https://unknown.invalid/"


def extract_page(
    extractor: StoryExtractor, path: Path, url: str, url_given: bool
) -> tuple[dict[str, object], bool]:
    """The page's item as a dict and True, or {"page", "error"} and False."""
    try:
        body = path.read_bytes()
    except OSError as exc:
        return {"page": str(path), "error": f"cannot read: {exc.strerror}"}, False
    if not body.strip():
        return {"page": str(path), "error": "empty page"}, False
    response, _ = fix_encoding(HtmlResponse(url=url, body=body))
    root = response.selector.root
    headlines = headline_links(root, response.url)
    result = extractor.extract(response)
    item = asdict(result.item)
    generic = extractor.profile.name == "generic"
    kind = not_a_story(
        root,
        item["url"] if url_given or generic else url,
        extractor.profile,
        item.get("body"),
        headlines,
    )
    if kind and (url_given or generic or "headline links" in kind):
        return {"page": str(path), "error": f"not a story page: {kind}"}, False
    path_of_url = urlsplit(item["url"]).path
    if not url_given and not generic and not extractor.profile.is_story_path(path_of_url):
        return {"page": str(path), "error": "no --url and the page names no story URL"}, False
    missing = [f for f in REQUIRED_FIELDS if not item.get(f)]
    if missing:
        return {"page": str(path), "error": f"no {' or '.join(missing)} found"}, False
    return item, True


def named_url(path: Path) -> str | None:
    """The page's own canonical or og:url, read from the stored file."""
    try:
        root = lxml.html.fromstring(path.read_bytes())
    except (OSError, ValueError, etree.ParserError):
        return None
    found = root.xpath('//link[@rel="canonical"]/@href | //meta[@property="og:url"]/@content')
    urls = [u.strip() for u in found if u.strip().startswith(("http://", "https://"))]
    return urls[0] if urls else None
