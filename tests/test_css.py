"""``select`` with the page's source (Python matcher, parts it skips) agrees with cssselect."""

from __future__ import annotations

import lxml.html
import pytest

from aggnews.extract.css import PageSource, _parts, select
from aggnews.extract.furniture import _ALWAYS, _COOKIE, BREADCRUMBS
from aggnews.sites import load_profiles
from tests.fixturesite import FIXTURES

PAGE = """<html><body>
<div class="Site-BreadCrumb x">a</div><div class="breadcrumbs">b</div>
<div id="COOKIE-bar">c</div><p class="cookie">d</p><nav>n</nav>
<span aria-label="Breadcrumb">e</span><table><tr><td class="Cell">f</td></tr></table>
text without a paragraph</body></html>"""


@pytest.mark.parametrize(
    ("css", "texts"),
    [
        (BREADCRUMBS, ["a", "b", "e"]),
        (_COOKIE, ["c", "d"]),
        ("[class*='bread' i][class*=CRUMB i]", ["a", "b"]),
        ("div:not([class*='x' i])", ["b", "c"]),
        ("table td.Cell, aside", ["f"]),
        ("body > p", ["d"]),  # <body> is never looked for in the source: parsers add it
        ("article, .missing, #absent", []),
    ],
)
def test_select_with_source_matches_like_cssselect(css: str, texts: list[str]) -> None:
    root = lxml.html.fromstring(PAGE)
    plain = [(e.text or "").strip() for e in select(root, css)]
    assert plain == texts
    assert [(e.text or "").strip() for e in select(root, css, PageSource(PAGE))] == texts


def _selectors() -> set[str]:
    found = {_ALWAYS, _COOKIE, BREADCRUMBS}
    for profile in load_profiles().values():
        sel = profile.selectors
        for name in ("title", "source", "source_url", "body", "date", "paywall", "frame"):
            found.update(getattr(sel, name))
        found.update(profile.furniture)
    return found


def test_every_selector_on_every_fixture_page_finds_the_same_elements() -> None:
    selectors = sorted(_selectors())
    pages = sorted(FIXTURES.glob("*/**/*.html"))
    assert len(selectors) > 30 and len(pages) > 90
    compared = 0
    for path in pages:
        text = path.read_bytes().decode("utf-8", "replace")
        root = lxml.html.fromstring(text)
        source = PageSource(text)
        for css in selectors:
            assert select(root, css, source) == select(root, css), (path, css)
            compared += bool(select(root, css))
    assert compared > 300


def test_a_part_the_source_never_names_is_not_run() -> None:
    root = lxml.html.fromstring(PAGE)
    # the tree has cookie notices, the (deliberately different) source does not name them
    assert select(root, _COOKIE, PageSource("<html><body><p>x</p></body></html>")) == []
    assert len(select(root, _COOKIE, PageSource(PAGE))) == 2


EDGES = """<html><body>
<div class="a\tb\nc" id="one" lang="en-GB" data-x="Pre-Mid-Post"><p>1</p><!-- c --><p>2</p>
<span>3</span><p class="b">4</p></div>
<ul class="İtem KELVIN crumbs"><li class="a">5</li><li>6</li><li class="A">7</li></ul>
<section id="two" data-x=""><div><p class="a b">8</p></div><p>9</p></section>
<DIV CLASS="Upper">10</DIV><a href="#top">11</a><a href="/x#y">12</a></body></html>"""


@pytest.mark.parametrize(
    "css",
    [
        ".a",
        ".b",
        ".c",
        ".a.b",
        "div.a",
        "#one",
        "#two p",
        "#two > p",
        "section > div p",
        "[class~=b]",
        "[class~='a b']",
        "[lang|=en]",
        "[lang|=EN i]",
        "[data-x^=Pre]",
        "[data-x$=post i]",
        "[data-x*=-mid- i]",
        "[data-x=Pre-Mid-Post]",
        "[data-x='']",
        "[data-x*='']",
        "[data-x^='']",
        "[data-x]",
        "[data-x!=Pre-Mid-Post]",
        "p + p",
        "p ~ p",
        "span + p",
        "div > p + span",
        "ul li.a",
        "ul li.A",
        "[class*=item i]",
        "[class*=kelvin i]",
        "[class*=İtem]",
        "DIV.Upper",
        "[CLASS*=upp i]",
        "*",
        "li:first-child, p.b, #two",
        "a[href^='#'], ul",
        "p:not(.b), .crumbs li",
        "section *, div > p",
        "body > *",
    ],
)
def test_the_python_matcher_finds_what_cssselect_finds(css: str) -> None:
    root = lxml.html.fromstring(EDGES)
    expected = select(root, css)
    assert select(root, css, PageSource(EDGES)) == expected


def test_removed_elements_are_not_selected_after_the_index_was_built() -> None:
    root = lxml.html.fromstring(EDGES)
    source = PageSource(EDGES)
    assert [e.text for e in select(root, "li", source)] == ["5", "6", "7"]
    assert len(select(root, ".a", source)) == 3
    root.get_element_by_id("one").drop_tree()  # an .a, with its .b inside
    select(root, "ul", source)[0].drop_tree()
    assert select(root, "li", source) == []
    assert [e.text for e in select(root, ".a", source)] == ["8"]
    assert select(root, ".a, .b, #one", source) == select(root, ".a, .b, #one")


def test_only_pseudo_classes_and_negations_are_left_to_xpath() -> None:
    parts = [p for css in _selectors() for p in _parts(css)]
    left = sorted({p.selector.canonical() for p in parts if p.matcher is None})
    assert all(":" in css for css in left), left
    assert len(left) < 0.05 * len(parts)
