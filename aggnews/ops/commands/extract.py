"""``scrapy extract SITE PAGE.html ... [--url URL]``: run a site's loaders on stored pages."""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import asdict
from pathlib import Path
from typing import ClassVar
from urllib.parse import urlsplit

import lxml.html
from lxml import etree
from scrapy.commands import ScrapyCommand
from scrapy.exceptions import UsageError
from scrapy.http import HtmlResponse

from aggnews.crawling.charset import fix_encoding
from aggnews.extract.article import StoryExtractor
from aggnews.extract.pagekind import headline_links, not_a_story
from aggnews.pipelines.validate import REQUIRED_FIELDS
from aggnews.profile import generic_profile
from aggnews.sites import load_profiles


class Command(ScrapyCommand):
    """Print one JSON line per page; exit 1 when some page yields no story, 7 when every
    such page is no story page at all (a listing, a home page)."""

    requires_project = True
    requires_crawler_process = False
    default_settings: ClassVar[dict[str, object]] = {"LOG_ENABLED": False}

    def syntax(self) -> str:
        return "<site|generic> PAGE.html [PAGE.html ...] [--url URL ...]"

    def short_desc(self) -> str:
        return "Extract stories from stored HTML pages with a site's loaders"

    def add_options(self, parser: argparse.ArgumentParser) -> None:
        super().add_options(parser)
        parser.add_argument(
            "--url",
            action="append",
            default=[],
            help="the page's URL (once per page, in order; optional when the page names "
            "its canonical URL)",
        )

    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        if len(args) < 2:
            raise UsageError("give a site and at least one page")
        profiles = load_profiles()
        site, pages = args[0], args[1:]
        if site != "generic" and site not in profiles:
            raise UsageError(f"unknown site {site!r}; known: {', '.join(sorted(profiles))}")
        if opts.url and len(opts.url) != len(pages):
            raise UsageError(f"{len(pages)} pages but {len(opts.url)} --url values")
        failures = listings = 0
        for index, page in enumerate(pages):
            # A fresh extractor per page: each page's output depends on that page alone.
            if site == "generic":
                url = opts.url[index] if opts.url else _named_url(Path(page))
                extractor = StoryExtractor(generic_profile(url or _NO_URL))
                url = url or _NO_URL
            else:
                extractor = StoryExtractor(profiles[site])
                url = opts.url[index] if opts.url else f"{extractor.profile.origin}/"
            line, ok = self._extract_one(extractor, Path(page), url, bool(opts.url))
            if ok and line.get("url", "").startswith(_NO_URL):
                line["url"] = line["id"] = None
            failures += not ok
            listings += str(line.get("error", "")).startswith("not a story page")
            sys.stdout.write(json.dumps(line, ensure_ascii=False) + "\n")
        # 0: every page a story; 7: every failing page was no story page; 1: otherwise
        self.exitcode = 0 if not failures else NOT_A_STORY if listings == failures else 1

    @staticmethod
    def _extract_one(
        extractor: StoryExtractor, path: Path, url: str, url_given: bool
    ) -> tuple[dict[str, object], bool]:
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


#: Exit status when the pages given are no story pages (a listing, a home page).
NOT_A_STORY = 7
#: Stands for "no URL" while a generic page without one is extracted.
_NO_URL = "https://unknown.invalid/"


def _named_url(path: Path) -> str | None:
    """The page's own canonical or og:url, read from the stored file."""
    try:
        root = lxml.html.fromstring(path.read_bytes())
    except (OSError, ValueError, etree.ParserError):
        return None
    found = root.xpath('//link[@rel="canonical"]/@href | //meta[@property="og:url"]/@content')
    urls = [u.strip() for u in found if u.strip().startswith(("http://", "https://"))]
    return urls[0] if urls else None
