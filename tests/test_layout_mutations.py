"""Every fixture story page (and every page of tests/corpus/other-layouts) in layouts no
fixture has: with every class, id and role stripped (the profile's selectors find nothing),
and then with its paragraphs, headings, sections and inline tags renamed to bare <div>s and
<font>s as well, then in one table cell, then with its blocks in reverse order. Title,
outlet, day and body must still be the expected ones: the metadata, cue and generic
layers carry them."""

from __future__ import annotations

import json

import lxml.html
import pytest
from lxml import etree
from scrapy.http import HtmlResponse

from aggnews.extract.article import StoryExtractor
from aggnews.sites import load_profiles
from tests.fixturesite import FIXTURES, story_pages

OTHER = FIXTURES.parent / "corpus" / "other-layouts"
OTHER_PAGES = json.loads((OTHER / "meta.json").read_text("utf-8"))["pages"]

PAGES = [
    (site, page)
    for site in sorted(load_profiles())
    if (FIXTURES / site / "meta.json").exists()
    for page in story_pages(site)
    if not page.original  # a framed story's body is the outlet's page (test_original)
]
_BLOCKS = ("p", "h1", "h2", "h3", "article", "section", "main", "header", "aside")


def _mutated(body: bytes, mode: str) -> bytes:
    """``body`` in layout ``mode``: "no-classes", "bare-tags" (and no classes), "table" (bare
    tags, the whole page in one table cell) or "reversed" (bare tags, the page's top-level
    blocks in reverse order: sidebars, popups and footers above the story, the ticker below)."""
    root = lxml.html.fromstring(body)
    for declared in root.xpath("//meta[@charset] | //meta[@http-equiv]"):
        declared.drop_tree()  # written out as UTF-8 below, whatever the page declared
    head = root.find("head")
    if head is not None:
        head.insert(0, lxml.html.Element("meta", charset="utf-8"))
    rename = mode != "no-classes"
    for el in root.iter():
        if not isinstance(el.tag, str):
            continue
        for name in ("class", "id", "itemprop", "role", "aria-label"):
            el.attrib.pop(name, None)
        if rename and el.tag in _BLOCKS:
            el.tag = "div"
        elif rename and el.tag in ("span", "strong", "time"):
            el.tag = "font"
    page = root.find("body")
    blocks = list(page) if page is not None else []
    if mode == "table":
        cell = etree.SubElement(etree.SubElement(etree.SubElement(page, "table"), "tr"), "td")
        cell.extend(blocks)
    elif mode == "reversed":
        for block in blocks:
            page.remove(block)
        page.extend(reversed(blocks))
    return lxml.html.tostring(root, encoding="utf-8")


MODES = ["no-classes", "bare-tags", "table", "reversed"]


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize(("site", "page"), PAGES, ids=[f"{s}:{p.name}" for s, p in PAGES])
def test_fields_survive_a_layout_without_the_profile_markup(site, page, mode) -> None:
    body = _mutated(page.path.read_bytes(), mode)
    item = StoryExtractor(load_profiles()[site]).extract(HtmlResponse(url=page.url, body=body))
    expected = page.expected
    assert item.item.title == expected["title"]
    assert item.item.source == expected["source"]
    assert (item.item.date or "")[:10] == (expected["date"] or "")[:10]
    assert item.item.body == expected["body"]


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("name", sorted(OTHER_PAGES))
def test_the_other_layouts_survive_it_too(name: str, mode: str) -> None:
    page = OTHER_PAGES[name]
    body = _mutated((OTHER / name).read_bytes(), mode)
    response = HtmlResponse(url=page["url"], body=body)
    item = StoryExtractor(load_profiles()[page["site"]]).extract(response).item
    for field in ("title", "source", "body"):
        assert getattr(item, field) == page["expected"][field], field
    assert (item.date or "")[:10] == (page["expected"]["date"] or "")[:10]


def _share(*networks: str) -> str:
    return "<div>" + " ".join(f'<a href="/share/{n}">{n}</a>' for n in networks) + "</div>"


#: Furniture a layout may put inside the story, by language: an ad label, a row of share
#: buttons, a "read also" link.
NOISE = {
    "ar": (
        "<p>إعلان</p>",
        _share("فيسبوك", "تويتر", "واتساب"),
        '<p>اقرأ أيضا: <a href="/x/1">عنوان خبر آخر لا علاقة له بالموضوع</a></p>',
    ),
    "en": (
        "<p>Advertisement</p>",
        _share("Facebook", "Twitter", "WhatsApp"),
        '<p>Read also: <a href="/x/1">Another headline that has nothing to do with it</a></p>',
    ),
    "fr": (
        "<p>Publicité</p>",
        _share("Facebook", "Twitter", "WhatsApp"),
        '<p>Lire aussi : <a href="/x/1">Un autre titre sans rapport avec le sujet</a></p>',
    ),
}


def _with_noise(body: bytes, expected: dict) -> bytes | None:
    """``body`` with ``NOISE`` before the element holding the story's second line."""
    root = lxml.html.fromstring(body)
    lines = expected["body"].split("\n")
    needle = lines[1][:30] if len(lines) > 1 else None
    target = None
    for el in root.iter("p", "div", "font", "span", "td", "li"):
        if needle and needle in el.text_content():
            target = el  # the last, the innermost
    if target is None or target.getparent() is None:
        return None
    for html in NOISE[expected.get("language") or "ar"]:
        target.addprevious(lxml.html.fragment_fromstring(html))
    return lxml.html.tostring(root, encoding="utf-8")


@pytest.mark.parametrize("mode", [None, "bare-tags"], ids=["as-is", "bare-tags"])
@pytest.mark.parametrize(("site", "page"), PAGES, ids=[f"{s}:{p.name}" for s, p in PAGES])
def test_furniture_inside_the_story_leaves_its_body(site, page, mode) -> None:
    body = page.path.read_bytes()
    noisy = _with_noise(_mutated(body, mode) if mode else body, page.expected)
    if noisy is None:
        pytest.skip("a one-line story: nowhere inside it to put furniture")
    item = StoryExtractor(load_profiles()[site]).extract(HtmlResponse(url=page.url, body=noisy))
    assert item.item.body == page.expected["body"]
