"""A layout the profile has never seen: every fixture story page with every class and id
renamed, so that no profile selector (and no furniture selector by name) matches. The other
layers (metadata, cues, headings, link structure) must still give each field, and the
furniture rules that know no class (link blocks, boilerplate lines, embedded posts) must
still keep every other line out of the body."""

from __future__ import annotations

import hashlib
import re
import shutil

import pytest
from scrapy.http import HtmlResponse

from aggnews.extract.article import StoryExtractor
from aggnews.sites import load_profiles
from tests.crawling import crawl, minisite
from tests.fixturesite import FIXTURES, FixturePage, emitted_matches, story_pages

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
    assert item.paywalled == expected["paywalled"], "a paywall's prompt marks the page"
    if page.original is None:  # else the body is the outlet's page, which a crawl follows
        assert (item.body or "").split("\n") == expected["body"].split("\n")


_METADATA = re.compile(rb"<script[^>]*ld\+json[^>]*>.*?</script>|<meta\b[^>]*>", re.S | re.I)
#: Pages that show a field only in their metadata: without it the field must be missing,
#: never wrong. (nabd's pages show the outlet as a link to its page beside the date, and
#: zawya's Arabic pages as a plain name beside it: the byline layers read them there.)
ONLY_IN_METADATA = {
    "albawaba:stories/news-jaber-crossing-1520331.html": {"date"},
    **{
        f"{site}:stories/{name}.html": {"source"}
        for site, name in (
            ("albawaba", "business-pr-aqaba-cold-chain-1514510"),
            ("zawya", "saudi-stocks-rise-on-oil-gains-k3v9x2m1"),
            (
                "zawya",
                "uae-non-oil-business-activity-grows-at-fastest-pace-in-three-years-m5n7q2z8",
            ),
            ("zawya", "dubai-index-hits-seven-year-high-as-property-shares-rally-t9k5m3n8"),
            ("zawya", "saudi-national-bank-prices-dollar-sukuk-w4e7r1t0"),
        )
    },
}


@pytest.mark.parametrize("page", PAGES, ids=lambda p: f"{p.site}:{p.name}")
def test_story_fields_survive_renamed_classes_without_metadata(page: FixturePage) -> None:
    """No class, no id, no JSON-LD, no meta tag: what the page shows must still give each
    field; a field the page shows only in metadata is missing, never wrong. The body may
    keep one line more than the profile's: a standfirst under the headline, which only a
    class name tells from the story's first paragraph."""
    assert page.expected is not None
    html = _METADATA.sub(b"", renamed(page.path.read_bytes()))
    assert b"ld+json" not in html and b"<meta" not in html.lower()
    item = StoryExtractor(PROFILES[page.site]).extract(HtmlResponse(url=page.url, body=html)).item
    expected = page.expected
    lost = ONLY_IN_METADATA.get(f"{page.site}:{page.name}", set())
    assert item.title == expected["title"]
    assert item.source == (None if "source" in lost else expected["source"])
    day = None if "date" in lost else (expected["date"] or "")[:10]
    assert (item.date[:10] if item.date else None) == day
    assert item.paywalled == expected["paywalled"], "a paywall's prompt marks the page"
    if page.original is None:
        got, want = (item.body or "").split("\n"), expected["body"].split("\n")
        assert len(got) - len(want) in (0, 1), got[: len(got) - len(want)]
        assert got[len(got) - len(want) :] == want


@pytest.mark.parametrize("site", sorted({page.site for page in PAGES}))
def test_crawl_of_a_site_whose_every_class_and_id_is_renamed(site: str, tmp_path) -> None:
    """The whole site (home, listings, pagination, stories, framed originals) renamed: the
    crawl must still reach and emit every story; no profile selector for the next page
    matches, so pagination rests on the rules any layout gives (rel, words, page numbers)."""
    folder = tmp_path / site
    shutil.copytree(FIXTURES / site, folder)
    for page in folder.rglob("*.html"):
        page.write_bytes(renamed(page.read_bytes()))
    with minisite(str(folder)) as origin:
        run = crawl(site, tmp_path / "o.jsonl", f"base_url={origin}", state=tmp_path, proxy=origin)
    assert run.returncode == 0, run.log[-2000:]
    emitted_matches(site, [item["url"] for item in run.items])
