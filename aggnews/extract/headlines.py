"""Headlines by rules that know no site: the heading nearest above the story, the part of
a ``<title>`` the page shows, the site's name cut off, and, last, the unmarked line above the
story's text."""

from __future__ import annotations

import re
from functools import lru_cache
from urllib.parse import urlsplit

from lxml.html import HtmlElement

from aggnews.datetext import find_date_text
from aggnews.extract.cues import SOURCE_LINE, SOURCE_WORDS
from aggnews.extract.furniture import Furniture
from aggnews.extract.generic import longest_run
from aggnews.extract.html import text_of
from aggnews.text import ODD_FOLDS, comparable, may_hold

#: Class or itemprop of an element styled as the headline.
_HEADLINE_CLASS = re.compile(r"headline|title|heading", re.IGNORECASE)


def nearest_heading(root: HtmlElement, lines: list[str], furniture: Furniture) -> str | None:
    """The headline nearest above the story's text (its longest run of prose lines): an
    h1-h3 or an element whose class says headline, never a logo (a heading that is a link
    home or an image only) and, when a longer one exists, not a one- or two-word section
    heading."""
    headings = {t for t in map(text_of, _headline_elements(root)) if 8 <= len(t) <= 300}
    run = longest_run(lines, furniture)
    if not run or not headings:
        return None
    first = lines.index(run[0])
    above = [line for line in lines[:first] if line in headings]
    full = [line for line in above if len(line.split()) >= 3]
    chosen = (full or above)[-1:]
    return chosen[0] if chosen else None


def line_above_story(lines: list[str], furniture: Furniture) -> str | None:
    """The line just above the story's text (its longest run of prose lines), past the
    date, byline, source and toolbar lines a page sets between them: a headline the markup
    does not mark (no heading, no class, no ``<title>``). Three to thirty words, not a
    sentence or a breadcrumb trail. (A standfirst under the headline is taken for it.)"""
    run = longest_run(lines, furniture)
    if not run:
        return None
    for line in reversed(lines[: lines.index(run[0])]):
        if _between_headline_and_text(line, furniture):
            continue
        words = len(line.split())
        if 3 <= words <= 30 and len(line) <= 200 and not _NOT_A_HEADLINE.search(line):
            return line
        return None
    return None


#: A sentence's or a label's end, or a breadcrumb trail's separator.
_NOT_A_HEADLINE = re.compile(r"[.:،,]$|\s[›»>/]\s")


def _between_headline_and_text(line: str, furniture: Furniture) -> bool:
    """A date, byline, source, toolbar or furniture line."""
    return bool(
        find_date_text(line)
        or SOURCE_LINE.match(line)
        or _LABELLED.match(line)
        or _is_toolbar(line)
        or furniture.is_boilerplate(line)
        or furniture.is_furniture(line)
    )


#: A byline or source line: a label, then its value ("Par : X", "المصدر: X", "By X").
_LABELLED = re.compile(
    r"^(?:(?:" + SOURCE_WORDS + r"|بقلم|كتب|كتبت|إعداد|written by)\s*[:：]|(?:by|par|بقلم)\s)",
    re.IGNORECASE,
)
_TOOL_SEPARATOR = re.compile(r"\s[·•|]\s")


def _is_toolbar(line: str) -> bool:
    """A row of one- or two-word controls ("Partager · Imprimer · Signaler")."""
    parts = _TOOL_SEPARATOR.split(line)
    return len(parts) >= 3 and all(len(part.split()) <= 2 for part in parts)


def _headline_elements(root: HtmlElement) -> list[HtmlElement]:
    found = []
    for el in root.iter("h1", "h2", "h3", "div", "span", "p", "strong"):
        if el.tag not in ("h1", "h2", "h3"):
            marks = f"{el.get('class', '')} {el.get('itemprop', '')}"
            if not _HEADLINE_CLASS.search(marks) or len(el) > 2:
                continue
        links = el.findall(".//a")
        if any(_is_home_link(a.get("href") or "") for a in links):
            continue
        found.append(el)
    return found


def _is_home_link(href: str) -> bool:
    parts = urlsplit(href.strip())
    return parts.path in ("", "/", "./", "/index.html") and not parts.query and not parts.fragment


#: What a page's ``<title>`` or og:title puts between the headline and a section, the site's
#: name or a date ("Headline | Section", "Headline - Site", "Headline | Site | 28.04.2023";
#: Korean pages write a Hangul letter as the bar: "Headline-SectionㅣSite").
_TITLE_SEPARATOR = re.compile(r"\s+[|\-–—·•]\s+|\s*[|｜ㅣ]\s*")
#: Any mark that may join a headline to a section or site name, spaced or not.
_ANY_SEPARATOR = re.compile(r"\s*[|｜ㅣ\-–—·•]\s*")


def headline_part(title: str, root: HtmlElement, source: str | None = None) -> str:
    """``title`` cut at the last separator that leaves a headline the page shows as an
    ``<h1>`` (of two words at least, compared as ``comparable`` text); else, with the page's
    ``source``, cut where the head, most of the title, is a string the page's data quotes
    whole (an app's state, JSON-LD: ``"title":"Headline"``); else ``title``. A colon is no
    cut: a kicker before one ("Brexit: ...") is the headline's, and pages quote it alone."""
    separators = list(_TITLE_SEPARATOR.finditer(title))
    if not separators:
        return title
    shown = {comparable(text) for text in (text_of(h1) for h1 in root.iter("h1")) if text}
    for match in reversed(separators):
        head = title[: match.start()].strip()
        key = comparable(head)
        if key in shown and " " in key:
            return head
    if source:
        for match in reversed(list(_ANY_SEPARATOR.finditer(title))):
            head = title[: match.start()].strip()
            if " " in head and 2 * len(head) >= len(title) and _quoted(head, source):
                return head
    return title


def _quoted(text: str, source: str) -> bool:
    """True when ``source`` holds ``text`` as a whole quoted string (any run of white space,
    no-break spaces included, between its words)."""
    words = text.split()
    pattern = '"' + r"\s+".join(map(re.escape, words)) + '"'
    return re.search(pattern, source) is not None


def strip_site_name(title: str, names: tuple[str, ...]) -> str:
    """``title`` without a leading or trailing "| Site name"."""
    # only the names the title may hold go into the pattern: one pattern a new outlet
    # name costs more than the rest of the page
    present = tuple(n for n in names if ODD_FOLDS.search(n) or may_hold(title, (n.lower(),)))
    pattern = _site_name_pattern(present) if present else None
    for _ in names:  # "Headline | Site | Site-ar": each name may go, one at a time
        stripped = pattern.sub("", title) if pattern else title
        if stripped == title:
            break
        title = stripped
    return title.strip()


@lru_cache(maxsize=1024)
def _site_name_pattern(names: tuple[str, ...]) -> re.Pattern[str]:
    """Any of ``names`` after or before a separator, at the end or the start of a title."""
    alternatives = "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))
    return re.compile(
        rf"\s+[|\-–—:]\s+(?:{alternatives})\s*$|^\s*(?:{alternatives})\s+[|\-–—:]\s+", re.I
    )


def page_titles(root: HtmlElement) -> list[str]:
    """Title candidates, best first: every ``<h1>``, then the ``<title>``."""
    candidates = [text_of(h1) for h1 in root.iter("h1")]
    title = root.find(".//title")
    if title is not None:
        candidates.append(text_of(title))
    return [c for c in candidates if c]
