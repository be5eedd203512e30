"""End to end: ``scrapy crawl <site> -a base_url=...`` against each fixture mini-site."""

from __future__ import annotations

from datetime import UTC, datetime
from urllib.parse import urlsplit

import jsonschema
import pytest

from aggnews.crawling.urls import canonical_url
from aggnews.sites import load_profiles
from tests.crawling import crawl, minisite
from tests.fixturesite import FIXTURES, emitted_matches, load_meta, pages, schema

PROFILES = load_profiles()
SITES = [s for s in sorted(PROFILES) if (FIXTURES / s / "meta.json").exists()]


@pytest.mark.parametrize("site", SITES)
def test_crawl_fixture_site(site: str, tmp_path) -> None:
    meta = load_meta(site)
    profile = PROFILES[site]
    with minisite(site) as origin:
        run = crawl(
            site,
            tmp_path / "out.jsonl",
            f"base_url={origin}",
            state=tmp_path / "state",
            proxy=origin,
        )
        assert run.returncode == 0, run.log[-3000:]
        for item in run.items:
            jsonschema.validate(item, schema())
            assert item["site"] == site
            assert profile.is_story_path(urlsplit(item["url"]).path), "listing page emitted"
            assert all(h not in item["title"] and h not in item["body"] for h in meta["ticker"])
        emitted_matches(site, [i["url"] for i in run.items])
        expected = {canonical_url(p.url, profile): p.expected for p in pages(site) if p.expected}
        for item in run.items:
            want = expected.get(item["url"])
            for field in want or {}:
                assert item[field] == want[field], f"{field} of {item['url']}"
        duplicates = sum(1 for p in pages(site) if p.duplicate_of)
        assert run.stat("aggnews/duplicates/content") == (duplicates or None)
        missing = meta.get("crawl", {}).get("missing", [])
        assert run.stat("aggnews/failed/http_404") == (len(missing) or None)
        for url in missing:
            assert f"Gave up on {origin}{urlsplit(url).path}: http_404" in run.log
        assert "aggnews summary for " + site in run.log

        again = crawl(
            site,
            tmp_path / "again.jsonl",
            f"base_url={origin}",
            state=tmp_path / "state",
            proxy=origin,
        )
        assert again.returncode == 0, again.log[-3000:]
        assert again.items == []
        # Known stories are not even requested; at most the never-emitted duplicate page is.
        assert again.stat("aggnews/incremental/known_skipped") >= len(run.items)
        assert (again.stat("aggnews/story_pages") or 0) <= duplicates


def test_broken_layout_fails_the_crawl_loudly(tmp_path) -> None:
    """Pages with no story in them: ERROR naming site and field, exit 3, no empty items."""
    corpus = FIXTURES.parent / "corpus" / "broken-layout"
    with minisite(str(corpus)) as origin:
        urls = ",".join(f"{origin}/ahram/{n}" for n in (700001, 700002, 700003, 700004))
        run = crawl(
            "masress",
            tmp_path / "out.jsonl",
            f"base_url={origin}",
            f"urls={urls}",
            state=tmp_path / "state",
        )
    assert run.returncode == 3
    assert "ERROR: masress: extraction failing: 2 of 3 story pages (67%) have no title" in run.log
    assert "WARNING: Dropped https://www.masress.com/ahram/700001: no title or body" in run.log
    assert "Story page " + origin + "/ahram/700004 is empty or not text; skipped" in run.log
    assert [i["url"] for i in run.items] == ["https://www.masress.com/ahram/700003"]
    assert run.stat("aggnews/dropped/missing_title") == 2
    assert run.stat("aggnews/failed/empty_or_binary") == 1


@pytest.mark.parametrize(
    ("arg", "message"),
    [
        ("lang=de", "lang='de': masress has ar|en"),
        ("max_pages=0", "max_pages='0': expected a whole number >= 1"),
        ("since=yesterday", "since='yesterday': expected a date YYYY-MM-DD"),
        (
            "base_url=localhost",
            "base_url='localhost': expected an origin like http://127.0.0.1:8080",
        ),
        (
            "colour=red",
            "unknown argument 'colour'; allowed: base_url, urls, lang, max_pages, since, refresh",
        ),
        ("refresh=maybe", "refresh='maybe': expected 1|true|yes or 0|false|no"),
        (
            "since=2999-01-01",
            f"since='2999-01-01': in the future (today is {datetime.now(UTC).date()} UTC); "
            "no story is that recent",
        ),
    ],
)
def test_bad_argument_is_one_line(arg: str, message: str, tmp_path) -> None:
    run = crawl("masress", tmp_path / "out.jsonl", arg, state=tmp_path / "state")
    assert run.returncode == 2
    errors = [line for line in run.log.splitlines() if line.startswith("aggnews: error:")]
    assert errors == [f"aggnews: error: {message}"]
    assert "Traceback" not in run.log
