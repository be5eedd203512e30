"""Find the headline ticker and other link furniture by structure, not by class name.

A ticker is a block of many short link-only headlines; a related-stories list and a menu look
the same. Such a block holds no sentence of its own, so it cannot be the story: drop it.
A ticker rendered as plain text (headlines separated by runs of spaces) is caught per line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from lxml.html import HtmlElement

from aggnews.extract.html import SILENT_TAGS, drop
from aggnews.text import CONTROL as _CONTROL
from aggnews.text import clean_text

_CONTAINERS = frozenset("div ul ol section nav aside marquee table tbody p span td header".split())
_GAP = re.compile(r"[ \t\xa0]{3,}|\s[|•·]\s")


@dataclass
class LinkBlockRule:
    """Thresholds of a link block (defaults fit a ticker of 15-30 headlines and most menus)."""

    min_links: int = 5
    #: Share of the block's text that is link text.
    min_link_share: float = 0.6
    #: A block with a non-link text run longer than this holds a sentence: not furniture.
    max_loose_text: int = 80
    #: Median link text above this is not a headline list.
    max_median_link: int = 160


@dataclass
class TickerReport:
    """What the ticker pass removed."""

    blocks: int = 0
    headlines: set[str] = field(default_factory=set)


def _loose_texts(el: HtmlElement) -> list[str]:
    """Text of ``el`` outside links and silent tags."""
    texts: list[str] = []

    def walk(node: HtmlElement, inside_link: bool) -> None:
        tag = node.tag.lower() if isinstance(node.tag, str) else ""
        if not tag or tag in SILENT_TAGS:
            pass
        else:
            link = inside_link or tag == "a"
            if node.text and not link:
                texts.append(node.text)
            for child in node:
                walk(child, link)
        if node.tail and not inside_link and node is not el:
            texts.append(node.tail)

    walk(el, False)
    return [t for t in (clean_text(t) for t in texts) if t]


def is_link_block(el: HtmlElement, rule: LinkBlockRule) -> list[str] | None:
    """The block's link texts when ``el`` is a block of short link-only headlines, else None."""
    links = [clean_text(a.text_content()) for a in el.iter("a")]
    links = [t for t in links if t]
    if len(links) < rule.min_links:
        return None
    loose = _loose_texts(el)
    if any(len(t) > rule.max_loose_text for t in loose):
        return None
    link_len = sum(map(len, links))
    if link_len < rule.min_link_share * (link_len + sum(map(len, loose))):
        return None
    if sorted(map(len, links))[len(links) // 2] > rule.max_median_link:
        return None
    return links


def remove_link_blocks(root: HtmlElement, rule: LinkBlockRule | None = None) -> TickerReport:
    """Drop the outermost link blocks under ``root``; report their headlines.

    One pass, bottom up: each element's link texts and loose texts are gathered from its
    children's, so no subtree is walked twice; the same blocks as ``is_link_block`` applied
    top down (the outermost one wins).
    """
    rule = rule or LinkBlockRule()
    report = TickerReport()
    found: list[HtmlElement] = []
    summaries: dict[HtmlElement, _Summary] = {}
    _summarise(root, summaries, rule, top=root)
    stack = list(root)
    while stack:
        el = stack.pop()
        summary = summaries.get(el)
        if summary is not None and summary.block:
            found.append(el)
            report.headlines.update(summary.links)
            continue
        stack.extend(el)
    report.blocks = drop(found)
    return report


@dataclass
class _Summary:
    links: list[str]
    #: Longest loose (non-link) text run, and the total length of loose text.
    longest_loose: int
    loose_len: int
    block: bool = False


def _summarise(
    el: HtmlElement,
    out: dict[HtmlElement, _Summary],
    rule: LinkBlockRule,
    top: HtmlElement,
    quiet: bool = False,
) -> _Summary:
    """Link texts and loose-text lengths of ``el``, as ``is_link_block`` counts them: every
    link's text (nested ones too), and text outside links and silent tags (``quiet``)."""
    tag = el.tag.lower() if isinstance(el.tag, str) else ""
    if not tag:
        return _Summary([], 0, 0)
    links: list[str] = []
    if tag == "a":
        text = clean_text(el.text_content())
        if text:
            links.append(text)
    quiet = quiet or tag == "a" or tag in SILENT_TAGS
    longest = total = 0
    if el.text and not quiet:
        longest = total = _length(el.text)
    for child in el:
        sub = _summarise(child, out, rule, top, quiet)
        links.extend(sub.links)
        longest = max(longest, sub.longest_loose)
        total += sub.loose_len
        if child.tail and not quiet:
            length = _length(child.tail)
            longest = max(longest, length)
            total += length
    summary = _Summary(links, longest, total)
    if el is not top and tag in _CONTAINERS:
        summary.block = _is_block(summary, rule)
        out[el] = summary
    return summary


def _length(text: str) -> int:
    """Length of ``text`` as ``clean_text`` would leave it (spaces collapsed), cheaply."""
    return len(" ".join(_CONTROL.sub("", text).split()))


def _is_block(summary: _Summary, rule: LinkBlockRule) -> bool:
    links = summary.links
    if len(links) < rule.min_links or summary.longest_loose > rule.max_loose_text:
        return False
    link_len = sum(map(len, links))
    if link_len < rule.min_link_share * (link_len + summary.loose_len):
        return False
    return sorted(map(len, links))[len(links) // 2] <= rule.max_median_link


def spaced_headlines(raw_line: str, min_parts: int = 5, max_part: int = 160) -> list[str] | None:
    """The headlines of a plain-text ticker line (parts split by runs of spaces), else None."""
    parts = [clean_text(p) for p in _GAP.split(raw_line)]
    parts = [p for p in parts if p]
    if len(parts) >= min_parts and all(len(p) <= max_part for p in parts):
        return parts
    return None
