"""Where a page names the story's outlet outside its text: links to the source's listing
and the breadcrumb trail (masress platform), the outlet in a "headline | outlet" heading,
and the logo or link beside the story's date."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING
from urllib.parse import urljoin, urlsplit

from lxml import etree
from lxml.html import HtmlElement

from aggnews.crawling.urls import belongs_to
from aggnews.datetext import normalise_date_text
from aggnews.extract.furniture import BREADCRUMBS
from aggnews.extract.headlines import page_titles, strip_site_name
from aggnews.extract.html import PageSource, select, text_content, text_of
from aggnews.profile import SiteProfile
from aggnews.text import clean_text, comparable

if TYPE_CHECKING:
    from aggnews.extract.layers import Page

#: The first crumb of a trail, never an outlet.
_HOME = re.compile(r"^(?:home|accueil|الرئيسية|الصفحة الرئيسية|الرئيسيه|رئيسية)$", re.I)
_CRUMB_SEPARATORS = re.compile(r"\s*[›»>/|«‹<]\s*")


def story_slug(profile: SiteProfile, url: str) -> str | None:
    """The source slug in a story URL (``/ahram/172573`` -> "ahram"), lower-cased."""
    if not profile.source_slug_pattern:
        return None
    match = re.search(profile.source_slug_pattern, urlsplit(url).path)
    return match["slug"].casefold() if match else None


#: A slug that can stand in a CSS attribute selector as it is.
_PLAIN_SLUG = re.compile(r"[\w\-.]+", re.ASCII)


def slug_link_names(
    root: HtmlElement, slug: str | None, url: str, source: PageSource | None = None
) -> list[str]:
    """Display names from links to the story's source listing (``/{slug}``, ``/en/{slug}``;
    ``slug`` as ``story_slug`` gives it), most frequent first; read before furniture removal
    (breadcrumbs and menus carry them)."""
    if not slug:
        return []
    names: dict[str, int] = {}
    if source is not None and _PLAIN_SLUG.fullmatch(slug):
        links = select(root, f'a[href*="{slug}" i]', source)  # an ASCII slug: as casefold()
    else:
        links = list(root.iter("a"))
    for a in links:
        href = (a.get("href") or "").strip()
        bare = href.split("#", 1)[0].split("?", 1)[0].rstrip("/").casefold()
        if not bare.endswith(slug) and not bare.endswith("."):
            continue  # most links: no need to resolve them (a "." segment may resolve to it)
        parts = _resolved_path(url, href).rstrip("/").casefold().split("/")
        if not parts or parts[-1] != slug or len(parts) > 3:
            continue
        text = text_of(a)
        if 2 <= len(text) <= 60 and text.casefold() != slug:
            names[text] = names.get(text, 0) + 1
    return sorted(names, key=lambda n: -names[n])


def _resolved_path(base: str, href: str) -> str:
    """``urlsplit(urljoin(base, href)).path``; a plain absolute path ("/ahram?p=2": no
    "." segment, no ";" parameters, no control character or space) is its own, without
    urljoin's cost."""
    plain = href[:1] == "/" and href[1:2] != "/" and href.isprintable()
    if plain and "/." not in href and ";" not in href and " " not in href:
        return href.split("#", 1)[0].split("?", 1)[0]
    return urlsplit(urljoin(base, href)).path


def breadcrumb_outlet(
    root: HtmlElement,
    profile: SiteProfile,
    source: PageSource | None = None,
    trails: list[HtmlElement] | None = None,
) -> list[str]:
    """The crumb before the story's own title in a "Home › Outlet › Title" trail (platform
    sites only: elsewhere that crumb is a section; ``trails``: ``BREADCRUMBS``' matches)."""
    if not profile.source_slug_pattern:
        return []
    for trail in trails if trails is not None else select(root, BREADCRUMBS, source):
        items = trail.findall(".//li") or trail.findall(".//a")
        crumbs = [text_of(i) for i in items] if items else []
        if len(crumbs) < 2:
            crumbs = _CRUMB_SEPARATORS.split(text_of(trail))
        crumbs = [c for c in crumbs if c and not _HOME.match(c)]
        linked = {text_of(a) for a in trail.iter("a")}
        if len(crumbs) >= 2 and crumbs[-1] not in linked:
            crumbs = crumbs[:-1]  # the story's title, shown unlinked
        named = [c for c in crumbs if len(c) <= 60]
        if named:
            return [named[-1]]
    return []


def title_outlets(root: HtmlElement, profile: SiteProfile) -> list[str]:
    """The outlet after the profile's title separator in the page's ``<h1>`` headings and
    ``<title>`` ("headline | outlet", the site's own name dropped): what a site whose titles
    name the outlet shows there, whatever the markup around the headline."""
    sep = profile.title_source_separator
    if not sep:
        return []
    names = []
    for text in page_titles(root):
        headline, found, outlet = text.rpartition(sep)
        if found and headline.strip():
            outlet = strip_site_name(outlet, profile.self_names)
            if outlet:
                names.append(outlet)
    return names


#: Hosts whose frames are embeds (video, social posts, ads, maps), never the story.
_EMBED_HOSTS = re.compile(
    r"(?:^|\.)(?:youtube(?:-nocookie)?\.com|youtu\.be|facebook\.com|twitter\.com|x\.com|"
    r"instagram\.com|tiktok\.com|vimeo\.com|dailymotion\.com|soundcloud\.com|spotify\.com|"
    r"google\.com|googlesyndication\.com|doubleclick\.net|googletagmanager\.com|disqus\.com|"
    r"telegram\.org|t\.me|flourish\.studio|datawrapper\.de)$",
    re.IGNORECASE,
)
#: A link's whole text when it leads to the story at its outlet ("المصدر", "الخبر الأصلي",
#: "رابط الخبر", "التفاصيل من المصدر", "Original article", "Source", "Voir l'article original").
_ORIGINAL_LINK = re.compile(
    r"^(?:(?:ال)?مصدر(?:\s+(?:الخبر|المقال))?|(?:الخبر|المقال|الرابط)\s+الأصلي"
    r"|رابط\s+(?:الخبر|المقال|المصدر)"
    r"|(?:(?:لمتابعة|لقراءة|تابع|اقرأ)\s+)?(?:التفاصيل|المزيد|الخبر|المقال)(?:\s+كاملاً?)?"
    r"\s+(?:من|على|في)\s+(?:ال)?(?:مصدر|موقع)\S*(?:\s+الأصلي)?"
    r"|(?:the\s+)?(?:original\s+(?:article|story|source|post|link)|source\s+(?:link|article))"
    r"|(?:read\s+)?(?:the\s+)?full\s+(?:story|article)|source"
    r"|(?:voir|lire)\s+l['’]article(?:\s+(?:original|complet|source))?|article\s+(?:original|source))$",
    re.IGNORECASE,
)
#: Marks around a link's words ("» المصدر", "Source ›").
_LINK_MARKS = " .:»«›‹<>|-–—→←"


def original_links(root: HtmlElement, url: str, outlet: str | None) -> list[str]:
    """Hrefs of links to another host that say they lead to the story's original: by their
    words (``_ORIGINAL_LINK``), by the outlet's name (``outlet``), or by their own host
    ("youm7.com"); not links to social networks, video or ad hosts."""
    found = []
    named = comparable(outlet) if outlet else None
    for link in root.iter("a"):
        href = (link.get("href") or "").strip()
        if not href.lower().startswith(("http:", "https:", "//")):
            continue  # a relative link stays on the site
        host = (urlsplit(urljoin(url, href)).hostname or "").lower()
        text = clean_text(text_content(link)).strip(_LINK_MARKS)
        if not host or _EMBED_HOSTS.search(host) or not text or len(text) > 60:
            continue
        bare = host.removeprefix("www.")
        if (
            _ORIGINAL_LINK.match(text)
            or (named is not None and comparable(text) == named)
            or text.lower().removeprefix("www.").rstrip("/") == bare
        ):
            found.append(href)
    return found


#: A frame narrower or lower than this (pixels, from its attributes) is a widget.
_MIN_FRAME = 300


def outlet_frames(
    root: HtmlElement, url: str, profile: SiteProfile, mirror: str | None
) -> list[str]:
    """Frames of another site big enough to be the story: an aggregator framing the outlet."""
    found = []
    for frame in root.iter("iframe"):
        src = urljoin(url, (frame.get("src") or frame.get("data-src") or "").strip())
        host = urlsplit(src).hostname or ""
        if urlsplit(src).scheme not in ("http", "https") or _EMBED_HOSTS.search(host):
            continue
        if belongs_to(src, profile, mirror) or _small(frame):
            continue
        found.append(src)
    return found


def _small(frame: HtmlElement) -> bool:
    for attr in ("width", "height"):
        value = (frame.get(attr) or "").strip().rstrip("px")
        if value.isdigit() and int(value) < _MIN_FRAME:
            return True
    return False


#: The text nodes of the page's body, in document order.
_BODY_TEXTS = etree.XPath("//body//text()")
#: A block around the story's date longer than this is more than a byline.
_BYLINE_MAX = 200


def byline_outlets(page: Page, shown: str | None) -> list[str]:
    """The outlet shown beside the story's date (``shown``, as ``find_date_text`` cut it
    out): in the short block around the date, up to three levels above it, a logo whose
    alt text the block also shows, or a link to one of the site's listing pages (the
    outlet's page: "<a href=/okaz><img alt=عكاظ>عكاظ</a> · منذ 3 ساعات")."""
    if not shown:
        return []
    url, profile, mirror = page.url, page.profile, page.mirror
    for node in _BODY_TEXTS(page.root):
        if shown not in normalise_date_text(node):
            continue
        block = node.getparent()
        for _ in range(3):
            block = block.getparent() if block is not None else None
            text = text_of(block) if block is not None else ""
            if not text or len(text) > _BYLINE_MAX:
                break
            for img in block.iter("img"):
                alt = clean_text(img.get("alt") or img.get("title") or "")
                if 2 <= len(alt) <= 40 and alt in text and alt not in shown:
                    return [alt]
            for link in block.iter("a"):
                href = urljoin(url, (link.get("href") or "").strip())
                path = urlsplit(href).path
                name = text_of(link)
                if (
                    2 <= len(name) <= 40
                    and path.strip("/")
                    and belongs_to(href, profile, mirror)
                    and profile.is_listing_path(path)
                    and not profile.is_story_path(path)
                ):
                    return [name]
        return []  # the first text showing the date is the story's
    return []
