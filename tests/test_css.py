"""``select`` with the page's source skips only selector parts that cannot match."""

from __future__ import annotations

import lxml.html
import pytest

from aggnews.extract.css import PageSource, select
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
