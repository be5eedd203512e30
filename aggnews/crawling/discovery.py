"""Listing pages (HTML, RSS/Atom, sitemaps): story links, their listed dates, the next page."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from email.utils import parsedate_to_datetime
from urllib.parse import urljoin, urlsplit

from lxml.html import HtmlElement
from parsel import Selector
from scrapy.http import TextResponse

from aggnews.crawling.scriptlinks import (
    element_links,
    is_json,
    json_links,
    load_more_links,
    script_links,
)
from aggnews.crawling.urls import belongs_to, canonical_url
from aggnews.dates import DateReader
from aggnews.datetext import find_date_text
from aggnews.profile import SiteProfile
from aggnews.relativedates import find_relative_date
from aggnews.text import clean_text

#: A next-page link's words, once arrows and punctuation are stripped from its text (or its
#: aria-label or title): "Next »", "Older stories", "الصفحة التالية ←", "Page suivante ›".
_NEXT_WORDS = re.compile(
    r"^(?:(?:go to )?next(?: page)?|next (?:stories|articles|posts|news)"
    r"|older(?: stories| articles| posts| news| entries)?|more (?:stories|news|articles)"
    r"|التالي|التالية|الصفحة التالية|صفحة تالية|الأقدم|الأخبار الأقدم|المزيد من الأخبار"
    r"|الذهاب إلى الصفحة التالية|suivant|suivante|page suivante|plus anciens"
    r"|articles plus anciens|aller à la page suivante)$",
    re.IGNORECASE,
)
#: What a next link may wrap its words in (arrows both ways: right-to-left pages point left).
_NEXT_MARKS = " \t\n.:|-–—»›>→⟩⇒«‹<←⟨⇐"
#: A link of arrows alone that points on ("»", "›", ">>", "→").
_NEXT_ARROWS = re.compile(r"^(?:»|›|>>?|→|⟩|⇒)$")
#: A class naming a next-page link or its list item ("next", "pager__next", "next_page").
_NEXT_CLASS = re.compile(r"(?:^|[\s_-])next(?:$|[\s_-])|nextpostslink", re.IGNORECASE)
#: Page numbers in listing URLs of any site, for a layout the profile's pattern misses.
_ANY_PAGE_NUMBER = r"(?:/page/|[?&](?:page|p|pg|paged|pagenum|pn)=)(\d+)(?=/?(?:\?|$)|&)"


#: A listing element longer than this is a teaser or a title, not a date.
_DATE_ELEMENT_MAX = 60


@dataclass
class Listing:
    """What one listing page offers."""

    #: Story URL -> date (ISO) shown beside it in the listing, or None.
    stories: dict[str, str | None] = field(default_factory=dict)
    #: Other listing pages worth crawling (source, category, feed pages).
    listings: list[str] = field(default_factory=list)
    #: Source slug -> the outlet name its listing links show (masress platform).
    outlets: dict[str, str] = field(default_factory=dict)
    #: Candidate URLs of the next page of this listing.
    next_pages: list[str] = field(default_factory=list)
    is_feed: bool = False


def is_feed(response: TextResponse) -> bool:
    """True for an RSS or Atom document."""
    ctype = response.headers.get(b"Content-Type", b"").decode("latin-1").lower()
    if "rss" in ctype or "atom" in ctype or ("xml" in ctype and "html" not in ctype):
        return True
    head = response.body[:512].lstrip().lower()
    return head.startswith(b"<?xml") or head.startswith(b"<rss") or head.startswith(b"<feed")


def page_number(url: str, profile: SiteProfile, pattern: str | None = None) -> int | None:
    """The page number in a paginated listing URL (``pattern``: other than the profile's
    ``page_number_pattern``), or None."""
    split = urlsplit(url)
    match = re.search(pattern or profile.page_number_pattern, f"{split.path}?{split.query}")
    return int(match.group(1)) if match else None


def listing_root(url: str, profile: SiteProfile, pattern: str | None = None) -> str:
    """The listing ``url`` with its page number removed."""
    split = urlsplit(url)
    target = f"{split.path}?{split.query}"
    match = re.search(pattern or profile.page_number_pattern, target)
    if not match:
        return url.split("#", 1)[0]
    stripped = (target[: match.start()] + target[match.end() :]).rstrip("?&")
    return urljoin(url, stripped.replace("?&", "?"))


def _says_next_words(text: str) -> bool:
    return bool(_NEXT_WORDS.match(clean_text(text).strip(_NEXT_MARKS)))


#: A "load more" control's words ("Load more", "عرض المزيد", "Voir plus").
_MORE_WORDS = re.compile(
    r"(?:(?:load|show|view|see)\s+)?more(?: stories| news| articles)?"
    r"|(?:(?:تحميل|عرض|شاهد|اقرأ)\s+)?المزيد(?: من الأخبار)?"
    r"|(?:voir|charger|afficher)\s+plus(?: d'articles)?",
    re.IGNORECASE,
)


def _says_more(text: str) -> bool:
    """A control's words for the next page of a listing: "load more", or a next link's."""
    words = clean_text(text).strip(_NEXT_MARKS)
    return bool(_MORE_WORDS.fullmatch(words) or _NEXT_WORDS.match(words))


def says_next(link: HtmlElement) -> bool:
    """True for a link to the next page of a listing, by what any layout marks it with: a
    ``rel="next"``, its words or arrow (in its text, aria-label or title), a class naming
    "next" on it or on its list item."""
    if "next" in (link.get("rel") or "").lower().split():
        return True
    text = clean_text(link.text_content())
    if _NEXT_ARROWS.match(text):
        return True
    for words in (text, link.get("aria-label"), link.get("title")):
        if words and _says_next_words(words):
            return True
    parent = link.getparent()
    classes = [link.get("class"), parent.get("class") if parent is not None else None]
    return any(c and _NEXT_CLASS.search(c) for c in classes)


def _any_next_number(url: str, current: str, profile: SiteProfile) -> bool:
    """``url`` is ``current`` with the next page number, in a URL shape of any site."""
    number = page_number(url, profile, _ANY_PAGE_NUMBER)
    if number is None or number != (page_number(current, profile, _ANY_PAGE_NUMBER) or 1) + 1:
        return False
    root = listing_root(url, profile, _ANY_PAGE_NUMBER)
    return root.rstrip("/") == listing_root(current, profile, _ANY_PAGE_NUMBER).rstrip("/")


class ListingParser:
    """Reads listing pages of one site."""

    def __init__(self, profile: SiteProfile, dates: DateReader, mirror: str | None = None) -> None:
        self.profile = profile
        self.dates = dates
        self.mirror = mirror

    def parse(self, response: TextResponse) -> Listing:
        """Story links, listing links and next-page candidates of ``response``."""
        if is_feed(response):
            return self._parse_feed(response)
        if is_json(response):
            return self._parse_json(response)
        return self._parse_html(response)

    def _parse_json(self, response: TextResponse) -> Listing:
        """A "load more" endpoint's JSON: the story URLs it quotes (escaped slashes too),
        and its next page's."""
        listing = Listing()
        for href in json_links(response.text):
            url = urljoin(response.url, href)
            if self._classify(url) == "story":
                listing.stories.setdefault(canonical_url(url, self.profile, self.mirror))
            elif _any_next_number(url, response.url, self.profile):
                listing.next_pages.append(url)  # the endpoint's next page ("next": "?page=3")
        return listing

    def _classify(self, url: str) -> str | None:
        if not belongs_to(url, self.profile, self.mirror):
            return None
        path = urlsplit(url).path
        if self.profile.is_story_path(path):
            return "story"
        if self.profile.is_listing_path(path):
            return "listing"
        return None

    def _parse_html(self, response: TextResponse) -> Listing:
        listing = Listing()
        root = response.selector.root
        current_root = listing_root(response.url, self.profile)
        current_page = page_number(response.url, self.profile)
        if current_page is None:
            current_page = self.profile.first_page
        next_css = ", ".join(self.profile.selectors.next_page)
        marked = [s.root for s in response.css(next_css)] if next_css else []
        holds: dict[HtmlElement, bool] = {}  # element -> links to two stories (this page)
        for a in root.iter("a"):
            href = (a.get("href") or "").strip()
            if not href or href.startswith(("javascript:", "mailto:", "#")):
                continue
            url = urljoin(response.url, href)
            kind = self._classify(url)
            is_next = any(a is m for m in marked) or says_next(a)
            number = page_number(url, self.profile)
            if kind == "story":
                url = canonical_url(url, self.profile, self.mirror)
                if listing.stories.get(url) is None:
                    listing.stories[url] = self._listed_date(a, holds)
            elif is_next and belongs_to(url, self.profile, self.mirror):
                listing.next_pages.append(url)
            elif number is not None:
                if listing_root(url, self.profile) == current_root and number == current_page + 1:
                    listing.next_pages.append(url)
            elif _any_next_number(url, response.url, self.profile):
                listing.next_pages.append(url)
            elif kind == "listing":
                listing.listings.append(url)
                self._learn_outlet(listing, url, a)
        if not listing.stories:  # cards linked by script, an app's shell: links elsewhere
            for href in [*element_links(root), *script_links(response.text)]:
                url = urljoin(response.url, href)
                if self._classify(url) == "story":
                    listing.stories.setdefault(canonical_url(url, self.profile, self.mirror))
        for href in response.xpath('//link[@rel="next"]/@href').getall():
            listing.next_pages.append(urljoin(response.url, href))
        for href in load_more_links(root, _says_more):  # last: a script's control
            url = urljoin(response.url, href)
            if belongs_to(url, self.profile, self.mirror):
                listing.next_pages.append(url)
        for href in response.xpath(
            '//link[contains(@type, "rss") or contains(@type, "atom")]/@href'
        ).getall():
            url = urljoin(response.url, href)
            if self._classify(url) == "listing":
                listing.listings.append(url)
        return listing

    def _learn_outlet(self, listing: Listing, url: str, link: HtmlElement) -> None:
        """A link to a source listing (``/{slug}``) names its outlet: remember slug -> name."""
        if not self.profile.source_slug_pattern:
            return
        parts = urlsplit(url).path.strip("/").split("/")
        if not parts[-1] or len(parts) > 2:
            return
        text = clean_text(link.text_content())
        if 2 <= len(text) <= 60 and text.casefold() != parts[-1].casefold():
            listing.outlets.setdefault(parts[-1].casefold(), text)

    def _listed_date(self, link: HtmlElement, holds: dict[HtmlElement, bool]) -> str | None:
        """The date shown in the listing entry that holds ``link``, if any (``holds``
        remembers, for the page, which elements hold two stories). A relative date ("منذ
        يوم") is left to the story page: it is a day or an hour wide, and as old as this
        listing's fetch."""
        for attr in ("title", "datetime", "data-date"):
            parsed = self.dates.parse(find_date_text(link.get(attr) or ""))
            if parsed:
                return parsed.iso
        entry = link
        for _ in range(4):
            parent = entry.getparent()
            if parent is None:
                break
            if parent not in holds:
                holds[parent] = self._holds_two_stories(parent)
            if holds[parent]:
                break
            entry = parent
        for el in entry.iter("time", "span", "small", "div", "p", "li"):
            value = el.get("datetime") or el.get("title") or ""
            text = value if find_date_text(value) else el.text_content()
            if len(text) > _DATE_ELEMENT_MAX:
                continue
            found = find_date_text(text)
            if found and not find_relative_date(found):  # "منذ يوم": the story page says
                parsed = self.dates.parse(found)
                if parsed:
                    return parsed.iso
        return None

    def _holds_two_stories(self, el: HtmlElement) -> bool:
        """True when ``el`` links to two different stories (stops at the second)."""
        first = None
        for a in el.iter("a"):
            href = a.get("href", "")
            if href != first and self.profile.is_story_path(urlsplit(href).path):
                if first is not None:
                    return True
                first = href
        return False

    def _parse_feed(self, response: TextResponse) -> Listing:
        """RSS items, Atom entries, sitemap URLs; a sitemap index lists more sitemaps."""
        listing = Listing(is_feed=True)
        sel = Selector(text=response.text, type="xml")
        sel.remove_namespaces()
        for loc in sel.xpath("//sitemapindex/sitemap/loc/text()").getall():
            url = urljoin(response.url, loc.strip())
            if belongs_to(url, self.profile, self.mirror):
                listing.listings.append(url)
        for entry in sel.xpath("//item | //entry | //urlset/url"):
            link = entry.xpath("link/text() | link/@href | guid/text() | loc/text()").get("")
            link = link.strip()
            if not link:
                continue
            url = urljoin(response.url, link)
            if self._classify(url) != "story":
                continue
            url = canonical_url(url, self.profile, self.mirror)
            raw = entry.xpath(
                "pubDate/text() | published/text() | updated/text() | date/text()"
                " | news/publication_date/text() | lastmod/text()"
            ).get()
            listing.stories.setdefault(url, self._feed_date(raw))
        return listing

    def _feed_date(self, raw: str | None) -> str | None:
        if not raw:
            return None
        try:
            return parsedate_to_datetime(raw.strip()).isoformat()
        except (TypeError, ValueError, IndexError):
            parsed = self.dates.parse(raw)
            return parsed.iso if parsed else None
