"""Helpers over lxml trees: block-aware text, element removal."""

from __future__ import annotations

import re
from collections.abc import Iterable

import lxml.html
from lxml import etree
from lxml.html import HtmlElement
from scrapy.http import TextResponse
from scrapy.utils.response import get_base_url

from aggnews.extract.css import PageSource, select
from aggnews.text import clean_text

__all__ = ["PageParser", "PageSource", "select"]

#: Tags that break text into separate paragraphs.
BLOCK_TAGS = frozenset(
    (
        "address article aside blockquote dd div dl dt figcaption figure footer form h1 h2 h3 "
        "h4 h5 h6 header hr li main nav ol p pre section table tbody td th thead tr ul marquee"
    ).split()
)
_BASE = re.compile(rb"<base", re.IGNORECASE)
#: Tags whose text is never story text.
SILENT_TAGS = frozenset("script style noscript template svg button select option".split())


def _tag(el: etree._Element) -> str:
    return el.tag if isinstance(el.tag, str) else ""  # the HTML parser lower-cases tags


def raw_paragraphs(el: HtmlElement) -> list[str]:
    """Text of ``el`` split at block tags and ``<br>``, whitespace kept as in the page."""
    out: list[str] = []
    buf: list[str] = []

    def flush() -> None:
        text = "".join(buf)
        buf.clear()
        if text.strip():
            out.append(text)

    def walk(node: etree._Element) -> None:
        tag = _tag(node)
        if tag and tag not in SILENT_TAGS:
            if tag in BLOCK_TAGS or tag == "br":
                flush()
            if node.text:
                buf.append(node.text)
            for child in node:
                walk(child)
            if tag in BLOCK_TAGS:
                flush()
        if node.tail:
            buf.append(node.tail)
        elif tag and tag not in BLOCK_TAGS and _next_is_element(node):
            buf.append(" ")  # <span>date</span><span>views</span>: two words, not one

    tail, el.tail = el.tail, None
    try:
        walk(el)
    finally:
        el.tail = tail
    flush()
    return out


def _next_is_element(node: etree._Element) -> bool:
    following = node.getnext()
    return following is not None and isinstance(following.tag, str)


def paragraphs(elements: Iterable[HtmlElement]) -> list[str]:
    """Cleaned, non-empty paragraphs of all ``elements`` in order."""
    result: list[str] = []
    for el in elements:
        result.extend(p for p in map(clean_text, raw_paragraphs(el)) if p)
    return result


def text_content(el: HtmlElement) -> str:
    """``el.text_content()``, without its XPath call when ``el`` has no children."""
    if len(el):
        return el.text_content()
    return el.text or ""


def text_of(el: HtmlElement) -> str:
    """All text of ``el`` on one line."""
    return clean_text(" ".join(raw_paragraphs(el)))


def drop(elements: Iterable[HtmlElement]) -> int:
    """Remove ``elements`` from their tree, keeping their tails; returns how many."""
    count = 0
    for el in list(elements):
        parent = el.getparent()
        if parent is None:
            continue
        el.drop_tree()
        count += 1
    return count


class PageParser:
    """Parses a response's HTML into the tree ``response.selector.root`` would be.

    The same input (the decoded text, stripped, NULs removed, as UTF-8) and the same lxml
    parser options as parsel's, so the same tree, but with a parser kept for every page and
    lxml.html's element classes picked in C: lxml.html's own class lookup is a Python call
    for each element the code touches (every element is an ``HtmlElement``; forms and inputs
    get no form helpers, which extraction never uses). A response whose selector was already
    built gives that tree. The tree's base URL is parsel's (a ``<base href>``) only when
    the page has a ``<base>`` tag; else the response's URL, unescaped.
    """

    def __init__(self) -> None:
        self._parser = lxml.html.HTMLParser(recover=True, encoding="utf-8", huge_tree=True)
        self._parser.set_element_class_lookup(
            etree.ElementDefaultClassLookup(
                element=HtmlElement,
                comment=lxml.html.HtmlComment,
                pi=lxml.html.HtmlProcessingInstruction,
                entity=lxml.html.HtmlEntity,
            )
        )

    def parse(self, response: TextResponse) -> tuple[HtmlElement, bytes | None]:
        """The root element of ``response``'s page, and the UTF-8 text it was parsed from
        (None when the response's selector had parsed it)."""
        cached = getattr(response, "_cached_selector", None)
        if cached is not None:
            return cached.root, None
        body = _utf8(response)
        # w3lib's search for <base href> costs a tenth of the parse: only where there is one
        base = get_base_url(response) if _BASE.search(body) else response.url
        root = etree.fromstring(body, parser=self._parser, base_url=base)
        if root is None:
            root = etree.fromstring(b"<html/>", parser=self._parser, base_url=base)
        return root, body


def _utf8(response: TextResponse) -> bytes:
    """The response's text, stripped, without NULs, as UTF-8: its own body, stripped, when
    that is all of this already (UTF-8 that decoded without a replaced byte, no BOM, no
    white space at either end but ASCII's)."""
    text = response.text
    if (
        response.encoding == "utf-8"
        and "\x00" not in text
        and "\ufffd" not in text
        and not response.body.startswith(b"\xef\xbb\xbf")
    ):
        inner = text.strip(_ASCII_SPACE)
        if inner and not inner[0].isspace() and not inner[-1].isspace():
            return response.body.strip()
    return text.strip().replace("\x00", "").encode("utf-8") or b"<html/>"


#: What ``bytes.strip()`` strips.
_ASCII_SPACE = " \t\n\r\x0b\x0c"
