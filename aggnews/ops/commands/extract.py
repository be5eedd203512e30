"""``scrapy extract SITE PAGE.html ... [--url URL]``: run a site's loaders on stored pages.

The extraction code is imported by ``run`` only: Scrapy imports every command module to
list the commands, so anything imported here would slow every ``scrapy`` command.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import ClassVar

from scrapy.commands import ScrapyCommand
from scrapy.exceptions import UsageError

from aggnews.sites import load_profiles

#: Exit status when the pages given are no story pages (a listing, a home page).
NOT_A_STORY = 7


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
        # The extraction code, imported here only (see the module's docstring).
        from aggnews.extract.article import StoryExtractor
        from aggnews.ops.pages import NO_URL, extract_page, named_url
        from aggnews.profile import generic_profile

        failures = listings = 0
        for index, page in enumerate(pages):
            # A fresh extractor per page: each page's output depends on that page alone.
            if site == "generic":
                url = opts.url[index] if opts.url else named_url(Path(page))
                extractor = StoryExtractor(generic_profile(url or NO_URL))
                url = url or NO_URL
            else:
                extractor = StoryExtractor(profiles[site])
                url = opts.url[index] if opts.url else f"{extractor.profile.origin}/"
            line, ok = extract_page(extractor, Path(page), url, bool(opts.url))
            if ok and line.get("url", "").startswith(NO_URL):
                line["url"] = line["id"] = None
            failures += not ok
            listings += str(line.get("error", "")).startswith("not a story page")
            sys.stdout.write(json.dumps(line, ensure_ascii=False) + "\n")
        # 0: every page a story; 7: every failing page was no story page; 1: otherwise
        self.exitcode = 0 if not failures else NOT_A_STORY if listings == failures else 1
