"""Page metadata layer: JSON-LD NewsArticle, og:/article: meta tags, ``<time datetime>``."""

from __future__ import annotations

import html
import json
import logging
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import lxml.html
from lxml import etree
from lxml.html import HtmlElement

from aggnews.extract.html import paragraphs
from aggnews.text import clean_text, is_truncated

logger = logging.getLogger(__name__)

#: schema.org Article types a story page's JSON-LD may use (NewsArticle's subtypes, the
#: live blog a running story is), and the WebPage some sites describe the story as.
_ARTICLE_TYPES = {
    "newsarticle",
    "article",
    "reportagenewsarticle",
    "analysisnewsarticle",
    "opinionnewsarticle",
    "backgroundnewsarticle",
    "reviewnewsarticle",
    "askpublicnewsarticle",
    "blogposting",
    "liveblogposting",
    "webpage",
}


@dataclass
class PageMetadata:
    """Story fields as the page's metadata states them (None where it does not)."""

    title: str | None = None
    date: str | None = None
    body: str | None = None
    source: str | None = None
    source_url: str | None = None
    canonical: str | None = None
    language: str | None = None
    #: True when JSON-LD says the story is not free to read.
    paywalled: bool = False


def _objects(data: Any) -> Iterator[dict[str, Any]]:
    if isinstance(data, list):
        for entry in data:
            yield from _objects(entry)
    elif isinstance(data, dict):
        yield data
        yield from _objects(data.get("@graph", []))


def _types(obj: dict[str, Any]) -> set[str]:
    kind = obj.get("@type", [])
    kinds = kind if isinstance(kind, list) else [kind]
    return {str(k).lower() for k in kinds}


def _name(value: Any) -> str | None:
    if isinstance(value, list):
        value = value[0] if value else None
    if isinstance(value, dict):
        value = value.get("name")
    return clean_text(value) if isinstance(value, str) and value.strip() else None


def _url(value: Any) -> str | None:
    if isinstance(value, list):
        value = value[0] if value else None
    if isinstance(value, dict):
        value = value.get("url") or value.get("@id")
    return value.strip() if isinstance(value, str) and value.strip() else None


def _outlet_names(obj: dict[str, Any]) -> list[str]:
    """Names that can be the story's outlet, best first: an ``author`` that is an
    Organization, ``sourceOrganization``, ``isBasedOn``, then ``publisher`` (which is the
    aggregator itself on aggregator pages: the loader drops the site's own names). URLs
    there say only a host, never a name, and are left out."""
    authors = obj.get("author")
    authors = authors if isinstance(authors, list) else [authors]
    names = [
        _name(a)
        for a in authors
        if isinstance(a, dict) and any("organization" in t for t in _types(a))
    ]
    names += [_name(obj.get(k)) for k in ("sourceOrganization", "isBasedOn", "publisher")]
    return [n for n in names if n and not _is_url(n)]


def _is_url(value: str) -> bool:
    return value.lower().startswith(("http:", "https:", "//"))


_LANG = etree.XPath("/html/@lang")
#: Meta tags giving the publication date, best first (Open Graph, schema.org microdata,
#: the names CMSs and analytics tags use, Dublin Core).
_DATE_METAS = (
    "article:published_time",
    "og:published_time",
    "article:published",
    "datePublished",
    "pubdate",
    "publishdate",
    "publish-date",
    "publish_date",
    "pub_date",
    "parsely-pub-date",
    "sailthru.date",
    "cXenseParse:recs:publishtime",
    "date",
    "dc.date",
    "dc.date.issued",
    "dcterms.issued",
    "dcterms.created",
    "dcterms.date",
    "citation_publication_date",
)
#: ``<link rel>`` values naming the original of a republished story.
_ORIGINAL_RELS = ("original-source", "syndication-source", "isBasedOn")
#: Meta tags naming the original of a republished story: its URL (Google News'
#: ``original-source``, ``syndication-source``) or, in Dublin Core's ``source``, either.
_ORIGINAL_METAS = ("original-source", "syndication-source", "dc.source")


class _Tags:
    """The page's ``<script>``, ``<link>``, ``<time>`` and ``<meta>`` elements in document
    order, found in one walk of the tree (an XPath a kind would walk all of it each time)."""

    def __init__(self, root: HtmlElement) -> None:
        self.scripts: list[HtmlElement] = []
        self.links: list[HtmlElement] = []
        self.times: list[HtmlElement] = []
        self.metas: list[HtmlElement] = []
        kinds = {
            "script": self.scripts,
            "link": self.links,
            "time": self.times,
            "meta": self.metas,
        }
        for el in root.iter("script", "link", "time", "meta"):
            kinds[el.tag].append(el)

    def hrefs(self, *rels: str) -> list[str]:
        """``href`` of each ``<link>`` whose ``rel`` is one of ``rels`` (the whole value)."""
        found = (link.get("href") for link in self.links if link.get("rel") in rels)
        return [href for href in found if href is not None]

    def datetimes(self) -> list[str]:
        """``datetime`` of each ``<time>`` that has one."""
        return [v for v in (t.get("datetime") for t in self.times) if v is not None]


def json_ld_articles(
    root: HtmlElement, scripts: list[HtmlElement] | None = None
) -> list[dict[str, Any]]:
    """Every JSON-LD object of an article type in the page (``scripts``: its ``<script>``
    elements, if found already); broken blocks are skipped."""
    found: list[dict[str, Any]] = []
    for script in root.iter("script") if scripts is None else scripts:
        if "ld+json" not in (script.get("type") or ""):
            continue
        try:
            data = json.loads(script.text or "", strict=False)
        except ValueError:
            logger.debug("Unreadable JSON-LD block skipped")
            continue
        found.extend(obj for obj in _objects(data) if _types(obj) & _ARTICLE_TYPES)
    found.sort(key=lambda obj: "webpage" in _types(obj))
    return found


def _body_text(body: str) -> str | None:
    """``articleBody`` as plain lines (some sites put HTML or entities in it); None if cut off."""
    if "<" in body and ">" in body:
        try:
            fragment = lxml.html.fragment_fromstring(body, create_parent="div")
            body = "\n".join(paragraphs([fragment]))
        except (etree.ParserError, ValueError):
            pass
    body = html.unescape(body)
    return None if is_truncated(body) else body


class _Metas:
    """The page's ``<meta>`` contents by property, name and itemprop (read once, when first
    asked): ``first`` is what ``//meta[@property=$n or @name=$n or @itemprop=$n]/@content``
    would give, names in any letter case ("DC.date", "dc.date"), first non-blank value
    first."""

    def __init__(self, metas: list[HtmlElement]) -> None:
        self.metas = metas
        self._by_name: dict[str, list[str]] | None = None

    def first(self, *names: str) -> str | None:
        if self._by_name is None:
            self._by_name = {}
            for el in self.metas:
                content = el.get("content")
                if content is None:
                    continue
                for attr in ("property", "name", "itemprop"):
                    key = el.get(attr)
                    if key is not None:
                        self._by_name.setdefault(key.casefold(), []).append(content)
        for name in names:
            for value in self._by_name.get(name.casefold(), ()):
                if value.strip():
                    return clean_text(value)
        return None


def read_metadata(root: HtmlElement, self_names: tuple[str, ...] = ()) -> PageMetadata:
    """Collect the metadata layer; must run before furniture removal drops the scripts."""
    meta = PageMetadata()
    own = {n.casefold() for n in self_names}
    tags = _Tags(root)
    for obj in json_ld_articles(root, tags.scripts):
        meta.title = meta.title or _name(obj.get("headline")) or _name(obj.get("name"))
        meta.date = meta.date or _name(obj.get("datePublished")) or _name(obj.get("dateCreated"))
        body = obj.get("articleBody")
        if not meta.body and isinstance(body, str) and body.strip():
            meta.body = _body_text(body)
        for name in _outlet_names(obj):
            if name.casefold() not in own and not meta.source:
                meta.source = name
        meta.source_url = meta.source_url or _url(obj.get("isBasedOn"))
        meta.language = meta.language or _name(obj.get("inLanguage"))
        free = obj.get("isAccessibleForFree")
        if free is False or str(free).strip().lower() == "false":
            meta.paywalled = True
    metas = _Metas(tags.metas)
    meta.title = meta.title or metas.first("og:title", "twitter:title")
    meta.date = meta.date or metas.first(*_DATE_METAS)
    if not meta.date:
        times = tags.datetimes()
        meta.date = clean_text(times[0]) if times and times[0].strip() else None
    originals = tags.hrefs(*_ORIGINAL_RELS)
    for value in [*originals, *filter(None, map(metas.first, _ORIGINAL_METAS))]:
        value = value.strip()
        if _is_url(value):
            meta.source_url = meta.source_url or value
        elif value and value.casefold() not in own:
            meta.source = meta.source or value
    canonical = tags.hrefs("canonical")
    meta.canonical = canonical[0].strip() if canonical else metas.first("og:url")
    lang = _LANG(root)
    meta.language = meta.language or (lang[0].strip() if lang else None)
    return meta
