"""Links a page's scripts follow, for listings whose markup has no ``<a>`` to them: the
story URLs an app's state quotes, cards linked by ``data-href`` or ``onclick``, a "load
more" control's next page, and the story URLs of a "load more" endpoint's JSON."""

from __future__ import annotations

import re
from collections.abc import Callable

from lxml.html import HtmlElement
from scrapy.http import TextResponse

from aggnews.text import clean_text

_SCRIPT = re.compile(r"<script\b[^>]*>(.*?)</script\s*>", re.IGNORECASE | re.DOTALL)
#: A quoted URL or path in a script ("/s/123-abc/", "https://site/story/1").
_QUOTED_URL = re.compile(r'"((?:https?:)?/[^"\s<>]{1,500})"')


def script_links(text: str) -> list[str]:
    """URLs and paths quoted in a page's inline scripts (JSON's escaped slashes and quotes
    read as such), for a listing whose markup holds no links: a JavaScript app's state."""
    links = []
    for code in _SCRIPT.findall(text):
        code = code.replace("\\/", "/").replace('\\"', '"')
        links.extend(_QUOTED_URL.findall(code))
    return links


_LINK_ATTRIBUTES = ("data-href", "data-url", "data-link", "data-permalink")
_ONCLICK_URL = re.compile(r"location(?:\.href)?\s*=\s*['\"]([^'\"]+)['\"]|open\(\s*['\"]([^'\"]+)")


def element_links(root: HtmlElement) -> list[str]:
    """Links a page's script follows from elements that are no ``<a>``: a card's
    ``data-href`` (``data-url``, ``data-link``, ``data-permalink``) or its ``onclick``'s
    ``location.href = '...'`` / ``window.open('...')``."""
    links = []
    for el in root.iter():
        attributes = el.attrib
        if not attributes:
            continue
        for name in _LINK_ATTRIBUTES:
            value = attributes.get(name)
            if value and value.strip():
                links.append(value.strip())
        onclick = attributes.get("onclick")
        if onclick:
            links.extend(a or b for a, b in _ONCLICK_URL.findall(onclick))
    return links


#: A "load more" control's words ("Load more", "عرض المزيد", "Voir plus").
_MORE_WORDS = re.compile(
    r"^(?:load|show|view|see)?\s*more(?: stories| news| articles)?"
    r"|(?:تحميل|عرض|شاهد|اقرأ)?\s*المزيد(?: من الأخبار)?"
    r"|(?:voir|charger|afficher)\s+plus(?: d'articles)?$",
    re.IGNORECASE,
)
_NEXT_ATTRIBUTES = ("data-next", "data-next-page", "data-next-url", "data-load-more")


def load_more_links(root: HtmlElement, says_next: Callable[[str], bool]) -> list[str]:
    """The next page a script loads: a ``data-next``-style attribute anywhere, or the
    ``data-href``/``data-url`` of a control (no ``<a>``) whose words say "load more" (or
    what ``says_next`` takes for a next page's words)."""
    links = []
    for el in root.iter():
        attributes = el.attrib
        if not attributes or el.tag == "a":
            continue
        for name in _NEXT_ATTRIBUTES:
            value = attributes.get(name)
            if value and value.strip() and not value.strip().isdigit():
                links.append(value.strip())
        target = attributes.get("data-href") or attributes.get("data-url")
        if target and target.strip():
            words = clean_text(el.text_content())
            if words and (_MORE_WORDS.fullmatch(words.strip(" .:»›«‹←→")) or says_next(words)):
                links.append(target.strip())
    return links


def is_json(response: TextResponse) -> bool:
    """A JSON answer (a "load more" endpoint's), by its type or its first character."""
    ctype = response.headers.get(b"Content-Type", b"").decode("latin-1").lower()
    return "json" in ctype or response.body[:64].lstrip()[:1] in (b"{", b"[")


def json_links(text: str) -> list[str]:
    """URLs and paths quoted in a JSON text (escaped slashes read as such)."""
    return _QUOTED_URL.findall(text.replace("\\/", "/"))
