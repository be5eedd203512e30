"""CSS selectors over lxml trees, compiled once, matched in Python where they can be.

With the page's source, ``select`` matches each selector part in Python over the page's
attribute index (``matcher``). A part the matcher cannot take (pseudo-classes, negations)
runs as XPath: skipped without walking the tree when it names a tag, class, id or
attribute value the page's source never mentions, and with a case-insensitive substring
match (``[class*="cookie" i]``) as plain ``contains()`` over the spellings the source really
has, since XPath 1.0's ``translate()`` per element is slow. Without the source, a selector
runs as cssselect translates it.
"""

from __future__ import annotations

import re
from functools import cached_property, lru_cache

import cssselect
from cssselect.parser import Attrib, Class, CombinedSelector, Element, Hash, Selector
from lxml import etree
from lxml.cssselect import CSSSelector, LxmlHTMLTranslator
from lxml.html import HtmlElement

from aggnews.extract.matcher import LITERAL, PageIndex, ascii_fold, compile_part

#: Tags the HTML parser adds when a page leaves them out: never evidence in the source.
_IMPLIED_TAGS = frozenset("html head body p tbody".split())
#: Attribute operators whose value must appear in the attribute.
_VALUE_OPERATORS = frozenset(("=", "~=", "^=", "$=", "*=", "|="))


class PageSource:
    """A page's HTML text, read before a selector walks its tree."""

    def __init__(self, text: str, utf8: bytes | None = None) -> None:
        self.text = text
        #: ``text`` as UTF-8, if the caller has it already.
        self._utf8 = utf8
        self._spellings: dict[str, tuple[str, ...]] = {}
        self._found: dict[tuple[str, ...], bool] = {}
        self._index: PageIndex | None = None

    @cached_property
    def lower(self) -> bytes:
        """The source as UTF-8 with ASCII letters in lower case (the names are ASCII)."""
        utf8 = self._utf8 if self._utf8 is not None else self.text.encode("utf-8", "replace")
        return utf8.lower()

    def index(self, root: etree._Element) -> PageIndex | None:
        """The element index of ``root``, the tree the page was parsed into (built on the
        first call; None for any other root)."""
        if self._index is None:
            self._index = PageIndex(root, lambda name: name.encode("ascii") in self.lower)
        return self._index if self._index.root is root else None

    def mentions(self, names: tuple[bytes, ...]) -> bool:
        """True when every one of ``names`` (ASCII, lower case) occurs in the source."""
        found = self._found.get(names)
        if found is None:
            found = self._found[names] = all(name in self.lower for name in names)
        return found

    def spellings(self, needle: str) -> tuple[str, ...]:
        """The distinct spellings of ``needle`` (ASCII case aside) in the source."""
        found = self._spellings.get(needle)
        if found is None:
            matches = re.finditer(re.escape(needle), self.text, re.IGNORECASE)
            found = tuple(sorted({m.group(0) for m in matches}))
            self._spellings[needle] = found
        return found


class _Part:
    """One comma-separated part of a selector: what it needs from the source."""

    def __init__(self, selector: Selector) -> None:
        self.selector = selector
        names: set[str] = set()
        self.folded: list[str] = []
        _literals(selector.parsed_tree, names, self.folded)
        self.names = tuple(sorted(name.encode("ascii") for name in names))
        self.matcher = compile_part(selector)

    @cached_property
    def path(self) -> str:
        """The part as XPath (translated when first needed: most parts never are)."""
        return _Translator().selector_to_xpath(self.selector, prefix="descendant-or-self::")

    def xpath(self, source: PageSource) -> str:
        if not self.folded:
            return self.path
        spellings = tuple((needle, source.spellings(needle)) for needle in self.folded)
        return _spelled_path(self.selector, spellings)


class _Translator(LxmlHTMLTranslator):
    """cssselect's HTML translator; a case-insensitive ``*=`` whose value has known
    spellings becomes ``contains()`` over those spellings."""

    def __init__(self, spellings: tuple[tuple[str, tuple[str, ...]], ...] = ()) -> None:
        super().__init__()
        self._spellings = dict(spellings)

    def xpath_attrib(self, selector: Attrib):  # type: ignore[no-untyped-def]
        spellings = self._spellings.get(_folded_value(selector)) if _is_folded(selector) else None
        if spellings is None:
            return super().xpath_attrib(selector)
        xpath = self.xpath(selector.selector)
        name = "@" + selector.attrib.lower()
        tests = " or ".join(f"contains({name}, {self.xpath_literal(s)})" for s in spellings)
        xpath.add_condition(f"({tests})" if tests else "0")
        return xpath


@lru_cache(maxsize=4096)
def _spelled_path(selector: Selector, spellings: tuple[tuple[str, tuple[str, ...]], ...]) -> str:
    return _Translator(spellings).selector_to_xpath(selector, prefix="descendant-or-self::")


def _folded_value(node: Attrib) -> str:
    return ascii_fold(str(getattr(node.value, "value", node.value)))


def _is_folded(node: Attrib) -> bool:
    value = getattr(node.value, "value", node.value)
    return (
        node.operator == "*="
        and getattr(node, "flag", None) == "i"
        and bool(value)
        and node.namespace is None
        and LITERAL.fullmatch(node.attrib) is not None
    )


def _literals(node: object, names: set[str], folded: list[str]) -> None:
    """Collect the names ``node`` requires (parts that may match without them add none:
    negations, ``:is()``, ``:has()``, functions) and its case-folded values, in the order
    the translator meets them."""
    if node is None:
        return
    if isinstance(node, Element):
        tag = node.element
        if tag and LITERAL.fullmatch(tag) and tag.lower() not in _IMPLIED_TAGS:
            names.add("<" + tag.lower())
        return
    if isinstance(node, CombinedSelector):
        _literals(node.selector, names, folded)
        _literals(node.subselector, names, folded)
        return
    _literals(getattr(node, "selector", None), names, folded)
    if isinstance(node, Class):
        _add(names, node.class_name)
    elif isinstance(node, Hash):
        _add(names, node.id)
    elif isinstance(node, Attrib):
        _add(names, node.attrib)
        value = getattr(node.value, "value", node.value)
        if node.operator in _VALUE_OPERATORS and value is not None:
            _add(names, value)
        if _is_folded(node):
            folded.append(_folded_value(node))


def _add(names: set[str], name: str) -> None:
    name = str(name)
    if LITERAL.fullmatch(name):  # ASCII only: lower() folds as the source's bytes are
        names.add(name.lower())


@lru_cache(maxsize=512)
def _compiled(css: str) -> CSSSelector:
    return CSSSelector(css, translator="html")


@lru_cache(maxsize=4096)
def _parts(css: str) -> tuple[_Part, ...]:
    return tuple(_Part(selector) for selector in cssselect.parse(css))


@lru_cache(maxsize=4096)
def _union(paths: tuple[str, ...]) -> etree.XPath:
    return etree.XPath(" | ".join(paths))


def select(root: etree._Element, css: str, source: PageSource | None = None) -> list[HtmlElement]:
    """Elements under ``root`` matching ``css``, in document order.

    With the page's ``source``, parts the source cannot match are skipped (see the module
    docstring); without it, ``css`` runs as cssselect translates it."""
    index = source.index(root) if source is not None else None
    if source is None:
        found = _compiled(css)(root)
    elif index is None:
        paths = tuple(p.xpath(source) for p in _parts(css) if source.mentions(p.names))
        found = _union(paths)(root) if paths else []
    else:
        found = _indexed(root, _parts(css), source, index)
    return [el for el in found if isinstance(el, HtmlElement)]


def _indexed(
    root: etree._Element, parts: tuple[_Part, ...], source: PageSource, index: PageIndex
) -> list[etree._Element]:
    """The union of the parts' matches in document order, removed elements left out."""
    runs: list[list[etree._Element]] = []
    paths = []
    tags = []
    for part in parts:
        matcher = part.matcher
        if matcher is None:
            if source.mentions(part.names):
                paths.append(part.xpath(source))
        elif matcher.tag_only:
            tags.append(matcher.tag_only)
        else:
            run = matcher.select(index)
            if run:
                runs.append(run)
    if tags:  # one walk for all the bare tag names, in document order
        run = list(root.iter(*tags))
        if run:
            runs.append(run)
    if paths:
        run = _union(tuple(paths))(root)
        if run:
            runs.append(run)
    if len(runs) < 2:
        return runs[0] if runs else []
    unique = dict.fromkeys(el for run in runs for el in run)
    if len(unique) > _FEW:
        order = {el: index.position(el) for el in unique}
        return sorted(unique, key=order.__getitem__)
    return sorted(unique, key=_document_path)


#: Up to this many matches are put in document order by their paths, past it by the
#: index's numbering of every element (a walk of the whole tree, once a page).
_FEW = 32


def _document_path(el: etree._Element) -> list[int]:
    """``el``'s child indexes from the root down: sorted, the document order."""
    path = []
    parent = el.getparent()
    while parent is not None:
        path.append(parent.index(el))
        el, parent = parent, parent.getparent()
    path.reverse()
    return path
