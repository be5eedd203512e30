"""Story extraction: each field from the first layer that yields it (see ``layers``).

The report says which layer gave each field, so stats show when a site's layout drifts;
an item that needed the generic layer for its title, body or date is marked ``fallback``.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urljoin, urlsplit
from zoneinfo import ZoneInfo

from scrapy.http import TextResponse

from aggnews.crawling.urls import canonical_url, story_id
from aggnews.dates import DateReader
from aggnews.extract.boilerplate import PAYWALL_PROMPT
from aggnews.extract.cues import find_published_line
from aggnews.extract.dating import StoryDating
from aggnews.extract.furniture import BREADCRUMBS, Furniture, is_repeatable, strip_page
from aggnews.extract.furniture import prepare as prepare_furniture
from aggnews.extract.headlines import strip_site_name
from aggnews.extract.html import PageParser, PageSource, raw_paragraphs, select
from aggnews.extract.language import LanguageGuesser
from aggnews.extract.layers import (
    LAST_RESORT_SOURCES,
    Layer,
    Page,
    body_layers,
    source_layers,
    source_url_layers,
    title_layers,
)
from aggnews.extract.metadata import PageMetadata, read_metadata
from aggnews.extract.outlets import (
    breadcrumb_outlet,
    outlet_frames,
    slug_link_names,
    story_slug,
)
from aggnews.extract.storyhead import strip_body_head
from aggnews.extract.ticker import spaced_headlines
from aggnews.items import NewsArticle
from aggnews.loaders import ArticleLoader
from aggnews.profile import SiteProfile
from aggnews.text import clean_text, comparable

#: Fields the health check and the report count as missing.
REQUIRED = ("title", "body", "date", "source")
#: A field from the generic layer makes the item a fallback extraction.
FALLBACK_FIELDS = ("title", "body", "date")
_MIN_BODY = 40
#: Layers that know no site: a field from one makes the item a fallback extraction.
_GENERIC_LAYERS = ("generic", "script")
#: Source layers the profile's ``body_source_pattern`` overrules.
_WEAK_SOURCE_LAYERS = ("metadata", "slug", "byline", "dateline")
#: Bound on remembered headlines and lines (cleared when passed).
_MEMORY = 20_000


@dataclass
class Extraction:
    """An extracted story and how it was found."""

    item: NewsArticle
    #: Field name -> layer that gave it ("selector", "metadata", "cue", "slug",
    #: "breadcrumb", "title", "listing", "byline", "dateline", "url", "script", "generic").
    layers: dict[str, str] = field(default_factory=dict)
    #: Fields of ``REQUIRED`` that no layer yielded.
    missing: list[str] = field(default_factory=list)
    #: Frame sources on the page (an aggregator framing the original).
    frames: list[str] = field(default_factory=list)
    #: The metadata date was dropped for the different day the page shows.
    overruled: bool = False
    #: ``comparable_body`` of the item's body and its MinHash signature (default scheme),
    #: when a worker process computed them.
    comparable_body: str | None = None
    signature: Any = None
    #: The signature's LSH band keys (``minhash.band_keys`` with the index's bands and rows).
    band_keys: Any = None


class StoryExtractor:
    """Extracts NewsArticle items from a site's story pages."""

    def __init__(self, profile: SiteProfile, mirror: str | None = None) -> None:
        self.profile = profile
        self.mirror = mirror
        self.parser = PageParser()
        zone = ZoneInfo(profile.timezone) if profile.timezone else None
        self.dates = DateReader(profile.languages, profile.date_locales, profile.date_order, zone)
        #: Ticker headlines seen on earlier pages (``comparable`` form), bounded.
        self.known_headlines: set[str] = set()
        #: Short lines of earlier pages (``comparable`` form) -> pages that showed them.
        self.seen_lines: Counter[str] = Counter()
        self._remembered: set[str] = set()
        self.loader_class = profile.loader or ArticleLoader
        self.dating = StoryDating(self.dates, zone)
        prepare_furniture(profile.boilerplate)
        self.languages = LanguageGuesser()
        #: Source slug -> outlet name, as the crawl's listings show it (bounded).
        self.outlets: dict[str, str] = {}
        ends = "|".join(f"(?:{p})" for p in profile.body_end)
        self._body_end = re.compile(ends, re.IGNORECASE) if ends else None

    def extract(
        self, response: TextResponse, url: str | None = None, listed_date: str | None = None
    ) -> Extraction:
        """Extract one story from ``response`` (``url`` overrides the response's URL)."""
        page = self._page(response, listed_date)
        loader = self.loader_class(  # a new item: only the fields a layer gave are output
            furniture=page.furniture,
            self_names=self.profile.self_names,
            body_end=self._body_end,
        )
        result = Extraction(item=NewsArticle(), frames=page.frames)
        self._fill(loader, result, "title", title_layers(page))
        title = loader.get_output_value("title")
        if page.title_index is None and title in page.lines:
            page.title_index = page.lines.index(title)
        self._vote(loader, result, "source", source_layers(page), LAST_RESORT_SOURCES)
        page.outlet = loader.get_output_value("source")
        self._fill(loader, result, "source_url", source_url_layers(page))
        self._fill(loader, result, "body", body_layers(page), min_len=_MIN_BODY)
        self.dating.fill(loader, result, page)
        item = loader.load_item()
        self._site_quirks(item, result)
        item.body = strip_body_head(item.body, (item.title, item.source), page.lines)
        item.url = self._story_url(url or response.url, page.meta)
        item.id = story_id(item.url)
        item.site = self.profile.name
        item.language = self.languages.story_language(
            self.profile, item.url, page.meta.language, item.body or ""
        )
        item.paywalled = page.meta.paywalled  # the profile's paywall marks included
        generic = any(result.layers.get(f) in _GENERIC_LAYERS for f in FALLBACK_FIELDS)
        item.extraction = "fallback" if generic else "profile"
        item.crawled_at = datetime.now(UTC).isoformat(timespec="seconds")
        result.item = item
        result.missing = [f for f in REQUIRED if not getattr(item, f)]
        return result

    def _page(self, response: TextResponse, listed_date: str | None) -> Page:
        root, utf8 = self.parser.parse(response)
        source = PageSource(response.text, utf8)
        meta = read_metadata(root, self.profile.self_names)
        paywall = self.profile.selectors.paywall
        meta.paywalled = meta.paywalled or bool(
            paywall and select(root, ", ".join(paywall), source)
        )
        frames = [
            el.get("src")
            for css in self.profile.selectors.frame
            for el in select(root, css, source)
            if el.get("src")
        ]
        if self.profile.follow_original:
            frames += outlet_frames(root, response.url, self.profile, self.mirror)
        trails = select(root, BREADCRUMBS, source)
        crumbs = breadcrumb_outlet(root, self.profile, trails=trails)
        slug = story_slug(self.profile, response.url)
        slug_names = slug_link_names(root, slug, response.url, source)
        learnt = [self.outlets[slug]] if slug in self.outlets else []
        report = strip_page(
            root, self.profile.furniture, source, self.profile.drop_embedded_posts, trails
        )
        headlines = {comparable(h) for h in report.headlines}
        body_el = root.find("body")
        lines: list[str] = []
        for raw in raw_paragraphs(body_el if body_el is not None else root):
            spaced = spaced_headlines(raw)
            if spaced:
                headlines.update(comparable(h) for h in spaced)
                continue
            line = clean_text(raw)
            if line:
                lines.append(line)
        # a paywall's prompt shown in the text marks the page as the markup would
        meta.paywalled = meta.paywalled or any(PAYWALL_PROMPT.fullmatch(line) for line in lines)
        # The ticker memory holds this page's headlines once it learnt them (no copy of it)
        fresh = self._remember(response.url, headlines, lines)
        known = self.known_headlines if fresh else headlines | self.known_headlines
        furniture = Furniture(self.profile.boilerplate, known, self.seen_lines)
        page = Page(
            profile=self.profile,
            url=response.url,
            root=root,
            meta=meta,
            lines=lines,
            furniture=furniture,
            published=None,
            mirror=self.mirror,
            listed_date=listed_date,
            frames=[urljoin(response.url, f) for f in frames],
            slug_names=slug_names,
            crumbs=crumbs,
            learnt_outlets=learnt,
            source=source,
        )
        page.published = find_published_line(lines, page.published_line)
        return page

    def learn_outlets(self, outlets: dict[str, str]) -> None:
        """Remember the outlet names a listing gave source slugs (first name seen wins)."""
        for slug, name in outlets.items():
            if len(self.outlets) < _MEMORY:
                self.outlets.setdefault(slug, name)

    def _remember(self, url: str, headlines: set[str], lines: list[str]) -> bool:
        """Learn this page's ticker and short lines, for the pages that follow (a page read
        again, as by ``refresh`` or a benchmark, is not counted twice); True if it learnt."""
        if url in self._remembered:
            return False
        if len(self.known_headlines) > _MEMORY or len(self.seen_lines) > _MEMORY:
            self.known_headlines.clear()
            self.seen_lines.clear()
            self._remembered.clear()
        self._remembered.add(url)
        self.known_headlines |= headlines
        self.seen_lines.update({comparable(line) for line in lines if is_repeatable(line)})
        return True

    @staticmethod
    def _fill(
        loader: ArticleLoader, result: Extraction, name: str, layers: list[Layer], min_len: int = 1
    ) -> None:
        for layer, get in layers:
            values = get()
            if not values:
                continue
            collected = loader.candidates(name, values)
            if sum(len(v) for v in collected) >= min_len:
                loader.keep(name, collected)
                result.layers[name] = layer
                return

    @staticmethod
    def _vote(
        loader: ArticleLoader,
        result: Extraction,
        name: str,
        layers: list[Layer],
        last_resort: frozenset[str] = frozenset(),
    ) -> None:
        """The value most layers agree on (after the loader's filters); on a tie, the one
        the earliest layer gave. The ``last_resort`` layers (last in ``layers``) run only
        if no other layer gave one."""
        found: list[tuple[str, str]] = []
        for layer, get in layers:
            if layer in last_resort and any(f[0] not in last_resort for f in found):
                break
            values = get()
            if not values:
                continue
            collected = loader.candidates(name, values)
            if collected:
                found.append((layer, collected[0]))
        if not found:
            return
        votes = Counter(comparable(value) for _, value in found)
        layer, value = max(found, key=lambda f: votes[comparable(f[1])])
        loader.keep(name, [value])
        result.layers[name] = layer

    def _site_quirks(self, item: NewsArticle, result: Extraction) -> None:
        """Profile data that spans fields: "headline | outlet" titles, outlet-first bodies."""
        if item.title and item.source:
            item.title = strip_site_name(item.title, (item.source,)) or item.title
        sep = self.profile.title_source_separator
        if sep and item.title and sep in item.title:
            headline, _, outlet = item.title.rpartition(sep)
            if headline.strip() and outlet.strip():
                item.title = headline.strip()
                if not item.source:
                    item.source = outlet.strip()
                    result.layers["source"] = result.layers.get("title", "selector")
        pattern = self.profile.body_source_pattern
        if pattern and item.body:
            # the outlet's line may open the text below the lines a page repeats (a headline
            # the body layer took in): read it there
            body = strip_body_head(item.body, (item.title, item.source)) or item.body
            match = re.match(pattern, body)
            if match:
                item.body = body[match.end() :].lstrip()
                # The profile's own pattern beats what metadata or slug links suggest.
                if not item.source or result.layers.get("source") in _WEAK_SOURCE_LAYERS:
                    item.source = clean_text(match.group("source"))
                    result.layers["source"] = result.layers.get("body", "selector")

    def _story_url(self, url: str, meta: PageMetadata) -> str:
        path = urlsplit(url).path
        if not self.profile.is_story_path(path) and meta.canonical:
            candidate = urljoin(url, meta.canonical)
            if self.profile.is_story_path(urlsplit(candidate).path):
                url = candidate
        return canonical_url(url, self.profile, self.mirror)
