"""Site profiles: what aggnews knows of one aggregator, as data."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property
from urllib.parse import urlsplit


@dataclass(frozen=True)
class Edition:
    """One language edition of a site."""

    #: ISO 639-1 code of the edition's language.
    language: str
    #: Path prefix of the edition ("/" for the root edition, "/en/" for English).
    prefix: str
    #: Listing paths crawled first, relative to the site origin (home, RSS feeds, sources).
    start_paths: tuple[str, ...] = ()


@dataclass(frozen=True)
class Selectors:
    """CSS selectors, each list in priority order (first match wins)."""

    title: tuple[str, ...] = ()
    #: Elements holding the "Published in SOURCE on DATE" line or the source name alone.
    source: tuple[str, ...] = ()
    #: Elements holding the date as shown.
    date: tuple[str, ...] = ()
    #: Elements holding the body paragraphs (all matches of the first selector that matches).
    body: tuple[str, ...] = ()
    #: Links to the original story at its outlet.
    source_url: tuple[str, ...] = ()
    #: Links to the next listing page.
    next_page: tuple[str, ...] = ()
    #: Frames holding the original article (their ``src`` is the outlet's page).
    frame: tuple[str, ...] = ()
    #: Elements present only on paywalled stories.
    paywall: tuple[str, ...] = ()


@dataclass(frozen=True)
class SiteProfile:
    """Everything site-specific about one aggregator; the spider and loaders are generic."""

    name: str
    #: Canonical origin used in item URLs, e.g. "https://www.masress.com".
    origin: str
    #: Every host name the site answers to (all map to ``origin``).
    domains: tuple[str, ...]
    editions: tuple[Edition, ...]
    #: Regex matched against a URL path (with edition prefix) that marks a story page.
    story_pattern: str
    #: Regex for listing pages worth following (source and category pages, pagination).
    listing_pattern: str = r"^/$"
    #: Regex that extracts the page number from a listing URL (path plus query).
    page_number_pattern: str = r"[?&]page=(\d+)"
    #: Number of a listing's first page, which has no number in its URL (Drupal counts from 0).
    first_page: int = 1
    #: Regex with ``y``, ``m`` and ``d`` groups reading a story's day from its URL path.
    url_date_pattern: str | None = None
    #: Regex with a ``slug`` group reading the outlet's slug from a story path; links on the
    #: page to that slug's listing carry the outlet's display name.
    source_slug_pattern: str | None = None
    #: IANA timezone of the site's pages: an instant from metadata is shown in it.
    timezone: str | None = None
    #: Separator of "headline | outlet" titles, when the site writes its titles so.
    title_source_separator: str | None = None
    #: Regex with a ``source`` group: the outlet named at the start of the body, e.g.
    #: "(MENAFN- Jordan News Agency)"; the match is cut from the body.
    body_source_pattern: str | None = None
    #: When the page shows only a teaser or frames the original, fetch the outlet's page
    #: (``source_url``) and take the body from it with the generic extractor.
    follow_original: bool = False
    selectors: Selectors = field(default_factory=Selectors)
    #: CSS selectors of page furniture to drop before extraction (ticker, nav, related lists).
    furniture: tuple[str, ...] = ()
    #: Drop embedded social posts (a quote that cites a tweet, an Instagram or Facebook post,
    #: whatever its class): on an aggregator they are never the story's paragraphs.
    drop_embedded_posts: bool = True
    #: Whole lines (regexes, matched case-insensitively) that are never story text.
    boilerplate: tuple[str, ...] = ()
    #: Lines (regexes, matched case-insensitively) where the story ends: a press release's
    #: contact block, a "SOURCE Company" trailer. They and all after them are dropped.
    body_end: tuple[str, ...] = ()
    #: Fields this site's stories may lack without failing the health check (an outlet's
    #: own articles have no other source).
    optional_fields: tuple[str, ...] = ()
    #: Names the aggregator calls itself: never an item's ``source``.
    self_names: tuple[str, ...] = ()
    #: dateparser locales of the site's country, tried with the edition's language.
    date_locales: tuple[str, ...] = ()
    #: Order of an all-numeric date on the site's pages ("DMY"; akhbarak writes "MDY").
    date_order: str = "DMY"
    #: Politeness: parallel requests per domain and delay between them, in seconds.
    concurrency: int = 4
    download_delay: float = 0.25
    #: ItemLoader subclass for quirks data cannot express (None: ``ArticleLoader``).
    loader: type | None = None
    #: Regexes of URL paths whose links only appear after scripts run ("load more" buttons,
    #: lazy listings): fetched through a headless browser (scrapy-playwright).
    browser_paths: tuple[str, ...] = ()
    #: Take a story's language from the page (``<html lang>``, its script), not its URL.
    detect_language: bool = False

    @property
    def languages(self) -> tuple[str, ...]:
        """Languages of all editions, root edition first."""
        return tuple(e.language for e in self.editions)

    def edition_for_path(self, path: str) -> Edition:
        """The edition whose prefix is the longest match of ``path`` (else the first)."""
        matching = [e for e in self.editions if path.startswith(e.prefix)]
        return max(matching, key=lambda e: len(e.prefix)) if matching else self.editions[0]

    @cached_property
    def _story_re(self) -> re.Pattern[str]:
        return re.compile(self.story_pattern)

    @cached_property
    def _listing_re(self) -> re.Pattern[str]:
        return re.compile(self.listing_pattern)

    def is_story_path(self, path: str) -> bool:
        """True when ``path`` is a story page's path."""
        return self._story_re.search(path) is not None

    def is_listing_path(self, path: str) -> bool:
        """True when ``path`` is a listing page worth following."""
        return self._listing_re.search(path) is not None


def generic_profile(url: str) -> SiteProfile:
    """A profile that knows nothing of a site: only the generic layers extract from it."""
    split = urlsplit(url)
    host = split.hostname or "localhost"
    return SiteProfile(
        name="generic",
        origin=f"{split.scheme or 'https'}://{split.netloc or host}",
        domains=(host,),
        editions=(Edition("ar", "/"), Edition("en", "/"), Edition("fr", "/")),
        story_pattern=r"^/.",
        detect_language=True,
        # an outlet's own page often quotes a post as part of the story (and the article
        # benchmarks count it as body)
        drop_embedded_posts=False,
    )
