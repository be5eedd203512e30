"""The one-pass link-block walk finds what the definition of a link block says, on every
fixture page and on generated trees (each container measured on its own, the slow way)."""

from __future__ import annotations

import lxml.html
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml.html import HtmlElement

from aggnews.extract.html import SILENT_TAGS, text_content
from aggnews.extract.ticker import _CONTAINERS as CONTAINERS
from aggnews.extract.ticker import LinkBlockRule, remove_link_blocks
from aggnews.extract.ticker import _length as length
from aggnews.text import clean_text
from tests.fixturesite import FIXTURES, pages


def _loose_texts(el: HtmlElement, top: HtmlElement) -> list[str]:
    """Text below ``el`` outside links and silent tags (``el``'s own tail left out; a link
    or silent tag anywhere up to ``top`` makes the text quiet)."""
    found: list[str] = []

    def quiet(owner: HtmlElement) -> bool:
        for node in (owner, *owner.iterancestors()):
            if node.tag == "a" or node.tag in SILENT_TAGS:
                return True
            if node is top:
                return False
        return False

    for node in el.iter():
        if isinstance(node.tag, str) and node.text and not quiet(node):
            found.append(node.text)
        if node is not el and node.tail and not quiet(node.getparent()):
            found.append(node.tail)
    return found


def _is_block(el: HtmlElement, top: HtmlElement, rule: LinkBlockRule) -> bool:
    links = [clean_text(text_content(a)) for a in el.iter("a")]
    links = [len(t) for t in links if t]
    loose = [length(t) for t in _loose_texts(el, top)]
    if len(links) < rule.min_links or max(loose, default=0) > rule.max_loose_text:
        return False
    if sum(links) < rule.min_link_share * (sum(links) + sum(loose)):
        return False
    return sorted(links)[len(links) // 2] <= rule.max_median_link


def _outermost_blocks(top: HtmlElement, rule: LinkBlockRule) -> list[str]:
    """Paths of the outermost link blocks below ``top``, by the definition."""
    tree = top.getroottree()
    found = []
    for el in top.iterdescendants():
        if not isinstance(el.tag, str) or el.tag not in CONTAINERS or not _is_block(el, top, rule):
            continue
        if not any(tree.getpath(el).startswith(path + "/") for path in found):
            found.append(tree.getpath(el))
    return found


def _walked_blocks(top: HtmlElement, rule: LinkBlockRule) -> list[str]:
    """Paths of the elements ``remove_link_blocks`` drops (found before they are dropped)."""
    tree = top.getroottree()
    before = [(el, tree.getpath(el)) for el in top.iterdescendants()]
    report = remove_link_blocks(top, rule)
    kept = set(top.iterdescendants())
    dropped = [path for el, path in before if el not in kept]
    outermost = [p for p in dropped if not any(p.startswith(q + "/") for q in dropped)]
    assert report.blocks == len(outermost)
    return sorted(outermost)


def _fixture_pages() -> list[tuple[str, bytes]]:
    """(name, HTML) of every HTML page of every fixture mini-site: listings and stories."""
    return [
        (f"{site.name}/{page.name}", page.path.read_bytes())
        for site in sorted(FIXTURES.iterdir())
        if (site / "meta.json").exists()
        for page in pages(site.name)
        if page.path.suffix == ".html"
    ]


@pytest.mark.parametrize("rule", [LinkBlockRule(), LinkBlockRule(min_links=2, max_loose_text=20)])
def test_walk_finds_the_defined_blocks_on_every_fixture_page(rule: LinkBlockRule) -> None:
    checked = 0
    for name, html in _fixture_pages():
        root = lxml.html.fromstring(html)
        body = root.find("body")
        top = body if body is not None else root
        expected = sorted(_outermost_blocks(top, rule))
        assert _walked_blocks(top, rule) == expected, name
        checked += bool(expected)
    assert checked > 20  # pages with blocks, so the comparison means something


_TAGS = st.sampled_from("div ul li a a a span p b script section td".split())  # links weigh 3
_TEXT = st.sampled_from(["", " ", "Headline of a story", "x" * 30, "\n   ", "Gold rises", "a\tb"])


@st.composite
def _trees(draw: st.DrawFn, depth: int = 0) -> str:
    tag = draw(_TAGS)
    children = draw(st.lists(_trees(depth + 1), max_size=0 if depth > 2 else 5))
    inner = "".join(f"{child}{draw(_TEXT)}" for child in children)
    return f"<{tag}>{draw(_TEXT)}{inner}</{tag}>"


@settings(max_examples=200, deadline=None)
@given(st.lists(_trees(), min_size=1, max_size=4))
def test_walk_finds_the_defined_blocks_on_generated_trees(blocks: list[str]) -> None:
    rule = LinkBlockRule(min_links=2, max_loose_text=20)
    root = lxml.html.fromstring(f"<html><body>{''.join(blocks)}</body></html>")
    body = root.find("body")
    expected = sorted(_outermost_blocks(body, rule))  # before the walk drops them
    assert _walked_blocks(body, rule) == expected


def test_a_rule_without_links_is_refused() -> None:
    with pytest.raises(ValueError, match="at least one link, not 0"):
        LinkBlockRule(min_links=0)


def test_text_wrapped_inside_links_is_link_text() -> None:
    items = "".join(
        f'<li><a href="/s/{i}"><span>Headline number {i} of the day</span></a></li>'
        for i in range(6)
    )
    root = lxml.html.fromstring(f"<html><body><ul>{items}</ul><p>Story text.</p></body></html>")
    report = remove_link_blocks(root.find("body"))
    assert report.blocks == 1
    assert report.headlines == {f"Headline number {i} of the day" for i in range(6)}
    assert root.find("body").text_content() == "Story text."
