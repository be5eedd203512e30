"""A real crawl of an aggregator built as a JavaScript app (tests/corpus/app-listing),
without a browser: the home page's state quotes stories, its "load more" button names a
JSON endpoint that pages on, and each story page's state holds the story."""

from __future__ import annotations

import json

import pytest

from tests.crawling import crawl, minisite
from tests.fixturesite import FIXTURES

CORPUS = FIXTURES.parent / "corpus" / "app-listing"
META = json.loads((CORPUS / "meta.json").read_text("utf-8"))
EXPECTED = {p["url"].rstrip("/"): p["expected"] for p in META["pages"].values() if "expected" in p}


@pytest.fixture(scope="module")
def origin():
    with minisite(str(CORPUS)) as url:
        yield url


def test_every_story_of_the_app_is_crawled_with_its_fields(origin: str, tmp_path) -> None:
    assert META["synthetic"] is True
    run = crawl(
        "nabd", tmp_path / "o.jsonl", f"base_url={origin}", f"urls={origin}/", state=tmp_path
    )
    assert run.returncode == 0, run.log[-2000:]
    got = {item["url"]: item for item in run.items}
    assert sorted(got) == sorted(EXPECTED)
    for url, expected in EXPECTED.items():
        for field, value in expected.items():
            assert got[url][field] == value, (url, field)
        assert got[url]["extraction"] == "fallback"
    assert run.stat("aggnews/layer/body/script") == len(EXPECTED)
    assert run.stat("aggnews/listing_pages") == 3  # the home page and two JSON pages
