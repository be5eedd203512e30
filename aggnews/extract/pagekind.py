"""Is a page a story at all? A listing or home page must not be printed as one."""

from __future__ import annotations

from urllib.parse import urljoin, urlsplit

from lxml import etree
from lxml.html import HtmlElement

from aggnews.extract.html import text_of
from aggnews.extract.metadata import json_ld_articles
from aggnews.profile import SiteProfile

#: Links to this many headlines, with no article markup and no story text, make a listing.
_LISTING_LINKS = 8
#: A headline link's text is at least this long.
_HEADLINE = 25
#: A story body shorter than this is no story text.
_STORY_TEXT = 400


def headline_links(root: HtmlElement, url: str) -> int:
    """How many links to the same site carry a headline (read before furniture removal)."""
    return sum(1 for a in root.iter("a") if len(text_of(a)) >= _HEADLINE and _same_site(url, a))


def not_a_story(
    root: HtmlElement, url: str, profile: SiteProfile, body: str | None, headlines: int
) -> str | None:
    """Why the page is a listing rather than a story, or None when it may be a story.

    A story page says so (JSON-LD article, ``og:type`` article, ``article:published_time``);
    a page that does not, whose text is mostly headline links and that holds no story text
    of its own, is a listing; on an aggregator, so is a URL of its listing pattern.
    """
    path = urlsplit(url).path
    listing_url = profile.is_listing_path(path) and not profile.is_story_path(path)
    if profile.name != "generic" and listing_url:
        return f"a listing URL of {profile.name} ({path})"
    if _says_article(root):
        return None
    if headlines >= _LISTING_LINKS and len(body or "") < _STORY_TEXT:
        return f"a listing ({headlines} headline links, no article markup, no story text)"
    return None


_OG_TYPE = etree.XPath('//meta[@property="og:type"]/@content')
_PUBLISHED_TIME = etree.XPath('//meta[@property="article:published_time"]')


def _says_article(root: HtmlElement) -> bool:
    og = _OG_TYPE(root)
    if og and og[0].strip().lower() == "article":
        return True
    if _PUBLISHED_TIME(root):
        return True
    return bool(json_ld_articles(root))


def _same_site(url: str, link: HtmlElement) -> bool:
    target = urlsplit(urljoin(url, link.get("href") or ""))
    return target.scheme in ("http", "https", "") and target.netloc in ("", urlsplit(url).netloc)
