"""The candidate values of each field, layer by layer, for one stripped story page.

Layers, in order: ``selector`` (the profile), ``metadata`` (JSON-LD, meta tags, ``<time>``),
``cue`` (text cues such as "Published in X on DATE"), ``listing`` (the date shown beside the
link on the listing page), ``url`` (a date in the story URL), ``generic`` (rules that know no
site, then trafilatura).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from lxml.html import HtmlElement

from aggnews.crawling.urls import belongs_to, join_url
from aggnews.extract.cues import (
    PublishedLine,
    find_source_line,
    parse_published_line,
    read_at_source,
    source_name,
)
from aggnews.extract.embedded import EmbeddedStory, shell_story
from aggnews.extract.fallback import Fallback, run_fallback
from aggnews.extract.furniture import Furniture
from aggnews.extract.generic import (
    continued,
    fallback_body,
    longest_run,
    within_story,
)
from aggnews.extract.headlines import (
    headline_part,
    line_above_story,
    nearest_heading,
    page_titles,
    strip_site_name,
)
from aggnews.extract.html import PageSource, paragraphs, select, text_of
from aggnews.extract.metadata import PageMetadata
from aggnews.extract.outlets import byline_outlets, original_links, title_outlets
from aggnews.extract.storyhead import date_near_title, dateline_agency, named_beside_date
from aggnews.profile import SiteProfile

Layer = tuple[str, Callable[[], list[str]]]


@dataclass
class Page:
    """A story page after furniture removal, with what every layer needs."""

    profile: SiteProfile
    url: str
    root: HtmlElement
    meta: PageMetadata
    lines: list[str]
    furniture: Furniture
    published: tuple[int, PublishedLine] | None
    mirror: str | None = None
    listed_date: str | None = None
    frames: list[str] = field(default_factory=list)
    #: Texts of links to the story's source-slug listing (see ``slug_link_names``).
    slug_names: list[str] = field(default_factory=list)
    #: The outlet the page's breadcrumb trail names (see ``outlets.breadcrumb_outlet``).
    crumbs: list[str] = field(default_factory=list)
    #: Names the crawl's listings gave the story's source slug.
    learnt_outlets: list[str] = field(default_factory=list)
    title_index: int | None = None
    #: The outlet the source layers chose (set once they have voted).
    outlet: str | None = None
    #: The page's HTML (lets ``css`` skip selectors the page cannot match).
    source: PageSource | None = None
    _fallback: Fallback | None = None
    _read_at_source: tuple[list[str], list[str]] | None = None
    _embedded: tuple[EmbeddedStory, list[str]] | bool = False
    #: Selections and "Published in" readings made so far (the tree no longer changes).
    _selected: dict[str, list[HtmlElement]] = field(default_factory=dict)
    _published_lines: dict[str, PublishedLine | None] = field(default_factory=dict)

    def css(self, selectors: tuple[str, ...]) -> list[HtmlElement]:
        """Elements of the first selector that matches (each selector run once a page)."""
        selected = self._selected
        for css in selectors:
            found = selected.get(css)
            if found is None:
                found = selected[css] = select(self.root, css, self.source)
            if found:
                return found
        return []

    def published_line(self, text: str) -> PublishedLine | None:
        """``parse_published_line(text)``, read once a page."""
        lines = self._published_lines
        if text not in lines:
            lines[text] = parse_published_line(text)
        return lines[text]

    @property
    def text(self) -> str | None:
        """The page's HTML as text, when the extractor gave it."""
        return self.source.text if self.source is not None else None

    def fallback(self) -> Fallback:
        """trafilatura's reading of the stripped page (run once, when first needed)."""
        if self._fallback is None:
            self._fallback = run_fallback(self.root, self.url)
        return self._fallback

    def embedded(self) -> tuple[EmbeddedStory, list[str]] | None:
        """On a page that shows next to no text, the story its scripts hold and its lines,
        when those are at least twice what the page shows (read once)."""
        if self._embedded is False:
            shell = shell_story(self.text, self.lines, self.furniture) if self.text else None
            self._embedded = shell or True
        return self._embedded if isinstance(self._embedded, tuple) else None

    def read_at_source(self) -> tuple[list[str], list[str]]:
        """The "read at source" links' hrefs and the outlets they name (read once)."""
        if self._read_at_source is None:
            self._read_at_source = read_at_source(self.root)
        return self._read_at_source

    def external(self, hrefs: list[str]) -> list[str]:
        """Absolute http(s) links of ``hrefs`` that leave the site."""
        urls = (join_url(self.url, h.strip()) for h in hrefs if h and h.strip())
        return [
            u
            for u in urls
            if urlsplit(u).scheme in ("http", "https")
            and not belongs_to(u, self.profile, self.mirror)
        ]


def title_layers(page: Page) -> list[Layer]:
    names = page.profile.self_names

    def cue() -> list[str]:
        """The heading just above the "Published in" line, else the line just above it."""
        if not page.published:
            return []
        index = page.published[0]
        before = [i for i in range(index) if not page.furniture.is_boilerplate(page.lines[i])]
        if not before:
            return []
        headings = set(heading_texts(page.root))
        near = before[-_TITLE_LOOKBACK:]
        chosen = next((i for i in reversed(near) if page.lines[i] in headings), before[-1])
        page.title_index = chosen
        return [page.lines[chosen]]

    def generic() -> list[str]:
        nearest = nearest_heading(page.root, page.lines, page.furniture)
        titles = [strip_site_name(t, names) for t in [nearest or "", *page_titles(page.root)]]
        above = line_above_story(page.lines, page.furniture)  # the last resort
        return [*titles, page.fallback().title or "", above or ""]

    return [
        (
            "selector",
            lambda: [
                strip_site_name(text_of(e), names) for e in page.css(page.profile.selectors.title)
            ],
        ),
        (
            "metadata",
            lambda: [
                strip_site_name(headline_part(page.meta.title or "", page.root, page.text), names)
            ],
        ),
        ("cue", cue),
        ("script", lambda: [script_field(page, "title") or ""]),
        ("generic", generic),
    ]


#: How many lines above the "Published in" line may hold the headline (a photo caption or
#: a kicker may sit between them).
_TITLE_LOOKBACK = 4


def heading_texts(root: HtmlElement) -> list[str]:
    """Texts of the page's h1-h3 headings."""
    return [t for t in (text_of(h) for h in root.iter("h1", "h2", "h3")) if t]


def source_layers(page: Page) -> list[Layer]:
    """Evidence next to the story first (selectors, the "Published in" line, a "Source:"
    label), then the links to the story's slug listing, the breadcrumb trail and the outlet
    a "headline | outlet" heading names, then the name the crawl's listings gave the slug,
    then metadata; and last, only when none of these gave a name (``LAST_RESORT_SOURCES``),
    a logo, a listing link or a plain name beside the shown date (``byline``), a wire
    dateline's agency and an app's state. ``StoryExtractor`` votes."""
    published = page.published[1] if page.published else None

    def shown() -> str | None:
        return date_near_title(page.lines, page.title_index)

    return [
        (
            "selector",
            lambda: [
                source_name(text_of(e), page.published_line)
                for e in page.css(page.profile.selectors.source)
            ],
        ),
        ("cue", lambda: [published.source] if published else []),
        ("cue", lambda: [find_source_line(page.lines) or ""]),
        ("cue", lambda: page.read_at_source()[1][:1]),
        ("slug", lambda: page.slug_names),
        ("breadcrumb", lambda: page.crumbs),
        ("title", lambda: title_outlets(page.root, page.profile)),
        ("listing", lambda: page.learnt_outlets),
        ("metadata", lambda: [page.meta.source or ""]),
        ("byline", lambda: byline_outlets(page, shown())),
        ("byline", lambda: named_beside_date(page.lines, page.title_index)),
        ("dateline", lambda: [dateline_agency(_story_lines(page)) or ""]),
        ("script", lambda: script_sources(page)),
    ]


#: Source layers asked only when no layer before them gave a name: their walks cost a page.
LAST_RESORT_SOURCES = frozenset(("byline", "dateline", "script"))


def _story_lines(page: Page) -> list[str]:
    """The first lines under the headline, where a wire story's dateline opens the text."""
    start = page.title_index + 1 if page.title_index is not None else 0
    return page.lines[start : start + 8]


def source_url_layers(page: Page) -> list[Layer]:
    aggregator = page.profile.name != "generic"
    return [
        (
            "selector",
            lambda: page.external(
                [e.get("href", "") for e in page.css(page.profile.selectors.source_url)]
            ),
        ),
        ("cue", lambda: page.external(page.read_at_source()[0])),
        ("metadata", lambda: page.external([page.meta.source_url or ""])),
        # an aggregator's canonical link that leaves the site points at the original
        ("metadata", lambda: page.external([page.meta.canonical or ""]) if aggregator else []),
        ("selector", lambda: page.external(page.frames)),
        # a link that says it leads to the original, or names the outlet or its own host
        (
            "cue",
            lambda: (
                page.external(original_links(page.root, page.url, page.outlet))
                if aggregator
                else []
            ),
        ),
    ]


def body_layers(page: Page) -> list[Layer]:
    def cue() -> list[str]:
        if not page.published:
            return []
        return longest_run(page.lines[page.published[0] + 1 :], page.furniture)

    def generic() -> list[str]:
        titles = {*page_titles(page.root), page.fallback().title or ""}
        lines = fallback_body(page.fallback().lines, page.furniture, titles, page.lines)
        if lines:
            lines = within_story(lines, page.lines, page.title_index)
            return continued(lines, page.lines, page.furniture)
        start = page.title_index + 1 if page.title_index is not None else 0
        return longest_run(page.lines[start:], page.furniture) or longest_run(
            page.lines, page.furniture
        )

    return [
        ("selector", lambda: paragraphs(page.css(page.profile.selectors.body))),
        ("metadata", lambda: _metadata_body(page)),
        ("cue", cue),
        ("script", lambda: embedded[1] if (embedded := page.embedded()) else []),
        ("generic", generic),
    ]


def script_sources(page: Page) -> list[str]:
    """The outlet names beside the story in an app's state, nearest first."""
    embedded = page.embedded()
    return embedded[0].sources if embedded else []


def script_field(page: Page, name: str) -> str | None:
    embedded = page.embedded()
    return getattr(embedded[0], name) if embedded else None


#: A metadata body shorter than this share of the page's main text is a teaser.
_TEASER_SHARE = 0.35


def _metadata_body(page: Page) -> list[str]:
    """JSON-LD ``articleBody`` lines, unless they are a teaser of the text the page shows."""
    lines = (page.meta.body or "").splitlines()
    if not lines:
        return []
    # the page's own prose (no second extraction: trafilatura would cost more than the rest)
    shown = sum(
        len(line)
        for line in page.lines
        if len(line) >= 70 and not page.furniture.is_furniture(line)
    )
    if shown and sum(map(len, lines)) < _TEASER_SHARE * shown:
        return []
    return lines
