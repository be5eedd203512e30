"""A layout the profile has never seen: every fixture story page with every class and id
renamed, so that no profile selector (and no furniture selector by name) matches. The other
layers (metadata, cues, headings, link structure) must still give each field, and the
furniture rules that know no class (link blocks, boilerplate lines, embedded posts) must
still keep every other line out of the body."""

from __future__ import annotations

import hashlib
import re

import pytest
from scrapy.http import HtmlResponse

from aggnews.extract.article import StoryExtractor
from aggnews.sites import load_profiles
from tests.fixturesite import FIXTURES, FixturePage, story_pages

PROFILES = load_profiles()
PAGES = [
    page
    for site in sorted(PROFILES)
    if (FIXTURES / site / "meta.json").exists()
    for page in story_pages(site)
]
_NAMED = re.compile(rb"""(\b(?:class|id)\s*=\s*["'])([^"']*)(["'])""")


def renamed(html: bytes) -> bytes:
    """``html`` with each class and id token replaced by an opaque one (the same token for the
    same name, as a site's new build would)."""

    def opaque(match: re.Match[bytes]) -> bytes:
        names = match.group(2).split()
        tokens = b" ".join(b"x" + hashlib.md5(n).hexdigest()[:6].encode() for n in names)
        return match.group(1) + tokens + match.group(3)

    return _NAMED.sub(opaque, html)


def test_renaming_leaves_no_class_or_id_the_profiles_name() -> None:
    html = renamed(b'<div class="article-body main" id="story"><p class=x>t</p></div>')
    assert b"article-body" not in html and b"story" not in html and b"main" not in html
    assert html.count(b'class="x') == 1 and html.count(b'id="x') == 1


@pytest.mark.parametrize("page", PAGES, ids=lambda p: f"{p.site}:{p.name}")
def test_story_fields_survive_renamed_classes_and_ids(page: FixturePage) -> None:
    assert page.expected is not None
    response = HtmlResponse(url=page.url, body=renamed(page.path.read_bytes()))
    item = StoryExtractor(PROFILES[page.site]).extract(response).item
    expected = page.expected
    assert (item.title, item.source) == (expected["title"], expected["source"])
    assert (item.date or "")[:10] == (expected["date"] or "")[:10]
    if page.original is None:  # else the body is the outlet's page, which a crawl follows
        assert (item.body or "").split("\n") == expected["body"].split("\n")
