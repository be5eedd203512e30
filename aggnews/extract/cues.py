"""Text-cue layer: the "Published in SOURCE on DATE" line and the "read at source" link."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from lxml.html import HtmlElement

from aggnews.datetext import find_date_text, normalise_date_text
from aggnews.extract.html import text_content
from aggnews.text import clean_text, may_hold

#: "Published in SOURCE on DATE" in English, Arabic and French (source and date captured).
PUBLISHED_LINE = re.compile(
    r"(?:Published\s+(?:in|on|by)\s+(?P<en_source>.+?)\s+on\s+(?P<en_date>(?:\w+\.?,?\s+)?\d.*)"
    r"|نشر\s*(?:في|فى|ب)\s+(?P<ar_source>.+?)\s+(?:يوم|بتاريخ)\s+(?P<ar_date>(?:\S+\s+)?[\d٠-٩].*)"
    r"|Publié\s+(?:dans|sur|par)\s+(?P<fr_source>.+?)\s+le\s+(?P<fr_date>(?:\w+\s+)?\d.*))",
    re.IGNORECASE,
)
#: Text of a link to the story at its original outlet.
READ_AT_SOURCE = re.compile(
    r"clic?k?\s+here\s+to\s+read|read\s+(?:the\s+)?(?:story|article|more)\s+(?:from|at|on)\s+"
    r"(?:its|the)\s+(?:original\s+)?source|(?:انقر|اضغط)\s+هنا\s+لقراءة|لقراءة\s+الخبر\s+من\s+مصدره"
    r"|cliquez\s+ici\s+pour\s+lire|lire\s+(?:l'article|la\s+suite)\s+(?:sur|à|depuis)"
    r"|continue\s+reading\s+(?:at|on)|تابع\s+القراءة\s+(?:على|في)|اقرأ\s+المزيد\s+(?:على|في|من)"
    r"|اقرأ\s+(?:الخبر|المقال)\s+(?:كاملاً?\s+)?(?:على|في|من)",
    re.IGNORECASE,
)
#: Words every match of ``READ_AT_SOURCE`` holds, one per alternative at least.
_READ_AT_SOURCE_WORDS = ("here", "source", "لقراءة", "pour", "lire", "continue", "القراءة", "اقرأ")


def says_read_at_source(text: str, lower: str | None = None) -> bool:
    """``text`` says "read the story at its source" (``READ_AT_SOURCE``; ``lower``:
    ``text.lower()``, if the caller has it)."""
    return may_hold(text, _READ_AT_SOURCE_WORDS, lower) and READ_AT_SOURCE.search(text) is not None


#: The words that label a story's outlet (an alternation for the patterns below).
SOURCE_WORDS = r"source|sources|المصدر|مصدر الخبر|المصدر الأصلي|par"
#: A line naming the outlet alone: "Source: Reuters", "المصدر: وكالة الأنباء", "Source : APS",
#: "مصدر الخبر : الأهرام", "Par : APS" (a space before the colon or none; without a colon,
#: "SOURCE Company" is a press release's trailer, not an outlet).
SOURCE_LINE = re.compile(
    r"^\s*(?:" + SOURCE_WORDS + r")\s*[:：]\s*(?P<source>[^:\d]{2,60}?)\s*\.?$", re.I
)

#: The label of such a line standing alone, its outlet on the next line ("المصدر:", "Source :").
SOURCE_LABEL = re.compile(r"^\s*(?:" + SOURCE_WORDS + r")\s*[:：]?\s*$", re.I)

#: "Published on DATE in SOURCE" and its Arabic and French forms: the date before the outlet,
#: with the words pages put around them ("First published DATE by X", "نشر هذا الخبر بتاريخ
#: DATE نقلا عن X", "Mis en ligne le DATE par X"); the date ends in its year or its time.
_FILLER = r"(?:\s+(?:this\s+(?:story|article)|هذا\s+(?:الخبر|المقال|الموضوع)|cet\s+article))?"
PUBLISHED_DATE_FIRST = re.compile(
    r"(?:(?:(?:first|originally)\s+)?Published" + _FILLER + r"\s*:?\s+(?:on\s+)?"
    r"(?P<en_date>(?:\w+\.?,?\s+)?\d[^|]*?\d{2})\s*,?\s+"
    r"(?:in|by|on|at|from|via)\s+(?P<en_source>[^\d]{2,60}?)"
    r"|نشر" + _FILLER + r"\s*:?\s+(?:(?:يوم|بتاريخ|في|فى)\s+)?"
    r"(?P<ar_date>(?:\S+\s+)?[\d٠-٩][^|]*?[\d٠-٩]{2})\s*[-،,]?\s+"
    r"(?:في|فى|على|عن|نقلا\s+عن|من|ب)\s*(?P<ar_source>[^\d٠-٩]{2,60}?)"
    r"|(?:Publié|Paru|Mis\s+en\s+ligne)" + _FILLER + r"\s*:?\s+le\s+"
    r"(?P<fr_date>(?:\w+\s+)?\d[^|]*?\d{2})\s*,?\s+"
    r"(?:dans|sur|par|de)\s+(?P<fr_source>[^\d]{2,60}?))\s*[.،,]?$",
    re.IGNORECASE,
)
#: Arabic short vowels and other marks, which a page may or may not write ("نُشر").
_TASHKEEL = re.compile("[\u064b-\u065f\u0670\u0640]")


#: "Published in: X", "نشر في : X": a colon after the verb says nothing.
_COLON_AFTER_VERB = re.compile(
    r"(Published\s+(?:in|on|by)|نشر\s*(?:في|فى)|Publié\s+(?:dans|sur|par))\s*[:：]\s*", re.I
)


@dataclass(frozen=True)
class PublishedLine:
    """A parsed "Published in SOURCE on DATE" line."""

    source: str
    date: str
    line: str


#: "Published in SOURCE" with the date elsewhere (in its own element, or nowhere).
PUBLISHED_SOURCE_ONLY = re.compile(
    r"^(?:Published\s+(?:in|by)|نشر\s*(?:في|فى)|Publié\s+(?:dans|sur|par))\s+"
    r"(?P<source>[^\d:]{2,60}?)\s*[:.]?$",
    re.IGNORECASE,
)


#: Words every match of the "Published" patterns holds (the verbs; "Mis en ligne").
_PUBLISHED_WORDS = ("publi", "نشر", "paru", "mis")


def parse_published_line(text: str) -> PublishedLine | None:
    """The source and date of a "Published in ... on ..." line (date "" when the line names
    only the source), or None."""
    text = clean_text(text)
    if not text.isascii():  # (Arabic marks and tatweel are not ASCII)
        text = _TASHKEEL.sub("", text)
    if not may_hold(text, _PUBLISHED_WORDS):
        return None
    if ":" in text or "：" in text:
        text = _COLON_AFTER_VERB.sub(r"\1 ", text)
    match = PUBLISHED_LINE.search(text) or PUBLISHED_DATE_FIRST.search(text)
    if not match:
        alone = PUBLISHED_SOURCE_ONLY.match(text)
        if alone:
            return PublishedLine(source=alone.group("source").strip(" :،,"), date="", line=text)
        return None
    groups = {k: v for k, v in match.groupdict().items() if v}
    source = next(v for k, v in groups.items() if k.endswith("_source"))
    date = next(v for k, v in groups.items() if k.endswith("_date"))
    return PublishedLine(source=source.strip(" :،,"), date=date.strip(" .،,"), line=text)


def find_published_line(
    lines: list[str], parse: Callable[[str], PublishedLine | None] = parse_published_line
) -> tuple[int, PublishedLine] | None:
    """Index and parse (by ``parse``) of the first "Published in" line among ``lines``."""
    for index, line in enumerate(lines):
        parsed = parse(line) if len(line) < 300 else None
        if parsed:
            return index, parsed
    return None


def find_source_line(lines: list[str]) -> str | None:
    """The outlet of the last "Source: X" line among ``lines``."""
    for line in reversed(lines):
        match = SOURCE_LINE.match(line) if len(line) < 100 else None
        if match:
            return match.group("source")
    return None


#: What a "read at source" link calls the outlet when it does not name it.
_NOT_A_NAME = re.compile(
    r"^(?:(?:its|the|sa|la|son|le)\s+)?(?:original\s+)?(?:source|site|website|origine)"
    r"|^(?:ال)?مصدر(?:ه|ها)?(?:\s+الأصلي)?$|^(?:ال)?موقع",
    re.IGNORECASE,
)
#: A pattern's match that ends in its preposition: the outlet's name follows.
_ENDS_IN_PREPOSITION = re.compile(r"(?:sur|à|depuis|at|on|from|على|في|من)$", re.IGNORECASE)


def read_at_source(root: HtmlElement) -> tuple[list[str], list[str]]:
    """Hrefs of links whose text, or whose short line around them, says "read the story at
    its source" ("تابع القراءة على <a>الصباح</a>"), and the outlets they name: after the
    words ("Lire l'article sur La Presse") or as the link after them ("الصباح"); not "its
    source", "مصدره"."""
    hrefs: list[str] = []
    names: list[str] = []
    for a in root.iter("a"):
        href = (a.get("href") or "").strip()
        text = clean_text(text_content(a))
        if not href and not text:
            continue
        match = READ_AT_SOURCE.search(text) if says_read_at_source(text) else None
        name = ""
        if match is not None:
            name = text[match.end() :] if _ENDS_IN_PREPOSITION.search(match[0]) else ""
        else:
            before = _text_before(a)
            if not says_read_at_source(before + " " + text):
                continue
            found = READ_AT_SOURCE.search(before)  # the words before the link: it names
            if found is not None and not before[found.end() :].strip():
                name = text
        if href:
            hrefs.append(href)
        name = name.strip(" .:،-–—»«\"'")
        if 2 <= len(name) <= 40 and len(text) <= 120 and not _NOT_A_NAME.search(name):
            names.append(name)
    return hrefs, names


def _text_before(a: HtmlElement) -> str:
    """The text just before link ``a`` on its line (at most 60 characters)."""
    previous = a.getprevious()
    if previous is not None:
        before = previous.tail or ""
    else:
        parent = a.getparent()
        before = (parent.text or "") if parent is not None else ""
    return clean_text(before)[-60:]


def source_name(
    text: str, parse: Callable[[str], PublishedLine | None] = parse_published_line
) -> str:
    """The outlet named in a source element: its "Published in" line (read by ``parse``), or
    the text less a date."""
    parsed = parse(text)
    if parsed:
        return parsed.source
    date = find_date_text(text)
    if date:
        text = normalise_date_text(text).replace(date, " ")
    return text.strip(" -|–—:،,")
