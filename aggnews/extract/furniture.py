"""Page furniture: what is dropped from a story page before and during extraction."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache

from lxml import etree
from lxml.html import HtmlElement

from aggnews.extract.boilerplate import FLOATING_WORD, GENERIC_BOILERPLATE, GENERIC_FLOATING
from aggnews.extract.cues import (
    PUBLISHED_DATE_FIRST,
    PUBLISHED_LINE,
    PUBLISHED_SOURCE_ONLY,
    SOURCE_LINE,
    says_read_at_source,
)
from aggnews.extract.html import PageSource, drop, select
from aggnews.extract.openings import may_open, pattern_openings
from aggnews.extract.ticker import TickerReport, remove_link_blocks
from aggnews.text import comparable

#: Elements that are furniture on every site, by HTML semantics.
_ALWAYS = (
    "script, style, noscript, template, nav, footer, iframe, svg, button, figcaption, "
    "[role=banner] a[href^='#'], .skip-link, "
    # related-story lists, by the names CMS plugins give them
    "[class*='relatedposts'], [id*='relatedposts'], [class*='related-posts'], "
    "[class*='related-articles'], [class*='yarpp'], .crp_related"
)
#: A post of a social network, as embed codes cite or link it.
_SOCIAL_POST = re.compile(
    r"^(?:https?:)?//(?:www\.|mobile\.|m\.)?(?:(?:twitter|x)\.com/\w+/status(?:es)?/\d"
    r"|instagram\.com/(?:p|reel|tv)/|tiktok\.com/@[^/]+/video/|facebook\.com/.+/(?:posts|videos)/"
    r"|t\.me/\w+/\d)",
    re.IGNORECASE,
)
#: Cookie notices, by name; only short ones (a page wrapper may mention cookies in a class).
_COOKIE = '[class*="cookie" i], [id*="cookie" i]'
_COOKIE_MAX = 600
#: Breadcrumb trails, by the names every CMS gives them (``outlets`` reads them first).
BREADCRUMBS = (
    '[class*="breadcrumb" i], [id*="breadcrumb" i], [aria-label*="breadcrumb" i],'
    ' [itemtype*="BreadcrumbList"], [class*="crumbs"]'
)


@lru_cache(maxsize=256)
def _alternation(patterns: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{p})" for p in patterns), re.IGNORECASE)


@lru_cache(maxsize=64)
def _line_patterns(
    boilerplate: tuple[str, ...],
) -> tuple[re.Pattern[str] | None, frozenset[str] | None, re.Pattern[str] | None]:
    """The boilerplate lines whose first characters their patterns name, in one
    alternation, and those characters; the others (".{0,80}..."), in a second one."""
    opened, other = [], []
    openings: set[str] = set()  # an alternation's openings are its alternatives'
    for pattern in GENERIC_BOILERPLATE + boilerplate:
        starts = pattern_openings(re.compile(pattern, re.IGNORECASE))
        (opened if starts is not None else other).append(pattern)
        openings |= starts or set()
    return (
        _alternation(tuple(opened)) if opened else None,
        frozenset(openings) if opened else None,
        _alternation(tuple(other)) if other else None,
    )


@lru_cache(maxsize=1)
def _floating_pattern() -> re.Pattern[str]:
    return _alternation(
        tuple(
            f".{{0,{before}}}(?:{phrase}).{{0,{after}}}"
            for before, phrase, after, _ in GENERIC_FLOATING
        )
    )


def prepare(boilerplate: tuple[str, ...]) -> None:
    """Compile the line patterns of a profile's ``boilerplate`` (once a process, when its
    extractor is made, so that no page pays for it)."""
    _line_patterns(tuple(boilerplate))
    _floating_pattern()


@dataclass
class Furniture:
    """Decides, line by line, whether text is furniture rather than story."""

    boilerplate: tuple[str, ...] = ()
    #: Ticker headlines (in ``comparable`` form) of this page and of pages seen before.
    headlines: set[str] = field(default_factory=set)
    #: Short lines (``comparable`` form) -> how many earlier pages showed them.
    seen_lines: Counter[str] = field(default_factory=Counter)

    def __post_init__(self) -> None:
        self._opened, self._openings, self._other = _line_patterns(tuple(self.boilerplate))
        self._floating = _floating_pattern()
        #: Lines already judged (a page's lines are asked about by several layers).
        self._judged: dict[str, bool] = {}

    def _is_line(self, line: str, floating: bool) -> bool:
        """``line`` is a boilerplate line (``floating``: it may be a floating one, which
        only a line holding one of ``FLOATING_WORD``'s words can be)."""
        opened, other = self._opened, self._other
        if opened is not None and may_open(line, self._openings) and opened.fullmatch(line):
            return True
        if other is not None and other.fullmatch(line):
            return True
        return floating and self._floating.fullmatch(line) is not None

    def is_boilerplate(self, line: str) -> bool:
        """True for a boilerplate line or a cue line ("Published in", "read at source")."""
        judged = self._judged.get(line)
        if judged is None:
            judged = self._judged[line] = self._is_boilerplate(line)
        return judged

    def _is_boilerplate(self, line: str) -> bool:
        stripped = line.strip(" .")
        # the stripped line's words are the line's (strip drops no letter: lower() agrees)
        lower = line.lower()
        floating = FLOATING_WORD.search(lower) is not None
        if self._is_line(stripped, floating) or (
            stripped != line and self._is_line(line, floating)
        ):
            return True
        if len(line) >= 300:
            return False
        return bool(
            PUBLISHED_LINE.match(line)
            or PUBLISHED_DATE_FIRST.match(line)
            or PUBLISHED_SOURCE_ONLY.match(line)
            or says_read_at_source(line, lower)
            or SOURCE_LINE.match(line)
        )

    def is_furniture(self, line: str) -> bool:
        """Boilerplate, a ticker headline, or a short line that many other pages show.

        Not for titles: a ticker's headlines are the titles of the site's own stories.
        """
        if self.is_boilerplate(line):
            return True
        key = comparable(line)
        if key in self.headlines:
            return True
        return is_repeatable(line) and self.seen_lines[key] >= REPEATED_ON_PAGES


#: A short line shown on this many other story pages is site furniture, not story.
REPEATED_ON_PAGES = 4


def is_repeatable(line: str) -> bool:
    """Lines short enough to be furniture when they repeat across pages."""
    return 15 <= len(line) <= 160


def _is_notice(el: HtmlElement) -> bool:
    """A short element with no headline and at most one paragraph: a notice, not a wrapper."""
    return len(el.text_content()) < _COOKIE_MAX and not _HOLDS_STORY(el)


_HOLDS_STORY = etree.XPath("boolean(.//h1 | .//h2 | .//p[2])")
_HOLDS_HEADLINE = etree.XPath("boolean(.//h1)")
_IN_STORY = etree.XPath("boolean(ancestor::article or ancestor::main)")


def strip_page(
    root: HtmlElement,
    profile_furniture: tuple[str, ...],
    source: PageSource | None = None,
    embedded_posts: bool = False,
    trails: list[HtmlElement] | None = None,
) -> TickerReport:
    """Remove profile furniture, furniture by semantics (with ``embedded_posts``, quotes of
    social posts too) and link blocks from ``root`` (``source``: the page's HTML in lower
    case, see ``html.select``; ``trails``: ``BREADCRUMBS``' matches, selected before)."""
    if profile_furniture:
        drop(select(root, ", ".join(profile_furniture), source))
    drop(select(root, _ALWAYS, source))
    # a sidebar, unless the page sets its story's column in an <aside>
    drop(el for el in list(root.iter("aside")) if not _is_story_column(el, root))
    drop(el for el in select(root, _COOKIE, source) if _is_notice(el))
    # A breadcrumb trail is short; a wrapper whose class merely mentions breadcrumbs is not one.
    # (a match is one element's own attributes: the earlier selection, minus what was
    # removed since, is the selection now)
    if trails is None:
        trails = select(root, BREADCRUMBS, source)
    drop(el for el in trails if _attached(el, root) and len(el.text_content()) < 200)
    # a page's banner, not a story's own header (inside <article> or <main>: headline, byline)
    drop(el for el in root.iter("header") if not _HOLDS_HEADLINE(el) and not _IN_STORY(el))
    if embedded_posts:
        drop(quote for quote in root.iter("blockquote") if _is_embedded_post(quote))
    body = root.find("body")
    return remove_link_blocks(body if body is not None else root)


def _attached(el: HtmlElement, root: HtmlElement) -> bool:
    """True while ``el`` is still in ``root``'s tree."""
    return el is root or any(a is root for a in el.iterancestors())


#: A paragraph this long is prose, not a teaser or a label.
_PROSE_MIN = 100


def _prose(el: HtmlElement) -> int:
    """Characters of the prose paragraphs (``<p>`` of ``_PROSE_MIN`` or more) under ``el``."""
    lengths = (len(p.text_content().strip()) for p in el.iter("p"))
    return sum(n for n in lengths if n >= _PROSE_MIN)


def _is_story_column(aside: HtmlElement, root: HtmlElement) -> bool:
    """An ``<aside>`` holding most of the page's prose is the story, not a sidebar (the
    page's prose is read only for an aside with enough of its own)."""
    prose = _prose(aside)
    return prose >= 5 * _PROSE_MIN and prose > 0.5 * _prose(root)


def _is_embedded_post(quote: HtmlElement) -> bool:
    """A blockquote an embed code made of a social post: it cites or links the post."""
    links = [quote.get("cite") or "", *(a.get("href") or "" for a in quote.iter("a"))]
    return any(_SOCIAL_POST.search(link.strip()) for link in links)
