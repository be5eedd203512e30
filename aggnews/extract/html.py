"""Helpers over lxml trees: block-aware text, element removal."""

from __future__ import annotations

from collections.abc import Iterable

from lxml import etree
from lxml.html import HtmlElement

from aggnews.extract.css import PageSource, select
from aggnews.text import clean_text

__all__ = ["PageSource", "select"]

#: Tags that break text into separate paragraphs.
BLOCK_TAGS = frozenset(
    (
        "address article aside blockquote dd div dl dt figcaption figure footer form h1 h2 h3 "
        "h4 h5 h6 header hr li main nav ol p pre section table tbody td th thead tr ul marquee"
    ).split()
)
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
