"""Links a page's scripts follow, for listings whose markup has no ``<a>`` to them: the
story URLs an app's state quotes, cards linked by ``data-href`` or ``onclick``, a "load
more" control's next page, and the story URLs of a "load more" endpoint's JSON."""

from __future__ import annotations

import re
from collections.abc import Callable

from lxml import etree
from lxml.html import HtmlElement
from scrapy.http import TextResponse

#: An inline script: its attributes and its code.
_SCRIPT = re.compile(r"<script\b([^>]*)>(.*?)</script\s*>", re.IGNORECASE | re.DOTALL)
#: A quoted URL or path ("/s/123-abc/", "https://site/story/1").
_QUOTED_URL = re.compile(r'"((?:https?:)?/[^"\s<>]{1,500})"')


def inline_scripts(text: str) -> list[tuple[str, str]]:
    """The (attributes, code) of every script written in page ``text``."""
    return _SCRIPT.findall(text)


def json_links(text: str) -> list[str]:
    """URLs and paths quoted in a JSON text (escaped slashes read as such)."""
    return _QUOTED_URL.findall(text.replace("\\/", "/"))


def script_links(text: str) -> list[str]:
    """URLs and paths quoted in a page's inline scripts (also inside a JSON string, its
    quotes escaped), for a listing whose markup holds no links: a JavaScript app's state."""
    return [
        link for _, code in inline_scripts(text) for link in json_links(code.replace('\\"', '"'))
    ]


_LINK_ATTRIBUTES = ("data-href", "data-url", "data-link", "data-permalink")
_ONCLICK_URL = re.compile(r"location(?:\.href)?\s*=\s*['\"]([^'\"]+)['\"]|open\(\s*['\"]([^'\"]+)")
_LINKED = etree.XPath("//*[" + " or ".join(f"@{a}" for a in (*_LINK_ATTRIBUTES, "onclick")) + "]")


def element_links(root: HtmlElement) -> list[str]:
    """Links a page's script follows from elements that are no ``<a>``: a card's
    ``data-href`` (``data-url``, ``data-link``, ``data-permalink``) or its ``onclick``'s
    ``location.href = '...'`` / ``window.open('...')``."""
    links = []
    for el in _LINKED(root):
        for name in _LINK_ATTRIBUTES:
            value = (el.get(name) or "").strip()
            if value:
                links.append(value)
        links.extend(a or b for a, b in _ONCLICK_URL.findall(el.get("onclick") or ""))
    return links


_NEXT_ATTRIBUTES = ("data-next", "data-next-page", "data-next-url", "data-load-more")
#: Elements that may name the next page a script loads (no ``<a>``: links are read as such).
_CONTROLS = etree.XPath(
    "//*[not(self::a)]["
    + " or ".join(f"@{a}" for a in (*_NEXT_ATTRIBUTES, "data-href", "data-url"))
    + "]"
)


def load_more_links(root: HtmlElement, says_more: Callable[[str], bool]) -> list[str]:
    """The next page a script loads: a ``data-next``-style attribute, or the ``data-href`` /
    ``data-url`` of a control (no ``<a>``) whose words ``says_more`` takes for "load more"
    or "next"."""
    links = []
    for el in _CONTROLS(root):
        for name in _NEXT_ATTRIBUTES:
            value = (el.get(name) or "").strip()
            if value and not value.isdigit():
                links.append(value)
        target = (el.get("data-href") or el.get("data-url") or "").strip()
        if target and says_more(el.text_content()):
            links.append(target)
    return links


def is_json(response: TextResponse) -> bool:
    """A JSON answer (a "load more" endpoint's), by its type or its first character."""
    ctype = response.headers.get(b"Content-Type", b"").decode("latin-1").lower()
    return "json" in ctype or response.body[:64].lstrip()[:1] in (b"{", b"[")
