"""CSS selectors matched in Python over an index of the page's attribute values.

libxml2 evaluates an XPath predicate such as ``contains(@class, 'x')`` on every element
of the page, at about half a microsecond each, for every part of every selector. Instead,
the values of an attribute are read once a page, when a selector first needs them; a
selector part then looks only at the elements that carry its attribute (or, for a tag with
an attribute not read yet, at that tag's elements, found in C), and checks its combinators
by walking up or across the tree. The semantics are cssselect's HTML translator's (class and
``~=`` tokens split at XML whitespace, the ``i`` flag folding ASCII letters only).
A part this module cannot match (pseudo-classes, negations, namespaces) gives ``None`` from
``compile_part``, and ``css.select`` runs it as XPath.

An attribute's values are those the page had when they were read: elements removed later
are skipped (they no longer reach the root); elements added later are not seen.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache
from string import ascii_lowercase, ascii_uppercase

from cssselect.parser import Attrib, Class, CombinedSelector, Element, Hash, Selector
from lxml import etree

_ASCII_LOWER = str.maketrans(ascii_uppercase, ascii_lowercase)
#: XPath's normalize-space() whitespace.
_XML_SPACE = str.maketrans("\t\n\r", "   ")
#: A name a page's source writes as it is whenever the page uses it (no character
#: references): tag and attribute names, class tokens, ids.
LITERAL = re.compile(r"[\w\-:./]+", re.ASCII)
_SAFE_NAME = re.compile(r"^[a-zA-Z_][a-zA-Z0-9_.-]*$")
_NON_WHITESPACE = re.compile(r"^[^ \t\r\n\f]+$")

ValueTest = Callable[[str], bool]


class PageIndex:
    """A tree's elements by attribute name (built per name on first use) and their order."""

    def __init__(self, root: etree._Element, written: Callable[[str], bool]) -> None:
        self.root = root
        #: False for an attribute name the page's source never writes (skips the walk).
        self._written = written
        self._attributes: dict[str, list[tuple[etree._Element, str]]] = {}
        self._joined: dict[tuple[str, bool], str] = {}
        self._texts: dict[str, bool] = {}
        self._position: dict[etree._Element, int] | None = None

    def attributes(self, name: str) -> list[tuple[etree._Element, str]]:
        """(element, value) of every element with attribute ``name``, removed ones included."""
        pairs = self._attributes.get(name)
        if pairs is None:
            values = _attribute_path(name)(self.root) if self._written(name) else []
            pairs = self._attributes[name] = [(v.getparent(), v) for v in values]
        return pairs

    def written(self, text: str) -> bool:
        """False only when ``text`` (ASCII letters in any case) is nowhere in the page's
        source, so no attribute value holds it; True for a text with other characters."""
        found = self._texts.get(text)
        if found is None:
            found = not LITERAL.fullmatch(text) or self._written(text.lower())
            self._texts[text] = found
        return found

    def indexed(self, name: str) -> bool:
        """True when attribute ``name`` is indexed already."""
        return name in self._attributes

    def joined(self, name: str, fold: bool) -> str:
        """All values of attribute ``name`` in one string (ASCII-folded if ``fold``): a
        needle found in none of them is not in it."""
        key = (name, fold)
        joined = self._joined.get(key)
        if joined is None:
            joined = "\x00".join(value for _, value in self.attributes(name))
            self._joined[key] = ascii_fold(joined) if fold else joined
            joined = self._joined[key]
        return joined

    def position(self, el: etree._Element) -> int:
        """``el``'s place in document order (among the elements in the tree when first asked:
        removals keep the order of the others)."""
        if self._position is None:
            self._position = {e: i for i, e in enumerate(self.root.iter(etree.Element))}
        return self._position.get(el, len(self._position))

    def attached(self, el: etree._Element) -> bool:
        """True while ``el`` is still in the tree (not removed with some ancestor)."""
        *_, top = (el, *el.iterancestors())
        return top is self.root


@lru_cache(maxsize=256)
def _attribute_path(name: str) -> etree.XPath:
    return etree.XPath(f"descendant-or-self::*/@{name}")  # "//@" visits text nodes too


def ascii_fold(text: str) -> str:
    """``text`` with its ASCII letters in lower case, and only those (CSS's ``i`` flag)."""
    return text.lower() if text.isascii() else text.translate(_ASCII_LOWER)


class _Test:
    """One attribute test: the value's check, and a substring every passing value holds."""

    def __init__(self, name: str, check: ValueTest, needle: str | None, fold: bool) -> None:
        self.name = name
        self.check = check
        self.needle = needle
        self.fold = fold


class _Compound:
    """A tag (or any) and attribute tests, all on one element."""

    def __init__(self, tag: str | None, tests: list[_Test]) -> None:
        self.tag = tag
        self.tests = tests
        self._rest = _Compound(tag, tests[1:]) if tests else None

    def matches(self, el: etree._Element) -> bool:
        if self.tag is not None and el.tag != self.tag:
            return False
        for test in self.tests:
            value = el.get(test.name)
            if value is None or not test.check(value):
                return False
        return True

    def possible(self, index: PageIndex) -> bool:
        """False when some test's attribute, or its needle, is on no element of the page
        (a tag's own elements are cheaper to test than a new attribute is to index)."""
        for test in self.tests:
            if not index.indexed(test.name):
                if self.tag is not None:
                    continue
                if test.needle and not index.written(test.needle):
                    return False  # no value can hold it: the attribute need not be indexed
            if not index.attributes(test.name):
                return False
            if test.needle and test.needle not in index.joined(test.name, test.fold):
                return False
        return True

    def candidates(self, index: PageIndex) -> list[etree._Element]:
        """Elements in the tree this compound matches, in document order."""
        rest = self._rest
        if rest is None:
            return list(index.root.iter(self.tag or etree.Element))
        test = self.tests[0]
        if self.tag is not None and not index.indexed(test.name):
            # the tag's elements, found in C, cost less than indexing a new attribute
            return [el for el in index.root.iter(self.tag) if self.matches(el)]
        pairs = index.attributes(test.name)
        check = test.check
        found = [el for el, value in pairs if check(value) and rest.matches(el)]
        return [el for el in found if index.attached(el)]


class CompiledPart:
    """One comma-separated part of a selector, matched right to left."""

    def __init__(
        self, compound: _Compound, combinator: str | None, left: CompiledPart | None
    ) -> None:
        self.compound = compound
        self.combinator = combinator
        self.left = left
        #: The tag name, when the part is a bare tag name.
        self.tag_only = compound.tag if left is None and not compound.tests else None

    def select(self, index: PageIndex) -> list[etree._Element]:
        """Elements in the tree matching the part, in document order."""
        part: CompiledPart | None = self
        while part is not None:  # every compound must match somewhere: cheap checks first
            if not part.compound.possible(index):
                return []
            part = part.left
        if self.left is None:
            return self.compound.candidates(index)
        return [el for el in self.compound.candidates(index) if self._context(el)]

    def matches(self, el: etree._Element) -> bool:
        return self.compound.matches(el) and (self.left is None or self._context(el))

    def _context(self, el: etree._Element) -> bool:
        """The left side matches where the combinator points from ``el``."""
        left = self.left
        assert left is not None
        if self.combinator == " ":
            return any(left.matches(a) for a in el.iterancestors())
        if self.combinator == ">":
            parent = el.getparent()
            return parent is not None and left.matches(parent)
        previous = el.itersiblings(preceding=True)
        elements = (s for s in previous if isinstance(s.tag, str))
        if self.combinator == "+":
            first = next(elements, None)
            return first is not None and left.matches(first)
        return any(left.matches(s) for s in elements)  # "~"


def compile_part(selector: Selector) -> CompiledPart | None:
    """The matcher of one parsed selector part, or None if it needs XPath."""
    if selector.pseudo_element is not None:
        return None
    return _compile(selector.parsed_tree)


def _compile(node: object) -> CompiledPart | None:
    if isinstance(node, CombinedSelector):
        if node.combinator not in (" ", ">", "+", "~"):
            return None
        left = _compile(node.selector)
        right = _compile(node.subselector)
        if left is None or right is None or right.left is not None:
            return None
        return CompiledPart(right.compound, node.combinator, left)
    compound = _compound(node)
    return CompiledPart(compound, None, None) if compound is not None else None


def _compound(node: object) -> _Compound | None:
    """A simple selector chain (element, classes, ids, attributes), else None."""
    tests: list[_Test] = []
    while not isinstance(node, Element):
        if isinstance(node, Class):
            name = node.class_name
            tests.append(_Test("class", _includes(name), name, False))
        elif isinstance(node, Hash):
            tests.append(_Test("id", node.id.__eq__, node.id, False))
        elif isinstance(node, Attrib) and node.namespace is None:
            name = node.attrib.lower()
            test = _attribute_test(name, node)
            if test is None or not _SAFE_NAME.match(name):
                return None
            tests.append(test)
        else:
            return None
        node = node.selector  # type: ignore[attr-defined]
    if node.namespace is not None:
        return None
    tag = node.element.lower() if node.element and node.element != "*" else None
    if tag is not None and not _SAFE_NAME.match(tag):
        return None
    tests.reverse()  # source order, as the XPath conditions are
    return _Compound(tag, tests)


def _attribute_test(name: str, node: Attrib) -> _Test | None:
    """The test an attribute's value must pass (cssselect's operators and ``i`` flag)."""
    operator = node.operator
    if operator == "exists":
        return _Test(name, lambda value: True, None, False)
    value = str(node.value.value) if node.value is not None else ""
    fold = node.flag == "i" and bool(value)
    if fold:
        value = ascii_fold(value)
    test = _OPERATORS.get(operator)
    if test is None:  # "!=" also matches elements without the attribute: XPath does it
        return None
    check = test(value)
    if fold:
        folded = check
        check = lambda attribute: folded(ascii_fold(attribute))  # noqa: E731
    return _Test(name, check, value, fold)


def _includes(token: str) -> ValueTest:
    if not (token and _NON_WHITESPACE.match(token)):
        return lambda value: False
    return lambda value: token in value and token in value.translate(_XML_SPACE).split(" ")


_NEVER: ValueTest = lambda value: False  # noqa: E731

_OPERATORS: dict[str, Callable[[str], ValueTest]] = {
    "=": lambda v: v.__eq__,
    "~=": _includes,
    "|=": lambda v: lambda a: a == v or a.startswith(v + "-"),
    "^=": lambda v: (lambda a: a.startswith(v)) if v else _NEVER,
    "$=": lambda v: (lambda a: a.endswith(v)) if v else _NEVER,
    "*=": lambda v: (lambda a: v in a) if v else _NEVER,
}
