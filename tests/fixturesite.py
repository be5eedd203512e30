"""Reading fixture mini-sites (tests/fixtures/<site>/meta.json) for tests."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from scrapy.http import HtmlResponse

from aggnews.crawling.urls import canonical_url
from aggnews.sites import load_profiles

FIXTURES = Path(__file__).resolve().parent / "fixtures"
SCHEMA = Path(__file__).resolve().parent.parent / "aggnews" / "schema" / "newsarticle.schema.json"


@dataclass(frozen=True)
class FixturePage:
    """One page of a fixture mini-site."""

    site: str
    name: str
    url: str
    expected: dict | None
    duplicate_of: str | None
    #: URL of the outlet's page (another page of the fixture) the story's body comes from.
    original: str | None = None

    @property
    def path(self) -> Path:
        return FIXTURES / self.site / self.name

    def response(self) -> HtmlResponse:
        """The page as the spider would receive it."""
        return HtmlResponse(url=self.url, body=self.path.read_bytes())


def load_meta(site: str) -> dict:
    """The site's meta.json (FileNotFoundError when the site has no fixtures)."""
    return json.loads((FIXTURES / site / "meta.json").read_text(encoding="utf-8"))


def pages(site: str) -> list[FixturePage]:
    """Every page of the site's fixture mini-site."""
    meta = load_meta(site)
    result = []
    for name, page in meta["pages"].items():
        expected = None
        if page.get("expected"):
            expected = json.loads((FIXTURES / site / page["expected"]).read_text("utf-8"))
        result.append(
            FixturePage(
                site, name, page["url"], expected, page.get("duplicate_of"), page.get("original")
            )
        )
    return result


def story_pages(site: str) -> list[FixturePage]:
    """Pages with an expected item."""
    return [p for p in pages(site) if p.expected is not None]


def schema() -> dict:
    """The item JSON Schema."""
    return json.loads(SCHEMA.read_text(encoding="utf-8"))


def expected_urls(site: str) -> tuple[set[str], list[tuple[str, str]]]:
    """Story URLs a crawl must emit, and (original, duplicate) pairs of which one is kept.

    Which copy of a pair a crawl keeps depends on which page arrives first, so either
    may be the one emitted.
    """
    profile = load_profiles()[site]
    stories = {canonical_url(p.url, profile) for p in pages(site) if p.expected}
    pairs = [
        (canonical_url(p.duplicate_of, profile), canonical_url(p.url, profile))
        for p in pages(site)
        if p.duplicate_of
    ]
    return stories, pairs


def emitted_matches(site: str, urls: list[str]) -> None:
    """Assert a full crawl emitted every story once, and one copy of each duplicate pair."""
    stories, pairs = expected_urls(site)
    assert len(urls) == len(set(urls)), "a story was emitted twice"
    got = set(urls)
    for original, duplicate in pairs:
        assert len(got & {original, duplicate}) == 1, f"{original} and its duplicate"
        if duplicate in got:
            got = (got - {duplicate}) | {original}
    assert got == stories


def by_original_url(site: str, items: list[dict]) -> dict[str, dict]:
    """Items by URL, where a kept duplicate also stands under its original's URL."""
    by_url = {item["url"]: item for item in items}
    for original, duplicate in expected_urls(site)[1]:
        if original not in by_url and duplicate in by_url:
            by_url[original] = by_url[duplicate]
    return by_url
