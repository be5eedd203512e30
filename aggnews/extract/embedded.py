"""Story text a page ships only inside its scripts: a JavaScript app's state (Next.js, React
Query, Nuxt, Apollo) holding the story as an HTML string, with markup that shows none of it.

The rule knows no framework: every long string literal in the page's inline scripts is
decoded (a literal holding escaped JSON is read once more, as Next.js streams its state),
and the literal holding the most paragraph text, in two paragraph tags or more, is the
story's HTML. Its headline, outlet and date are the values of the nearest keys that name
them, in the object beside it.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field

import lxml.html
from lxml import etree

from aggnews.crawling.scriptlinks import inline_scripts
from aggnews.extract.furniture import Furniture
from aggnews.extract.html import raw_paragraphs
from aggnews.text import clean_text

#: Scripts that are not inline code (``src``), or JSON-LD, read as metadata.
_EXTERNAL = re.compile(r"\bsrc\s*=|ld\+json", re.IGNORECASE)
#: A double-quoted string literal of 200 characters or more (JSON's or JavaScript's).
_LITERAL = re.compile(r'"((?:[^"\\\n]|\\.){200,})"')
#: A script that may hold a story's HTML: a paragraph tag, plain or escaped.
_MARKUP_HINT = re.compile(r"<(?:p|br)\b|\\u003c|\\x3c", re.IGNORECASE)
_PARAGRAPH_TAG = re.compile(r"<(?:p|br|h[2-6])\b", re.IGNORECASE)
_TAG = re.compile(r"<[^<>]*>")
_P_ELEMENT = re.compile(r"<p\b[^>]*>(.*?)</p\s*>", re.IGNORECASE | re.DOTALL)
#: JSON keys or code: a string holding them is data, whose own strings may hold the story.
_CODE = re.compile(r'"\s*:\s*["{\[]|[{;]\s*(?:var|function|return)\b')
#: A placeholder a template left in the text ("$$ARTICLEAD$$", "{{ad}}", "[[AD_SLOT]]").
_PLACEHOLDER = re.compile(r"^(?:\$\$|\{\{|\[\[|%%)[\w.-]+(?:\$\$|\}\}|\]\]|%%)$")
#: Elements of a story's HTML that are not its text.
_NOT_TEXT = (
    "//figure | //figcaption | //*[contains(concat(' ', normalize-space(@class), ' '),"
    " ' caption ')] | //script | //style | //iframe | //button"
)
#: The most of a page's HTML read for scripts.
_MAX_SCRIPT_BYTES = 5_000_000
#: How far from the story's HTML its other fields may sit.
_NEAR = 4000
#: A key's string value (escaped text spells a letter in up to six characters).
_VALUE = r'\s*:\s*"(?P<value>(?:[^"\\\n]|\\.){2,600})"'
_TITLE_KEY = re.compile(r'"(?:title|headline)"' + _VALUE, re.IGNORECASE)
#: An outlet's key ("source", "sourceName", "publisher": {"name": ...}, "outlet", "newspaper").
_SOURCE_KEY = re.compile(
    r'"(?:source|publisher|outlet|newspaper|provider)(?:_?name|_?title)?"'
    r'(?:\s*:\s*\{[^{}]{0,300}?"(?:name|title)")?' + _VALUE,
    re.IGNORECASE,
)
#: A publication date's key ("datePublished", "publishedAt", "publish_date", "pubDate",
#: "date"); not a modification's.
_DATE_KEY = re.compile(
    r'"(?:date_?published|published_?(?:at|on|date|time)?|publish_?(?:date|time|dt)|pub_?date'
    r"|publication_?date|date|created_?(?:at|date)?|first_?published(?:_?at)?)\"" + _VALUE,
    re.IGNORECASE,
)


@dataclass
class EmbeddedStory:
    """The story an app's state holds: its HTML and the fields beside it (None: absent)."""

    html: str
    title: str | None = None
    #: Outlet names, nearest first (the nearest may be the aggregator's own).
    sources: list[str] = field(default_factory=list)
    date: str | None = None


def embedded_story(page_text: str) -> EmbeddedStory | None:
    """The story in the page's inline scripts, or None when none holds one."""
    if len(page_text) > _MAX_SCRIPT_BYTES:
        page_text = page_text[:_MAX_SCRIPT_BYTES]
    best: tuple[str, str, int, int] | None = None  # html, its text, where it sits
    best_length = 0
    for attributes, code in inline_scripts(page_text):
        if _EXTERNAL.search(attributes) or len(code) < 200 or not _MARKUP_HINT.search(code):
            continue
        for value, text, start, end in _strings(code, depth=2):
            length = _paragraph_text(value)
            if length > best_length:
                best, best_length = (value, text, start, end), length
    if best is None:
        return None
    html, text, start, end = best
    return EmbeddedStory(
        html=html,
        title=_beside(_TITLE_KEY, text, start, end),
        sources=_all_beside(_SOURCE_KEY, text, start, end),
        date=_beside(_DATE_KEY, text, start, end),
    )


def _beside(key: re.Pattern[str], text: str, start: int, end: int) -> str | None:
    """The value of the nearest ``key`` within ``_NEAR`` characters of ``text[start:end]``
    (the story's other fields sit beside its HTML in the same object)."""
    values = _all_beside(key, text, start, end)
    return values[0] if values else None


def _all_beside(key: re.Pattern[str], text: str, start: int, end: int) -> list[str]:
    """The values of every ``key`` near ``text[start:end]``, nearest first, each once."""
    window_start = max(start - _NEAR, 0)
    found = sorted(
        (min(abs(m.start() - start), abs(m.start() - end)), m.group("value"))
        for m in key.finditer(text, window_start, end + _NEAR)
    )
    values: list[str] = []
    for _, raw in found:
        value = _decode(raw)
        value = " ".join(value.split()) if value else ""
        if value and value not in values:
            values.append(value)
    return values


def _paragraph_text(value: str) -> int:
    """Characters of text ``value`` holds in two paragraphs or more (``<p>`` elements; in a
    ``<br>``-broken text without them, all its text)."""
    tags = len(_PARAGRAPH_TAG.findall(value))
    if tags < 2:
        return 0
    paragraphs = _P_ELEMENT.findall(value)
    if paragraphs:
        return sum(len(" ".join(_TAG.sub(" ", p).split())) for p in paragraphs)
    return len(" ".join(_TAG.sub(" ", value).split()))


def _strings(code: str, depth: int) -> Iterator[tuple[str, str, int, int]]:
    """The decoded long string literals of ``code`` (and of literals holding JSON), each
    with the text it sits in and its place there."""
    for match in _LITERAL.finditer(code):
        value = _decode(match.group(1))
        if value is None:
            continue
        if _CODE.search(value):  # JSON or code in a string: the strings inside are values
            if depth > 1:
                yield from _strings(value, depth - 1)
            continue
        yield value, code, match.start(), match.end()


def _decode(literal: str) -> str | None:
    try:
        return json.loads(f'"{literal}"')
    except ValueError:  # JavaScript escapes JSON lacks ("\'", "\x3c")
        try:
            return json.loads('"' + literal.replace("\\'", "'").replace("\\x", "\\u00") + '"')
        except ValueError:
            return None


def embedded_lines(html: str, furniture: Furniture) -> list[str]:
    """The paragraphs of a story's HTML, less figures, captions and furniture lines."""
    try:
        root = lxml.html.fragment_fromstring(html, create_parent="div")
    except (etree.ParserError, ValueError):
        return []
    for el in root.xpath(_NOT_TEXT):
        parent = el.getparent()
        if parent is not None:
            el.drop_tree()
    lines = (clean_text(raw) for raw in raw_paragraphs(root))
    return [
        line
        for line in lines
        if line and not _PLACEHOLDER.match(line) and not furniture.is_furniture(line)
    ]


#: A page showing less story text than this may be an app's shell.
_SHELL_TEXT = 500
_MIN_SCRIPT_TEXT = 200


def shell_story(
    page_text: str, lines: list[str], furniture: Furniture
) -> tuple[EmbeddedStory, list[str]] | None:
    """On a page whose ``lines`` show next to no story, the story its scripts hold and its
    lines, when those are at least twice what the page shows."""
    if sum(map(len, lines)) >= 4 * _SHELL_TEXT:
        return None  # the cheap tests first: most pages show plenty, few hold a story
    story = embedded_story(page_text)
    if story is None:
        return None
    shown = sum(len(line) for line in lines if not furniture.is_furniture(line))
    if shown >= _SHELL_TEXT:
        return None
    story_lines = embedded_lines(story.html, furniture)
    if sum(map(len, story_lines)) < max(2 * shown, _MIN_SCRIPT_TEXT):
        return None
    return story, story_lines
