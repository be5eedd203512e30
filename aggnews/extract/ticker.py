"""Find the headline ticker and other link furniture by structure, not by class name.

A ticker is a block of many short link-only headlines; a related-stories list and a menu look
the same. Such a block holds no sentence of its own, so it cannot be the story: drop it.
A ticker rendered as plain text (headlines separated by runs of spaces) is caught per line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from lxml.html import HtmlElement

from aggnews.extract.html import SILENT_TAGS, drop, text_content
from aggnews.text import CONTROL as _CONTROL
from aggnews.text import clean_text

_CONTAINERS = frozenset("div ul ol section nav aside marquee table tbody p span td header".split())
_LINK_OR_SILENT = ("a", *SILENT_TAGS)
#: A gap between two headlines of a plain-text ticker: three blanks or more, or a bar or
#: bullet between spaces (written to open with ``\s``: the regex engine then skips to the
#: next white space instead of trying the pattern at every character).
_GAP = re.compile(r"\s(?:(?<=[ \t\xa0])[ \t\xa0]{2,}|[|•·]\s)")


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

    def __post_init__(self) -> None:
        if self.min_links < 1:  # the walk reads leaves inline: a block holds a link
            raise ValueError(f"a link block holds at least one link, not {self.min_links}")


@dataclass
class TickerReport:
    """What the ticker pass removed."""

    blocks: int = 0
    headlines: set[str] = field(default_factory=set)


def remove_link_blocks(root: HtmlElement, rule: LinkBlockRule | None = None) -> TickerReport:
    """Drop the outermost link blocks under ``root``; report their headlines.

    A link block is a container of at least ``min_links`` links whose text is mostly link
    text, with no loose (non-link) text run long enough to be a sentence and short links
    (``LinkBlockRule``). One pass, bottom up: the links of a subtree are a contiguous run of
    the page's links in document order, so each element's counts come from its children's
    without walking any subtree twice; the outermost block wins.
    """
    rule = rule or LinkBlockRule()
    report = TickerReport()
    walk = _Walk(rule, root)
    walk.summarise(root, quiet=False)
    blocks = walk.blocks
    found = [el for el in blocks if not any(a in blocks for a in el.iterancestors())]
    for el in found:  # the outermost blocks: no block above them
        first, end = blocks[el]
        report.headlines.update(t for t in walk.texts[first:end] if t)
    report.blocks = drop(found)
    return report


class _Walk:
    """The page's links in document order, and the link blocks found so far."""

    def __init__(self, rule: LinkBlockRule, top: HtmlElement) -> None:
        self.rule = rule
        self.top = top
        self.texts: list[str] = []
        #: Links with text among the first ``i`` links, for each ``i`` (a block's count).
        self.counts: list[int] = [0]
        self.blocks: dict[HtmlElement, tuple[int, int]] = {}
        #: Elements with a link or a silent tag below them (the others hold no block).
        linked: set[HtmlElement] = set()
        self.linked = linked
        for el in top.iter(*_LINK_OR_SILENT):
            # getparent() in a loop: an iterancestors() iterator a link costs twice as much
            parent = el.getparent()
            while parent is not None and parent not in linked:
                linked.add(parent)
                parent = parent.getparent()

    def summarise(self, el: HtmlElement, quiet: bool) -> tuple[int, int]:
        """(longest loose text, total loose text) of ``el``; its links are appended to
        ``texts``. Loose text is text outside links and silent tags (``quiet``)."""
        tag = el.tag
        if not isinstance(tag, str):  # comments, processing instructions
            return 0, 0
        first = len(self.texts)
        if tag == "a":
            text = clean_text(text_content(el))
            self.texts.append(text)
            self.counts.append(self.counts[-1] + (1 if text else 0))
            quiet = True
        elif tag in SILENT_TAGS:
            quiet = True
        longest = total = 0
        if el not in self.linked and len(el):
            # no link below, so no block: only the loose text counts, and no call per child
            if quiet:
                return 0, 0
            for text in el.itertext():
                length = _length(text)
                if length > longest:
                    longest = length
                total += length
            return longest, total
        text = el.text
        if text and not quiet:
            longest = total = _length(text)
        texts, counts = self.texts, self.counts
        for child in el:
            if len(child):
                sub_longest, sub_total = self.summarise(child, quiet)
                if sub_longest > longest:
                    longest = sub_longest
                total += sub_total
            else:  # a leaf, read here: a block holds a link, so a leaf is never one
                child_tag = child.tag
                if child_tag == "a":
                    text = clean_text(child.text or "")
                    texts.append(text)
                    counts.append(counts[-1] + (1 if text else 0))
                elif not quiet and child_tag not in SILENT_TAGS and isinstance(child_tag, str):
                    text = child.text
                    if text:
                        length = _length(text)
                        if length > longest:
                            longest = length
                        total += length
            tail = child.tail
            if tail and not quiet:
                length = _length(tail)
                if length > longest:
                    longest = length
                total += length
        if tag in _CONTAINERS and el is not self.top:
            self._check(el, first, longest, total)
        return longest, total

    def _check(self, el: HtmlElement, first: int, longest: int, total: int) -> None:
        rule = self.rule
        end = len(self.texts)
        if self.counts[end] - self.counts[first] < rule.min_links or longest > rule.max_loose_text:
            return
        links = [len(t) for t in self.texts[first:end] if t]
        link_len = sum(links)
        if link_len < rule.min_link_share * (link_len + total):
            return
        if sorted(links)[len(links) // 2] <= rule.max_median_link:
            self.blocks[el] = (first, end)


def _length(text: str) -> int:
    """Length of ``text`` as ``clean_text`` would leave it (spaces collapsed), cheaply."""
    if text.isspace():
        return 0
    if text.isprintable():  # its only white space is spaces
        if "  " not in text:  # single spaces: only one at either end goes
            return len(text) - (text[0] == " ") - (text[-1] == " ") if text else 0
        return len(" ".join(text.split()))
    return len(" ".join(_CONTROL.sub("", text).split()))


def spaced_headlines(raw_line: str, min_parts: int = 5, max_part: int = 160) -> list[str] | None:
    """The headlines of a plain-text ticker line (parts split by runs of spaces), else None."""
    if not _may_have_gaps(raw_line, min_parts - 1):
        return None
    split = _GAP.split(raw_line)
    if len(split) < min_parts:  # cleaning only drops parts: never enough
        return None
    parts = [clean_text(p) for p in split]
    parts = [p for p in parts if p]
    if len(parts) >= min_parts and all(len(p) <= max_part for p in parts):
        return parts
    return None


def _may_have_gaps(line: str, gaps: int) -> bool:
    """False when ``line`` cannot hold ``gaps`` gaps: with no tab or no-break space, a run of
    blanks is a run of three spaces, and the other gaps each hold a bar or a bullet."""
    if "   " in line or "\t" in line or "\xa0" in line:
        return True
    return line.count("|") + line.count("•") + line.count("·") >= gaps
