"""Story extraction: each field from the first layer that yields it.

Layers, in order: the profile's selectors, page metadata, text cues, a generic rule.
The report says which layer gave each field, so stats show when a site's layout drifts.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from urllib.parse import urljoin, urlsplit

from lxml.html import HtmlElement
from parsel import Selector
from scrapy.http import TextResponse

from aggnews.dates import DateReader, find_date_text, normalise_date_text
from aggnews.extract.cues import find_published_line, parse_published_line, read_at_source_links
from aggnews.extract.furniture import Furniture, is_repeatable, strip_page
from aggnews.extract.generic import longest_run, page_titles
from aggnews.extract.html import paragraphs, raw_paragraphs, text_of
from aggnews.extract.metadata import PageMetadata, read_metadata
from aggnews.extract.ticker import spaced_headlines
from aggnews.items import NewsArticle
from aggnews.loaders import ArticleLoader
from aggnews.profile import SiteProfile
from aggnews.text import clean_text, comparable
from aggnews.urls import belongs_to, canonical_url, story_id

REQUIRED = ("title", "body", "date", "source")
_MIN_BODY = 40
#: Bound on remembered headlines and lines (cleared when passed).
_MEMORY = 100_000
Layer = tuple[str, Callable[[], object]]


@dataclass
class Extraction:
    """An extracted story and how it was found."""

    item: NewsArticle
    #: Field name -> layer that gave it ("selector", "metadata", "cue", "generic").
    layers: dict[str, str] = field(default_factory=dict)
    #: Fields of ``REQUIRED`` that no layer yielded.
    missing: list[str] = field(default_factory=list)
    #: Ticker headlines removed from this page.
    ticker: set[str] = field(default_factory=set)


@dataclass
class _Page:
    root: HtmlElement
    sel: Selector
    meta: PageMetadata
    lines: list[str]
    published: tuple[int, object] | None
    title_index: int | None = None


def _source_name(text: str) -> str:
    """The outlet named in a source element: its "Published in" line, or the text less its date."""
    parsed = parse_published_line(text)
    if parsed:
        return parsed.source
    date = find_date_text(text)
    if date:
        text = normalise_date_text(text).replace(date, " ")
    return text.strip(" -|–—:،,")


class StoryExtractor:
    """Extracts NewsArticle items from a site's story pages."""

    def __init__(self, profile: SiteProfile, mirror: str | None = None) -> None:
        self.profile = profile
        self.mirror = mirror
        self.dates = DateReader(profile.languages, profile.date_locales)
        #: Ticker headlines seen on earlier pages (``comparable`` form), bounded.
        self.known_headlines: set[str] = set()
        #: Short lines of earlier pages (``comparable`` form) -> pages that showed them.
        self.seen_lines: Counter[str] = Counter()
        self.loader_class = profile.loader or ArticleLoader

    def extract(self, response: TextResponse, url: str | None = None) -> Extraction:
        """Extract one story from ``response`` (``url`` overrides the response's URL)."""
        root = response.selector.root
        meta = read_metadata(root, self.profile.self_names)
        report = strip_page(root, self.profile.furniture)
        headlines = {comparable(h) for h in report.headlines}
        body_el = root.find("body")
        lines: list[str] = []
        for raw in raw_paragraphs(body_el if body_el is not None else root):
            spaced = spaced_headlines(raw)
            if spaced:
                headlines.update(comparable(h) for h in spaced)
                report.headlines.update(spaced)
                continue
            line = clean_text(raw)
            if line:
                lines.append(line)
        furniture = Furniture(
            self.profile.boilerplate, headlines | self.known_headlines, self.seen_lines
        )
        self._remember(headlines, lines)
        page = _Page(root, Selector(root=root), meta, lines, find_published_line(lines))
        loader = self.loader_class(
            item=NewsArticle(), furniture=furniture, self_names=self.profile.self_names
        )
        result = Extraction(item=NewsArticle(), ticker=set(report.headlines))
        self._fill(loader, result, "title", self._title_layers(page, furniture))
        self._fill(loader, result, "source", self._source_layers(page))
        self._fill(loader, result, "source_url", self._source_url_layers(page, response.url))
        self._fill(loader, result, "body", self._body_layers(page, furniture), min_len=_MIN_BODY)
        self._fill_date(loader, result, page)
        item = loader.load_item()
        item.url = self._story_url(url or response.url, meta)
        item.id = story_id(item.url)
        item.site = self.profile.name
        item.language = self._language(item.url, meta)
        item.crawled_at = datetime.now(UTC).isoformat(timespec="seconds")
        result.item = item
        result.missing = [f for f in REQUIRED if not getattr(item, f)]
        return result

    def _remember(self, headlines: set[str], lines: list[str]) -> None:
        """Learn this page's ticker and short lines, for the pages that follow."""
        if len(self.known_headlines) > _MEMORY:
            self.known_headlines.clear()
        if len(self.seen_lines) > _MEMORY:
            self.seen_lines.clear()
        self.known_headlines |= headlines
        self.seen_lines.update({comparable(line) for line in lines if is_repeatable(line)})

    @staticmethod
    def _fill(
        loader: ArticleLoader, result: Extraction, name: str, layers: list[Layer], min_len: int = 1
    ) -> None:
        for layer, get in layers:
            values = get()
            if not values:
                continue
            loader.add_value(name, values)
            collected = loader.get_collected_values(name)
            if sum(len(v) for v in collected) >= min_len:
                result.layers[name] = layer
                return
            loader.replace_value(name, None)

    def _fill_date(self, loader: ArticleLoader, result: Extraction, page: _Page) -> None:
        published = page.published[1] if page.published else None
        candidates: list[tuple[str, str | None]] = [
            ("selector", self._date_from_selectors(page)),
            ("metadata", page.meta.date),
            ("cue", published.date if published else None),
            ("generic", self._date_near_title(page)),
        ]
        for layer, raw in candidates:
            parsed = self.dates.parse(raw)
            if parsed:
                loader.add_value("date", parsed.iso)
                loader.add_value("date_raw", clean_text(raw))
                result.layers["date"] = layer
                return

    def _css(self, page: _Page, selectors: tuple[str, ...]) -> list[HtmlElement]:
        for css in selectors:
            found = [s.root for s in page.sel.css(css) if isinstance(s.root, HtmlElement)]
            if found:
                return found
        return []

    def _title_layers(self, page: _Page, furniture: Furniture) -> list[Layer]:
        def cue() -> list[str]:
            if not page.published:
                return []
            index = page.published[0]
            before = [i for i in range(index) if not furniture.is_boilerplate(page.lines[i])]
            if not before:
                return []
            page.title_index = before[-1]
            return [page.lines[before[-1]]]

        return [
            (
                "selector",
                lambda: [text_of(el) for el in self._css(page, self.profile.selectors.title)],
            ),
            ("metadata", lambda: [self._strip_site_name(page.meta.title or "")]),
            ("cue", cue),
            ("generic", lambda: [self._strip_site_name(t) for t in page_titles(page.root)]),
        ]

    def _source_layers(self, page: _Page) -> list[Layer]:
        def selector() -> list[str]:
            texts = [text_of(el) for el in self._css(page, self.profile.selectors.source)]
            return [_source_name(t) for t in texts]

        published = page.published[1] if page.published else None
        return [
            ("selector", selector),
            ("metadata", lambda: [page.meta.source or ""]),
            ("cue", lambda: [published.source] if published else []),
        ]

    def _source_url_layers(self, page: _Page, base: str) -> list[Layer]:
        def external(hrefs: list[str]) -> list[str]:
            urls = (urljoin(base, h) for h in hrefs)
            return [
                u
                for u in urls
                if urlsplit(u).scheme in ("http", "https")
                and not belongs_to(u, self.profile, self.mirror)
            ]

        def selector() -> list[str]:
            els = self._css(page, self.profile.selectors.source_url)
            return external([el.get("href", "") for el in els])

        return [
            ("selector", selector),
            ("cue", lambda: external(read_at_source_links(page.root))),
            ("metadata", lambda: external([page.meta.source_url or ""])),
        ]

    def _body_layers(self, page: _Page, furniture: Furniture) -> list[Layer]:
        def cue() -> list[str]:
            if not page.published:
                return []
            return longest_run(page.lines[page.published[0] + 1 :], furniture)

        def generic() -> list[str]:
            start = page.title_index + 1 if page.title_index is not None else 0
            return longest_run(page.lines[start:], furniture) or longest_run(page.lines, furniture)

        return [
            ("selector", lambda: paragraphs(self._css(page, self.profile.selectors.body))),
            ("metadata", lambda: (page.meta.body or "").splitlines()),
            ("cue", cue),
            ("generic", generic),
        ]

    def _date_from_selectors(self, page: _Page) -> str | None:
        for el in self._css(page, self.profile.selectors.date):
            text = text_of(el)
            parsed = parse_published_line(text)
            raw = parsed.date if parsed else (el.get("datetime") or find_date_text(text))
            if raw:
                return raw
        return None

    def _date_near_title(self, page: _Page) -> str | None:
        start = page.title_index if page.title_index is not None else 0
        for line in page.lines[start : start + 6]:
            if len(line) < 120:
                found = find_date_text(line)
                if found:
                    return found
        return None

    def _strip_site_name(self, title: str) -> str:
        for name in self.profile.self_names:
            name = re.escape(name)
            title = re.sub(
                rf"\s+[|\-–—:]\s+{name}\s*$|^\s*{name}\s+[|\-–—:]\s+", "", title, flags=re.I
            )
        return title.strip()

    def _story_url(self, url: str, meta: PageMetadata) -> str:
        path = urlsplit(url).path
        if not self.profile.is_story_path(path) and meta.canonical:
            candidate = urljoin(url, meta.canonical)
            if self.profile.is_story_path(urlsplit(candidate).path):
                url = candidate
        return canonical_url(url, self.profile, self.mirror)

    def _language(self, url: str, meta: PageMetadata) -> str:
        path = urlsplit(url).path
        if len(self.profile.editions) == 1 or self.profile.is_story_path(path):
            return self.profile.edition_for_path(path).language
        lang = (meta.language or "").split("-")[0].lower()
        return lang if lang in self.profile.languages else self.profile.languages[0]
