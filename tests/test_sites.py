"""Every registered site: its fixtures exist, and each story page yields its expected item."""

from __future__ import annotations

import re
from dataclasses import asdict
from urllib.parse import urlsplit

import jsonschema
import pytest
from scrapy import Request

from aggnews.extract.article import StoryExtractor
from aggnews.sites import load_profiles
from aggnews.spiders.original import complete_from_original, needs_original
from tests.fixturesite import FIXTURES, load_meta, pages, schema, story_pages

PROFILES = load_profiles()
SITES = sorted(PROFILES)
FIELDS = (
    "paywalled",
    "extraction",
    "id",
    "url",
    "site",
    "language",
    "title",
    "source",
    "source_url",
    "date",
    "date_raw",
    "date_utc",
    "published_day",
    "body",
)


def _story_cases() -> list:
    cases = []
    for site in SITES:
        if (FIXTURES / site / "meta.json").exists():
            cases += [pytest.param(site, p.name, id=f"{site}:{p.name}") for p in story_pages(site)]
    return cases


@pytest.mark.parametrize("site", SITES)
def test_site_has_fixtures(site: str) -> None:
    """A registered site without a complete fixture mini-site fails here."""
    assert (FIXTURES / site / "meta.json").exists(), f"{site} has no tests/fixtures/{site}/"
    meta = load_meta(site)
    profile = PROFILES[site]
    assert meta["site"] == site
    assert meta["synthetic"] is True
    assert len(meta["ticker"]) >= 15
    all_pages = pages(site)
    for page in all_pages:
        assert page.path.exists(), page.name
    urls = [p.url for p in all_pages]
    assert any(re.search(profile.page_number_pattern, u) for u in urls), "no paginated listing"
    assert any(p.name.endswith(".xml") for p in all_pages), "no feed"
    for edition in profile.editions:
        stories = [
            p
            for p in story_pages(site)
            if profile.edition_for_path(urlsplit(p.url).path) == edition
        ]
        assert len(stories) >= 3, f"{site} {edition.language}: {len(stories)} story pages"
    for page in story_pages(site):
        assert all(page.expected.get(f) for f in ("title", "body", "url", "id")), page.name
        assert set(page.expected) == set(FIELDS), page.name
        if page.original:
            assert any(p.url == page.original for p in all_pages), page.original


@pytest.mark.parametrize(("site", "name"), _story_cases())
def test_story_page(site: str, name: str) -> None:
    """Field by field, the extracted item equals the expected one; no ticker text leaks."""
    all_pages = pages(site)
    page = next(p for p in all_pages if p.name == name)
    result = StoryExtractor(PROFILES[site]).extract(page.response())
    if page.original:
        assert needs_original(PROFILES[site], result) == page.original
        outlet = next(p for p in all_pages if p.url == page.original).response()
        outlet.request = Request(page.original)
        result = complete_from_original(outlet, result)
    item = asdict(result.item)
    jsonschema.validate(item, schema())
    for field in FIELDS:
        assert item[field] == page.expected[field], (
            f"{field} of {name} (layer {result.layers.get(field)})"
        )
    for headline in load_meta(site)["ticker"]:
        assert headline not in item["title"]
        assert headline not in item["body"]
