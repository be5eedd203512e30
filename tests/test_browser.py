"""JavaScript listings through scrapy-playwright with Debian's Chromium."""

from __future__ import annotations

import json

import pytest

from tests.crawling import crawl, minisite
from tests.fixturesite import FIXTURES
from tests.services import require

CORPUS = FIXTURES.parent / "corpus" / "js-listing"
STORIES = {
    "https://www.masress.com/ahram/800001",
    "https://www.masress.com/ahram/800002",
    "https://www.masress.com/ahram/800003",
}
BROWSER = json.dumps({"masress": ["^/$"]})


@pytest.fixture(scope="module")
def origin():
    with minisite(str(CORPUS)) as url:
        yield url


def test_links_made_by_a_script_are_crawled_with_a_browser(origin: str, tmp_path) -> None:
    require("chromium")
    run = crawl(
        "masress",
        tmp_path / "o.jsonl",
        f"base_url={origin}",
        f"urls={origin}/",
        state=tmp_path,
        AGGNEWS_BROWSER_PATHS=BROWSER,
    )
    assert run.returncode == 0, run.log[-2000:]
    assert {i["url"] for i in run.items} == STORIES
    assert run.stat("playwright/page_count") == 1  # only the listing: stories stay plain HTTP
    assert run.stat("aggnews/story_pages") == 3


def test_without_a_browser_the_links_are_not_there(origin: str, tmp_path) -> None:
    run = crawl(
        "masress", tmp_path / "o.jsonl", f"base_url={origin}", f"urls={origin}/", state=tmp_path
    )
    assert run.returncode == 0
    assert run.items == []


def test_missing_chromium_is_one_clear_line(origin: str, tmp_path) -> None:
    options = json.dumps({"executable_path": "/nonexistent/chromium"})
    run = crawl(
        "masress",
        tmp_path / "o.jsonl",
        f"base_url={origin}",
        f"urls={origin}/",
        state=tmp_path,
        AGGNEWS_BROWSER_PATHS=BROWSER,
        PLAYWRIGHT_LAUNCH_OPTIONS=options,
    )
    errors = [line for line in run.log.splitlines() if " ERROR: " in line]
    assert errors and errors[0].endswith(
        "ERROR: masress: pages matching ^/$ need a browser, but Chromium not found at "
        "/nonexistent/chromium (install it: apt-get install chromium); they are fetched "
        "without one"
    )
    assert "Traceback" not in run.log
    assert run.stat("aggnews/browser/missing") == 1
